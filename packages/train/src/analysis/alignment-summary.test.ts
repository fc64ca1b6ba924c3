import { describe, expect, it } from 'vitest';
import { meanAlignment, meanStats, summarizeForLog } from './alignment-summary.js';
import { summarizeAlignment } from './gradient-alignment.js';

const stats = (cosine: number, relativeNorm: number, norm: number, referenceNorm: number) => ({
  cosine,
  relativeNorm,
  norm,
  referenceNorm,
});

describe('alignment summaries', () => {
  it('drop per-parameter detail and average the layers equally', () => {
    const alignment = summarizeAlignment({
      'encoder.kernel': { ab: 1, aa: 1, bb: 1 },
      // layer 0: cosine 1, relative norm 1; layer 1: a ⟂ b, ‖a‖ = 2, ‖b‖ = 1.
      'layers.0.rec.nu': { ab: 4, aa: 4, bb: 4 },
      'layers.1.rec.nu': { ab: 0, aa: 4, bb: 1 },
    });
    const summary = summarizeForLog(alignment);
    expect(Object.keys(summary).sort()).toEqual(['averageLayers', 'layers', 'modules', 'overall']);
    expect(summary.averageLayers).toEqual(stats(0.5, 1.5, 2, 1.5));
    expect(summary.modules['layers.1.rec']).toEqual(stats(0, 2, 2, 1));
  });

  it('average batches scope by scope, keeping scopes only some batches have', () => {
    const a = summarizeForLog(
      summarizeAlignment({
        'layers.0.rec.nu': { ab: 1, aa: 1, bb: 1 },
        'decoder.bias': { ab: 1, aa: 1, bb: 1 },
      }),
    );
    const b = summarizeForLog(
      summarizeAlignment({
        'layers.0.rec.nu': { ab: -1, aa: 1, bb: 1 },
        'layers.1.glu.out1.bias': { ab: 0, aa: 9, bb: 1 },
      }),
    );
    const mean = meanAlignment([a, b])!;
    expect(mean.batches).toBe(2);
    expect(mean.layers[0]).toEqual(stats(0, 1, 1, 1));
    // Batch a has no layer 1, so layer 1's mean is batch b's alone.
    expect(mean.layers[1]).toEqual(stats(0, 3, 3, 1));
    expect(mean.modules['decoder']).toEqual(stats(1, 1, 1, 1));
    expect(mean.modules['layers.1.glu']).toEqual(stats(0, 3, 3, 1));
    expect(mean.overall.cosine).toBeCloseTo((1 - 1 / Math.sqrt(10 * 2)) / 2, 12);
    expect(meanAlignment([])).toBeUndefined();
    expect(meanStats([])).toEqual(stats(1, 1, 0, 0));
  });
});
