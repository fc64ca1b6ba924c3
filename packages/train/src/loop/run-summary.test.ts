import { describe, expect, it } from 'vitest';
import type { SplitMetrics } from './evaluate.js';
import type { EpochMetricsEvent } from './metrics-events.js';
import { summarizeRun } from './run-summary.js';
import type { TrainResult } from './train.js';

const metrics = (loss: number): SplitMetrics => ({ loss, accuracy: 0.5, sequences: 8 });
const context = { dataset: 'copy', trainingMode: 'bptt', backend: 'cpu', parameterCount: 10 };

function result(best: number | undefined, last: number | undefined): TrainResult {
  return {
    modelConfig: {} as TrainResult['modelConfig'],
    ...(best === undefined ? {} : { best: { epoch: best, val: metrics(1), test: metrics(2) } }),
    ...(last === undefined
      ? {}
      : {
          lastEpoch: {
            type: 'epoch',
            epoch: last,
            val: metrics(3),
            test: metrics(4),
          } as EpochMetricsEvent,
        }),
    epochs: 3,
    steps: 12,
    stoppedBy: 'epochs',
    wallSeconds: 1,
    trainSeconds: 1,
    tokensPerSecond: 100,
    params: {},
  };
}

describe('summarizeRun', () => {
  it('numbers epochs from 1, as the console prints them', () => {
    const summary = summarizeRun(result(0, 2), context);
    expect(summary.bestEpoch).toBe(1);
    expect(summary.last?.epoch).toBe(3);
    expect(summary.val).toEqual(metrics(1));
    expect(summary.last?.test).toEqual(metrics(4));
  });

  it('has no best or last epoch when none finished', () => {
    const summary = summarizeRun(result(undefined, undefined), context);
    expect(summary).toMatchObject({ bestEpoch: null, last: null, val: null, test: null });
  });
});
