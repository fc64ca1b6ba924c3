import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@olrd/train';
import { bestPerMethod, formatStat, reportRows, stat, type ReportJob } from './report-table.js';

const summary = (valLoss: number, stoppedBy = 'epochs'): RunSummary =>
  ({
    stoppedBy,
    val: { loss: valLoss, accuracy: 0.5, sequences: 4 },
    test: { loss: valLoss + 0.1, accuracy: 0.6, sequences: 4 },
  }) as RunSummary;

const job = (rule: string, lr: number, seed: number, valLoss?: number): ReportJob => ({
  id: `${rule}-${lr}-${seed}`,
  values: { trainingMode: rule as never, lrBase: lr, seed },
  ...(valLoss === undefined ? {} : { summary: summary(valLoss) }),
});

describe('report tables', () => {
  it('group jobs by every swept value but the seed, with mean ± sample std', () => {
    const rows = reportRows(
      [
        job('bptt', 0.001, 1, 0.2),
        job('bptt', 0.001, 2, 0.4),
        job('bptt', 0.002, 1, 0.1),
        job('bptt', 0.002, 2, 0.1),
        job('online_full', 0.001, 1, 0.3),
        job('online_full', 0.001, 2),
      ],
      'val loss',
    );
    expect(rows.map((r) => r.setting)).toEqual([
      { trainingMode: 'bptt', lrBase: 0.001 },
      { trainingMode: 'bptt', lrBase: 0.002 },
      { trainingMode: 'online_full', lrBase: 0.001 },
    ]);
    expect(rows[0]!.metric.mean).toBeCloseTo(0.3, 12);
    expect(rows[0]!.metric.std).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(rows[2]!.metric).toEqual({ mean: 0.3, std: 0, n: 1 });
    expect(rows[2]!.jobs).toBe(2);
    const best = bestPerMethod(rows, 'minimize');
    expect(best.get('bptt')!.setting.lrBase).toBe(0.002);
    expect(best.get('online_full')!.setting.lrBase).toBe(0.001);
    expect(bestPerMethod(rows, 'maximize').get('bptt')!.setting.lrBase).toBe(0.001);
  });

  it('format statistics, skipping non-finite values', () => {
    expect(stat([1, Number.NaN, 3, null])).toEqual({ mean: 2, std: Math.SQRT2, n: 2 });
    expect(formatStat(stat([0.5, 0.7]), true)).toBe('60.0 ± 14.1');
    expect(formatStat(stat([0.12345]))).toBe('0.1235');
    expect(formatStat(stat([]))).toBe('—');
  });
});
