// Trains a small LRU online (online_full) on row-by-row Fashion-MNIST read from Debian's
// dataset-fashion-mnist files. Skipped with a message when they are absent, unless
// OLRD_REQUIRE_DATA=1 (CI), which turns absence into a failure.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '@olrd/data';
import { createNodeDataStore } from '@olrd/data/node';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import { train } from './train.js';

const FOLDER = '/usr/share/datasets/fashion-mnist';
const present = existsSync(join(FOLDER, 'train-images-idx3-ubyte.gz'));
const reason = `Fashion-MNIST is not installed in ${FOLDER} (apt-get install dataset-fashion-mnist)`;

describe('training on real data', () => {
  it('online_full learns row-by-row Fashion-MNIST far above chance (10%)', async (context) => {
    if (!present) {
      if (process.env['OLRD_REQUIRE_DATA'] === '1')
        throw new Error(`OLRD_REQUIRE_DATA=1 but ${reason}`);
      console.warn(`skipping: ${reason}`);
      context.skip(reason);
    }
    const store = createNodeDataStore({
      dataDir: await mkdtemp(join(tmpdir(), 'olrd-train-fmnist-')),
    });
    const dataset = await loadDataset('rfmnist', {
      store,
      maxTrainSamples: 2500,
      maxEvalSamples: 500,
    });
    const config = resolveTrainConfig({
      dataset: 'rfmnist',
      trainingMode: 'online_full',
      nLayers: 1,
      dModel: 24,
      dHidden: 16,
      mode: 'pool_st',
      bsz: 25,
      epochs: 2,
      lrBase: 1e-2,
      logEvery: 0,
    });
    const result = await train(config, {}, { dataset });
    disposeTree(result.params);
    console.info(
      `rfmnist, online_full, 2 epochs on 2500 images: test accuracy ${result.best!.test.accuracy}`,
    );
    expect(result.epochs).toBe(2);
    expect(result.best!.test.sequences).toBe(500);
    expect(result.best!.test.accuracy).toBeGreaterThanOrEqual(0.5);
  });
});
