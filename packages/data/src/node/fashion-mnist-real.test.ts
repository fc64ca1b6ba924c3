// The one real dataset available offline: Debian's dataset-fashion-mnist package. Skipped with a
// message when it is not installed, unless OLRD_REQUIRE_DATA=1 (CI), which makes absence a failure.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../registry.js';
import { labelHistogram } from '../render/label-histogram.js';
import { createNodeDataStore } from './node-data-store.js';

const FOLDER = '/usr/share/datasets/fashion-mnist';
const present = ['train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].every((file) =>
  existsSync(join(FOLDER, file)),
);
const required = process.env['OLRD_REQUIRE_DATA'] === '1';
const reason = `Fashion-MNIST is not installed in ${FOLDER} (apt-get install dataset-fashion-mnist)`;

describe('real Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  it('has 60,000 train and 10,000 test images, 6000/1000 per class; splits 54k/6k/10k', async (context) => {
    if (!present) {
      if (required) throw new Error(`OLRD_REQUIRE_DATA=1 but ${reason}`);
      console.warn(`skipping: ${reason}`);
      context.skip(reason);
    }
    // An empty data folder: the files come from the system folder.
    const store = createNodeDataStore({ dataDir: await mkdtemp(join(tmpdir(), 'olrd-fmnist-')) });
    const rows = await loadDataset('rfmnist', { store });
    expect([rows.seqLength, rows.inputDim, rows.nClasses]).toEqual([28, 28, 10]);
    expect([rows.train.size, rows.val.size, rows.test.size]).toEqual([54000, 6000, 10000]);
    const train = labelHistogram(rows.train, 10).map(
      (count, c) => count + labelHistogram(rows.val, 10)[c]!,
    );
    expect(train).toEqual(new Array(10).fill(6000));
    expect(labelHistogram(rows.test, 10)).toEqual(new Array(10).fill(1000));
    const pixels = await loadDataset('sfmnist', { store });
    expect([pixels.seqLength, pixels.inputDim, pixels.train.size, pixels.test.size]).toEqual([
      784, 1, 54000, 10000,
    ]);
    // Same holdout (seed 42) in both layouts: the same images in the same order.
    if (pixels.val.encoding === 'generated' || rows.val.encoding === 'generated')
      throw new Error('file tasks store their splits');
    expect([...pixels.val.y.subarray(0, 50)]).toEqual([...rows.val.y.subarray(0, 50)]);
    if (pixels.test.encoding !== 'uint8') throw new Error('uint8 expected');
    const first = pixels.test.x.subarray(0, 784);
    expect(first.some((value) => value > 200)).toBe(true);
    expect(pixels.test.y[0]).toBe(9); // the first test image is an ankle boot
  });
});
