import { describe, expect, it } from 'vitest';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { allRows } from '../split-rows.js';
import { CopyRepeatCurriculum } from './copy-repeat-curriculum.js';
import { generateCopyRepeatSplit } from './copy-repeat-task.js';

describe('copy-repeat', () => {
  it('lays out start flag, pattern, repeat count, R copies and the end flag; T = (R+1)N + 3', () => {
    const split = generateCopyRepeatSplit(1, 2, 3, 7);
    const [T, d] = split.xShape;
    expect([T, d]).toEqual([11, 10]);
    const x = (t: number, c: number) => split.x[t * 10 + c];
    const y = (t: number, c: number) => split.y[t * 9 + c];
    expect(x(0, 8)).toBe(1);
    expect(x(3, 9)).toBeCloseTo(0.3);
    for (let r = 0; r < 3; r++) {
      for (let bit = 0; bit < 8; bit++) {
        expect(y(4 + 2 * r, bit)).toBe(x(1, bit));
        expect(y(5 + 2 * r, bit)).toBe(x(2, bit));
      }
    }
    expect(y(10, 8)).toBe(1);
    expect([...split.validSteps]).toEqual([4, 11]);
    expect([...split.mask].indexOf(1)).toBe(4);
  });

  it('advances the curriculum R first, then N, when the loss is below 0.15 bits', () => {
    const curriculum = new CopyRepeatCurriculum();
    const levels = [curriculum.level()];
    for (const loss of [0.01, 0.5, 0.01, 0.01, 0.01]) {
      curriculum.observe(loss);
      levels.push(curriculum.level());
    }
    expect(levels.map((l) => [l.patternLength, l.repeats])).toEqual([
      [1, 1],
      [2, 1],
      [2, 1],
      [2, 2],
      [3, 2],
      [3, 3],
    ]);
    expect(curriculum.nextBatch(4, 1).xShape).toEqual([4, 15, 10]);
  });

  it('is a registered dataset with a curriculum factory', async () => {
    const data = await loadDataset('copy-repeat', { trainSamples: 20 });
    expect([data.inputDim, data.multidim, data.nClasses, data.trainSize]).toEqual([10, 9, 2, 20]);
    expect(data.createCurriculum?.(0).level()).toEqual({
      patternLength: 1,
      repeats: 1,
      seqLength: 5,
    });
  });
});

describe('bp-toy', () => {
  it('shows the pattern at step 0 only and targets a 2-D point at the last step', async () => {
    const data = await loadDataset('bp-toy', { seqLength: 6, trainSamples: 3 });
    expect(data.kind).toBe('regression');
    // Generated on demand: a batch of every row reads the split.
    const train = gatherBatch(data.train, allRows(3));
    expect([...train.x.subarray(10, 60)].every((v) => v === 0)).toBe(true);
    expect([...train.targets!.subarray(0, 2)].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      0, 1,
    ]);
    expect([...data.train.validSteps.subarray(0, 2)]).toEqual([5, 6]);
    const many = gatherBatch(
      (await loadDataset('bp-toy', { points: 4, trainSamples: 40 })).train,
      allRows(40),
    );
    const targets = new Set<string>();
    for (let i = 0; i < 40; i++)
      targets.add(Array.from(many.targets!.subarray(2 * i, 2 * i + 2), (v) => v.toFixed(3)).join());
    expect(targets.size).toBe(4);
  });
});
