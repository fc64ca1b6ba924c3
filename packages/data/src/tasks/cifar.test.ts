import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cifarArchive } from '../__fixtures__/datasets.js';
import { writeTar } from '../__fixtures__/archives.js';
import { writeCifarBatch } from '../__fixtures__/formats.js';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { setTarReader } from '../store/tar-reader.js';
import { readTarMembers } from '../node/tar.js';

describe('sCIFAR', () => {
  // The Node entry's reader, as useNodeDataStore() installs it.
  beforeAll(() => setTarReader(readTarMembers));
  afterAll(() => setTarReader(undefined));

  it('reads the binary tar.gz: raster order, 3 channels per step, per-channel normalisation, 1% val', async () => {
    const store = createMemoryDataStore({
      'cifar10/cifar-10-binary.tar.gz': await cifarArchive(40),
    });
    const data = await loadDataset('scifar', { store });
    expect([data.seqLength, data.inputDim, data.train.size, data.val.size, data.test.size]).toEqual(
      [1024, 3, 198, 2, 40],
    );
    const batch = gatherBatch(data.test, Int32Array.of(1));
    expect(batch.encoding).toBe('dense');
    // test record 1, pixel 5: R = 1 + 0 + 5, G = 1 + 40 + 5, B = 1 + 80 + 5
    const [r, g, b] = [6, 46, 86];
    expect(batch.x[15]).toBeCloseTo((r / 255 - 0.4914) / 0.247, 4);
    expect(batch.x[16]).toBeCloseTo((g / 255 - 0.4822) / 0.243, 4);
    expect(batch.x[17]).toBeCloseTo((b / 255 - 0.4465) / 0.261, 4);
    expect(batch.y[0]).toBe(1);
    expect(data.labelNames?.[9]).toBe('truck');
  });

  it('scifar-gray uses the Pillow luma and the LRA normalisation; the extracted folder works too', async () => {
    const files: Record<string, Uint8Array> = {};
    const batch = writeCifarBatch(
      [4, 2],
      (record, channel, p) => (channel === 0 ? 200 : channel === 1 ? 100 : 50) + record + (p & 1),
    );
    for (const name of [
      'data_batch_1',
      'data_batch_2',
      'data_batch_3',
      'data_batch_4',
      'data_batch_5',
      'test_batch',
    ]) {
      files[`cifar10/cifar-10-batches-bin/${name}.bin`] = batch;
    }
    const data = await loadDataset('scifar-gray', { store: createMemoryDataStore(files) });
    expect([data.inputDim, data.train.size + data.val.size, data.test.size]).toEqual([1, 10, 2]);
    const x = gatherBatch(data.test, Int32Array.of(0)).x;
    const luma = (200 * 19595 + 100 * 38470 + 50 * 7471 + 0x8000) >> 16;
    expect(x[0]).toBeCloseTo((luma / 255 - 122.6 / 255) / (61 / 255), 4);
  });

  it('names a missing batch file and rejects a truncated archive', async () => {
    const archive = await writeTar({
      'cifar-10-batches-bin/data_batch_1.bin': writeCifarBatch([1], () => 0),
    });
    const store = createMemoryDataStore({ 'cifar10/cifar-10-binary.tar.gz': archive });
    await expect(loadDataset('scifar', { store })).rejects.toThrow(
      /missing CIFAR-10 batch files: data_batch_2\.bin/,
    );
    const gz = await cifarArchive(2);
    const cut = createMemoryDataStore({
      'cifar10/cifar-10-binary.tar.gz': gz.subarray(0, gz.length - 100),
    });
    await expect(loadDataset('scifar', { store: cut })).rejects.toThrow(
      /cifar-10-binary\.tar\.gz: at byte \d+: corrupt or truncated/,
    );
  });
});
