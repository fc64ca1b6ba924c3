import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import type { MetricsEvent, StepProgress } from './metrics-events.js';
import { train } from './train.js';

const tiny = resolveTrainConfig({
  copyPatternLength: 2,
  copyTrainSamples: 64,
  copyValSamples: 16,
  copyTestSamples: 16,
  nLayers: 1,
  dModel: 8,
  dHidden: 4,
  bsz: 8,
  epochs: 2,
  lrBase: 1e-2,
  warmupEnd: 0,
  logEvery: 4,
  earlyStopPatience: 1000,
});

async function run(overrides: Partial<typeof tiny> = {}) {
  const events: MetricsEvent[] = [];
  const progress: StepProgress[] = [];
  const best: number[] = [];
  const result = await train(
    { ...tiny, ...overrides },
    {
      onMetrics: (event) => void events.push(event),
      onProgress: (p) => void progress.push(p),
      onBestCheckpoint: ({ epoch, params }) => {
        expect(Object.keys(params)).toContain('layers.0.rec.nu');
        best.push(epoch);
      },
    },
  );
  const finalParams = result.params;
  disposeTree(finalParams);
  return { result, events, progress, best };
}

describe('train', () => {
  it('trains a tiny copy model: loss decreases, events and checkpoints fire, no tensor leak', async () => {
    const before = tf.memory().numTensors;
    const { result, events, progress, best } = await run({ epochs: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.steps).toBe(24);
    expect(result.epochs).toBe(3);
    expect(result.stoppedBy).toBe('epochs');
    expect(progress).toHaveLength(24);
    expect(progress[23]!.totalSteps).toBe(24);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(3);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(6);
    const firstLoss = progress.slice(0, 4).reduce((s, p) => s + p.loss, 0) / 4;
    const lastLoss = progress.slice(-4).reduce((s, p) => s + p.loss, 0) / 4;
    expect(lastLoss).toBeLessThan(firstLoss);
    expect(best[0]).toBe(0);
    expect(result.best?.epoch).toBe(best[best.length - 1]);
    expect(result.best!.test.accuracy).toBeGreaterThan(0);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives the same metrics; another seed differs', async () => {
    const a = await run();
    const b = await run();
    const c = await run({ seed: 7 });
    const losses = (r: typeof a) => r.progress.map((p) => p.loss);
    expect(losses(b)).toEqual(losses(a));
    expect(b.result.best).toEqual(a.result.best);
    expect(losses(c)).not.toEqual(losses(a));
  });

  it('stops at maxSteps (still evaluating) and honours early-stop patience', async () => {
    const limited = await run({ maxSteps: 3, epochs: 5 });
    expect(limited.result.steps).toBe(3);
    expect(limited.result.stoppedBy).toBe('max-steps');
    expect(limited.result.epochs).toBe(1);
    // A negligible lr leaves the val loss unchanged, so epoch 1 does not improve on epoch 0.
    const early = await run({ epochs: 8, earlyStopPatience: 1, lrBase: 1e-30, weightDecay: 0 });
    const epochs = early.events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.isBest)).toEqual([true, false]);
    expect(early.result.stoppedBy).toBe('early-stop');
    expect(early.result.best?.epoch).toBe(0);
  });

  it('runs accumulation, dropout, streaming execution and bptt without leaks', async () => {
    const before = tf.memory().numTensors;
    await run({ nAccumulationSteps: 2, pDropout: 0.1, clipGradNorm: 1, epochs: 1 });
    await run({ execution: 'streaming', epochs: 1, maxSteps: 2 });
    await run({ trainingMode: 'bptt', epochs: 1, maxSteps: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when aborted and rejects a batch larger than the training set', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = await train(tiny, {}, { signal: controller.signal });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.steps).toBe(0);
    disposeTree(aborted.params);
    await expect(train({ ...tiny, bsz: 100 })).rejects.toThrow(/fewer than one batch \(bsz 100\)/);
  });
});
