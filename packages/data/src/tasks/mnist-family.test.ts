import { describe, expect, it } from 'vitest';
import { idxFiles } from '../__fixtures__/datasets.js';
import { iterateBatches } from '../batches.js';
import { DataMissingError } from '../errors.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { bitReversalPermutation } from './permutations.js';

const store = createMemoryDataStore({
  ...idxFiles('mnist', 50, 10),
  ...idxFiles('fashion-mnist', 20, 10),
});

describe('IDX image tasks', () => {
  it('smnist: 784 steps of one pixel in [0, 1], 10% val, every step valid', async () => {
    const data = await loadDataset('smnist', { store });
    expect([data.seqLength, data.inputDim, data.nClasses]).toEqual([784, 1, 10]);
    expect([data.train.size, data.val.size, data.test.size]).toEqual([45, 5, 10]);
    const [batch] = [...iterateBatches(data.test, { batchSize: 2 })];
    const raw = store.files.get('mnist/t10k-images-idx3-ubyte')!;
    expect(batch!.x[100]).toBeCloseTo(raw[16 + 100]! / 255, 6);
    expect([...batch!.mask.subarray(0, 784)].every((m) => m === 1)).toBe(true);
    expect([...batch!.y]).toEqual([0, 1]);
  });

  it('psmnist applies the reference bit-reversal permutation (or a seeded random one)', async () => {
    const plain = await loadDataset('smnist', { store });
    const permuted = await loadDataset('psmnist', { store });
    const order = bitReversalPermutation(784);
    const row = (split: typeof plain.test, i: number) =>
      split.encoding === 'uint8' && split.x.subarray(i * 784, (i + 1) * 784);
    const a = row(plain.test, 3) as Uint8Array;
    const b = row(permuted.test, 3) as Uint8Array;
    expect([10, 200, 783].map((s) => b[s])).toEqual([10, 200, 783].map((s) => a[order[s]!]));
    const random = await loadDataset('psmnist', { store, permutation: 'random', seed: 5 });
    expect(random.options).toMatchObject({ permutation: 'random', seed: 5 });
    await expect(loadDataset('psmnist', { store, permutation: 'shuffle' })).rejects.toThrow(
      /option 'permutation' must be one of: bit-reversal, random/,
    );
  });

  it('psfmnist permutes the Fashion-MNIST pixels as psmnist permutes MNIST', async () => {
    const plain = await loadDataset('sfmnist', { store });
    const permuted = await loadDataset('psfmnist', { store });
    expect([permuted.seqLength, permuted.inputDim, permuted.labelNames?.[0]]).toEqual([
      784,
      1,
      'T-shirt/top',
    ]);
    const order = bitReversalPermutation(784);
    const row = (split: typeof plain.test, i: number) =>
      split.encoding === 'uint8' && split.x.subarray(i * 784, (i + 1) * 784);
    const a = row(plain.test, 2) as Uint8Array;
    const b = row(permuted.test, 2) as Uint8Array;
    expect([1, 300, 782].map((s) => b[s])).toEqual([1, 300, 782].map((s) => a[order[s]!]));
    expect([...b].some((v, s) => v !== a[s])).toBe(true);
  });

  it('rmnist and rfmnist read rows (28 × 28) with their val fractions; sizes can be limited', async () => {
    const rows = await loadDataset('rmnist', { store });
    expect([rows.seqLength, rows.inputDim, rows.train.size, rows.val.size]).toEqual([
      28, 28, 40, 10,
    ]);
    const fashion = await loadDataset('rfmnist', { store, maxTrainSamples: 7, maxEvalSamples: 3 });
    expect([fashion.train.size, fashion.val.size, fashion.test.size]).toEqual([7, 2, 3]);
    expect(fashion.labelNames?.[9]).toBe('Ankle boot');
    const again = await loadDataset('rfmnist', { store, maxTrainSamples: 7, maxEvalSamples: 3 });
    if (again.train.encoding === 'generated' || fashion.train.encoding === 'generated')
      throw new Error('file tasks store their splits');
    expect([...again.train.y]).toEqual([...fashion.train.y]);
  });

  it('says which files are missing and how to get them', async () => {
    const error = await loadDataset('smnist', { store: createMemoryDataStore() }).catch(
      (e: unknown) => e,
    );
    expect(DataMissingError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(
      /dataset 'smnist' needs mnist\/train-images-idx3-ubyte\[\.gz\].*not found in memory.*olrd data download smnist/s,
    );
  });
});
