import { describe, expect, it } from 'vitest';
import type { EpochMetricsEvent, StepProgress } from '@olrd/train';
import { createProgressReporter } from './progress-reporter.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 200, write: (text: string) => chunks.push(text) }, chunks };
}

const step = (n: number): StepProgress => ({
  epoch: 0,
  step: n,
  totalSteps: 10,
  loss: 0.5,
  epochLoss: 0.5,
  epochAccuracy: 0.75,
  learningRate: 1e-3,
  tokensPerSecond: 12345,
  elapsedSeconds: n,
  etaSeconds: 65,
});
const epoch = {
  type: 'epoch',
  epoch: 0,
  step: 10,
  train: { loss: 0.5, accuracy: 0.75 },
  val: { loss: 0.4, accuracy: 0.8, sequences: 8 },
  test: { loss: 0.41, accuracy: 0.79, sequences: 8 },
  learningRate: 1e-3,
  isBest: true,
  bestEpoch: 0,
  tokensPerSecond: 12345,
  epochSeconds: 3,
  elapsedSeconds: 3,
} as EpochMetricsEvent;

describe('progress reporter', () => {
  it('redraws one line on a TTY and clears it before the epoch line', () => {
    let now = 0;
    const { stream, chunks } = capture(true);
    const reporter = createProgressReporter(stream, { epochs: 2, clock: () => now });
    for (let i = 1; i <= 10; i++) {
      now += 0.05;
      reporter.progress(step(i));
    }
    reporter.epoch(epoch);
    const text = chunks.join('');
    expect(text).toContain(
      '\r\x1b[2Kepoch 1/2 [####################] step 10/10 loss 0.5000 acc 75.0% 12.3k tok/s ETA 1m05s',
    );
    expect(chunks.filter((c) => c.startsWith('\r\x1b[2Kepoch')).length).toBeLessThan(10); // throttled
    const clearLine = '\r\x1b[2K';
    expect(text.endsWith('*best\n')).toBe(true);
    expect(text).toContain(`${clearLine}epoch 1/2: train loss 0.5000 acc 75.0% | val loss 0.4000`);
    expect(text).toContain('test loss 0.4100 acc 79.0%');
  });

  it('prints periodic plain lines without a TTY', () => {
    let now = 0;
    const { stream, chunks } = capture(false);
    const reporter = createProgressReporter(stream, {
      epochs: 1,
      clock: () => now,
      plainIntervalSeconds: 3,
    });
    for (let i = 1; i <= 10; i++) {
      now += 1;
      reporter.progress(step(i));
    }
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.map((c) => /step (\d+)/.exec(c)![1])).toEqual(['1', '4', '7', '10']);
  });

  it("adds the epoch's mean cosine with BPTT when alignment was logged", () => {
    const { stream, chunks } = capture(false);
    const reporter = createProgressReporter(stream, { epochs: 1 });
    const stats = { cosine: 0.98765, relativeNorm: 1, norm: 1, referenceNorm: 1 };
    const alignment = { batches: 2, overall: stats, averageLayers: stats, layers: [], modules: {} };
    reporter.epoch(epoch);
    reporter.epoch({ ...epoch, alignment });
    expect(chunks[0]).not.toContain('cosine');
    expect(chunks[1]).toContain(
      'test loss 0.4100 acc 79.0% | cosine with bptt 0.988 | 12.3k tok/s',
    );
  });
});
