import { describe, expect, it } from 'vitest';
import type { RunSummary, TrainConfig } from '@olrd/train';
import { reportScopes, runAlignment } from './report-curves.js';
import { ruleScans, selectFigure, sweptRows } from './report-figure.js';
import type { ReportSweep } from './report-sweep.js';
import { fakeMetrics, scanJobs, type FakeJob } from './report-test-fixtures.js';
import type { ReportJob } from './report-table.js';
import { parseRunMetrics, type RunMetrics } from './run-metrics.js';

const job = (values: Partial<TrainConfig>, valLoss = 0.5): ReportJob => ({
  id: JSON.stringify(values),
  values,
  summary: {
    stoppedBy: 'epochs',
    val: { loss: valLoss, accuracy: 1 - valLoss, sequences: 1 },
    test: { loss: valLoss, accuracy: 1 - valLoss, sequences: 1 },
  } as RunSummary,
});

/** Fabricated jobs as report jobs, with their metrics parsed from the metrics.jsonl text. */
function loaded(fakes: FakeJob[]): { jobs: ReportJob[]; metrics: Map<string, RunMetrics> } {
  const jobs = fakes.map((fake) => ({
    id: fake.id,
    values: fake.values,
    ...(fake.result
      ? {
          summary: {
            stoppedBy: 'epochs',
            val: { loss: fake.result.valLoss, accuracy: fake.result.valAccuracy, sequences: 1 },
            test: { loss: fake.result.valLoss, accuracy: fake.result.testAccuracy, sequences: 1 },
          } as RunSummary,
        }
      : {}),
  }));
  const metrics = new Map(
    fakes.map((fake) => [fake.id, parseRunMetrics(fakeMetrics(fake), fake.id)]),
  );
  return { jobs, metrics };
}

describe('Figure 2 panel selection', () => {
  const seeds = (values: Partial<TrainConfig>) => [
    job({ ...values, seed: 1 }),
    job({ ...values, seed: 2 }),
  ];

  it('picks the pair from what the sweep varies besides the seed', () => {
    const depth = [
      ...seeds({ nLayers: 1, lrBase: 0.001 }),
      ...seeds({ nLayers: 2, lrBase: 0.001 }),
    ];
    expect(selectFigure(depth)).toBe('2AB');
    expect(selectFigure([...seeds({ rMin: 0 }), ...seeds({ rMin: 0.9 })])).toBe('2CD');
    const rules = [
      ...seeds({ trainingMode: 'bptt', lrBase: 0.001 }),
      ...seeds({ trainingMode: 'online_full', lrBase: 0.001 }),
      ...seeds({ trainingMode: 'online_full', lrBase: 0.002 }),
    ];
    expect(selectFigure(rules)).toBe('2EF');
    // Two swept keys (depth and rule): no panel pair fits.
    expect(
      selectFigure([
        ...seeds({ nLayers: 1, trainingMode: 'bptt' }),
        ...seeds({ nLayers: 2, trainingMode: 'online_full' }),
      ]),
    ).toBeUndefined();
    expect(selectFigure(depth, 'none')).toBeUndefined();
    expect(selectFigure(depth, 'ab')).toBe('2AB');
  });

  it('refuses a named pair the sweep cannot make, and unknown names', () => {
    const depth = [...seeds({ nLayers: 1 }), ...seeds({ nLayers: 2 })];
    expect(() => selectFigure(depth, '2EF')).toThrow(
      /Figure 2EF needs a sweep over training_mode .* this sweep varies n_layers/,
    );
    expect(() => selectFigure(seeds({ nLayers: 1 }), '2AB')).toThrow(/varies only the seed/);
    expect(() => selectFigure(depth, '3A')).toThrow(
      /--figure takes auto, none, 2AB, 2CD or 2EF, got '3A'/,
    );
  });
});

