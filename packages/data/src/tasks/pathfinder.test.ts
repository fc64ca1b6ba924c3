import { describe, expect, it } from 'vitest';
import { pathfinderFiles } from '../__fixtures__/datasets.js';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';

describe('Pathfinder', () => {
  it('reads the PNGs listed by the metadata, normalised (x − 0.5)/0.5, split 80/10/10', async () => {
    const store = createMemoryDataStore(pathfinderFiles(32, 'curv_contour_length_14', 20));
    const data = await loadDataset('pathfinder', { store });
    expect([data.seqLength, data.inputDim, data.nClasses]).toEqual([1024, 1, 2]);
    expect([data.train.size, data.val.size, data.test.size]).toEqual([16, 2, 2]);
    const y = [data.train, data.val, data.test].flatMap((split) => {
      if (split.encoding === 'generated') throw new Error('file tasks store their splits');
      return [...split.y];
    });
    expect(y.filter((label) => label === 1)).toHaveLength(10);
    const batch = gatherBatch(data.train, Int32Array.of(0));
    expect(Math.max(...batch.x)).toBeCloseTo(1, 5);
    expect(Math.min(...batch.x)).toBeGreaterThanOrEqual(-1);
  });

  it('skips the known empty image with a warning; other unreadable images are errors', async () => {
    const files = pathfinderFiles(32, 'curv_baseline', 6);
    files['lra/pathfinder32/curv_baseline/metadata/0.npy'] = new TextEncoder().encode(
      'imgs/0 sample_0.png 0 0 1 1\nimgs/0 sample_172.png 0 1 1 1\nimgs/0 sample_2.png 0 0 1 1\n',
    );
    files['lra/pathfinder32/curv_baseline/imgs/0/sample_172.png'] = new Uint8Array(0);
    const warnings: string[] = [];
    const data = await loadDataset('pathfinder', {
      store: createMemoryDataStore(files),
      level: 'curv_baseline',
      onWarning: (m: string) => warnings.push(m),
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /skipping .*curv_baseline\/imgs\/0\/sample_172\.png: the LRA release's known empty/,
      ),
    ]);
    expect(data.train.size + data.val.size + data.test.size).toBe(5);
    files['lra/pathfinder32/curv_baseline/imgs/0/sample_2.png'] = new Uint8Array(3);
    await expect(
      loadDataset('pathfinder', {
        store: createMemoryDataStore(files),
        level: 'curv_baseline',
        onWarning: () => {},
      }),
    ).rejects.toThrow(/imgs\/0\/sample_2\.png: at byte 0: not a PNG file/);
  });

  it('pathx reads 128×128 images; a wrong size is an error', async () => {
    const store = createMemoryDataStore(pathfinderFiles(128, 'curv_contour_length_14', 10));
    const data = await loadDataset('pathx', { store });
    expect([data.seqLength, data.train.size]).toEqual([16384, 8]);
    const small = createMemoryDataStore(pathfinderFiles(32, 'curv_contour_length_14', 2));
    for (const [path, bytes] of small.files)
      small.files.set(path.replace('pathfinder32', 'pathfinder128'), bytes);
    await expect(loadDataset('pathx', { store: small })).rejects.toThrow(
      /expected a 128×128 image, got 32×32/,
    );
  });
});