describe('Figure 2 panel numbers', () => {
  it('A/B: per depth, mean over epochs of each run, then mean ± sample std over seeds', () => {
    const depthJob = (
      nLayers: number,
      seed: number,
      overall: number[],
      valLoss: number,
    ): FakeJob => ({
      id: `d${nLayers}s${seed}`,
      values: { nLayers, seed },
      result: { valLoss, valAccuracy: 1 - valLoss, testAccuracy: 0.7 },
      epochs: overall.map((value) => ({
        valLoss,
        valAccuracy: 0.5,
        alignment: { overall: value, layers: [...Array(nLayers - 1).fill(0.8), 0.99], lastRec: 1 },
      })),
    });
    const { jobs, metrics } = loaded([
      depthJob(2, 1, [0.6, 0.8], 0.3),
      depthJob(2, 2, [0.8, 1.0], 0.5),
      depthJob(1, 1, [0.9, 0.9], 0.6),
      { id: 'unfinished', values: { nLayers: 3, seed: 1 } },
    ]);
    const rows = sweptRows(jobs, 'nLayers', metrics);
    expect(rows.map((row) => [row.x, row.jobs])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    const two = rows[1]!;
    // Runs: (0.6 + 0.8) / 2 = 0.7 and 0.9; mean 0.8, sample std √0.02.
    expect(two.alignment.overall.mean).toBeCloseTo(0.8, 12);
    expect(two.alignment.overall.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(two.alignment['layer mean'].mean).toBeCloseTo((0.8 + 0.99) / 2, 12);
    expect(two.alignment['last layer'].mean).toBeCloseTo(0.99, 12);
    expect(two.alignment['last layer rec']).toEqual({ mean: 1, std: 0, n: 2 });
    expect(two.valLoss.mean).toBeCloseTo(0.4, 12);
    // One layer: the layer mean is that layer.
    expect(rows[0]!.alignment['layer mean'].mean).toBeCloseTo(0.99, 12);
  });

  it('reads the scopes from an epoch record as metrics.jsonl holds it', () => {
    const run = parseRunMetrics(
      fakeMetrics({
        id: 'x',
        values: {},
        epochs: [
          {
            valLoss: 1,
            valAccuracy: 0.5,
            alignment: { overall: 0.5, layers: [0.7, 0.9, 0.95], lastRec: 1 },
          },
        ],
      }),
      'x',
    );
    expect(reportScopes(run.epochs[0]!.alignment!)).toEqual({
      overall: 0.5,
      'layer mean': (0.7 + 0.9 + 0.95) / 3,
      'last layer': 0.95,
      'last layer rec': 1,
    });
    expect(runAlignment({ ...run, epochs: run.epochs.map(({ alignment: _, ...e }) => e) })).toEqual(
      {},
    );
  });

  it('E/F: the best learning rate per rule, and the second stage for the curves when it ran', () => {
    const jobs = scanJobs({
      bptt: { '0.001': [0.8, 0.9], '0.002': [0.95, 0.85] },
      online_full: { '0.001': [0.7, 0.8], '0.002': [0.6, 0.6] },
    });
    const rerun: FakeJob[] = [11, 12].map((seed) => ({
      id: `best_bptt_seed=${seed}`,
      values: { trainingMode: 'bptt', lrBase: 0.002, seed },
      result: { valLoss: 0.1, testAccuracy: 0.9 },
    }));
    const scan = loaded(jobs);
    const sweep: ReportSweep = {
      dir: 'x',
      record: {
        name: 'ef',
        file: 'ef.yaml',
        method: 'grid',
        metric: { name: 'val loss', goal: 'minimize' },
        jobs,
      },
      jobs: scan.jobs,
      second: loaded(rerun).jobs,
    };
    const [bptt, online] = ruleScans(sweep);
    expect(bptt!.scan.map(({ lr, row }) => [lr, row.metric.mean])).toEqual([
      [0.001, expect.closeTo(0.15, 12)],
      [0.002, expect.closeTo(0.1, 12)],
    ]);
    expect(bptt!.best!.lr).toBe(0.002);
    expect(online!.best!.lr).toBe(0.001);
    expect(bptt!.curveSource).toBe('second stage');
    expect(bptt!.curveJobs.map((j) => j.id)).toEqual(['best_bptt_seed=11', 'best_bptt_seed=12']);
    expect(online!.curveSource).toBe('scan');
    expect(online!.curveJobs.map((j) => j.id)).toEqual([
      'online_full_lr=0.001_seed=1',
      'online_full_lr=0.001_seed=2',
    ]);
    // With the goal turned round the worst rate wins.
    const maximize = ruleScans({
      ...sweep,
      record: { ...sweep.record, metric: { name: 'val loss', goal: 'maximize' } },
    });
    expect(maximize[0]!.best!.lr).toBe(0.001);
  });
});
