/**
 * Resume continues a run exactly: a run stopped after N steps (Ctrl-C, or a crash after a
 * periodic checkpoint) and resumed for the rest takes the same steps, bit for bit, as one that
 * was never stopped: mid-epoch (the rest of the shuffle), with dropout (seeds by step), with a
 * curriculum (its level), right before an evaluation, and across epochs.
 */
import { describe, expect, it } from 'vitest';
import { parseSafetensors, tf } from '@olrd/tensor';
import { loadDataset } from '@olrd/data';
import { resolveTrainConfig } from '../config/validate-config.js';
import type { TrainConfig } from '../config/train-config.js';
import { serializeTrainState } from '../checkpoint/train-state.js';
import { disposeTree } from '../optim/tree.js';
import type { MetricsEvent } from './metrics-events.js';
import { train, type TrainOptions } from './train.js';

const tiny = resolveTrainConfig({
  copyPatternLength: 2,
  copyTrainSamples: 40,
  copyValSamples: 8,
  copyTestSamples: 8,
  nLayers: 1,
  dModel: 8,
  dHidden: 4,
  bsz: 8,
  epochs: 3,
  lrBase: 1e-2,
  warmupEnd: 0,
  logEvery: 2,
  pDropout: 0.1,
  earlyStopPatience: 1000,
});

/** Events without their wall-clock fields (the only thing a resumed run may change). */
function timeless(events: readonly MetricsEvent[]): unknown[] {
  return events.map((event) => {
    const copy: Record<string, unknown> = { ...event };
    for (const key of ['tokensPerSecond', 'elapsedSeconds', 'epochSeconds']) delete copy[key];
    return copy;
  });
}

interface Outcome {
  params: Record<string, number[]>;
  events: MetricsEvent[];
  checkpoints: Uint8Array[];
  steps: number;
  stoppedBy: string;
}

async function run(
  config: TrainConfig,
  options: TrainOptions & { stopAfter?: number } = {},
): Promise<Outcome> {
  const events: MetricsEvent[] = [];
  const checkpoints: Uint8Array[] = [];
  const controller = new AbortController();
  const result = await train(
    config,
    {
      onMetrics: (event) => void events.push(event),
      onProgress: (p) => {
        if (options.stopAfter !== undefined && p.step >= options.stopAfter) controller.abort();
      },
      onCheckpoint: (snapshot) => void checkpoints.push(serializeTrainState(snapshot, config)),
    },
    { ...options, signal: controller.signal },
  );
  const params = Object.fromEntries(
    Object.entries(result.params).map(([name, t]) => [name, Array.from(t.dataSync())]),
  );
  disposeTree(result.params);
  return { params, events, checkpoints, steps: result.steps, stoppedBy: result.stoppedBy };
}

describe('train: resume', () => {
  it('N steps + Ctrl-C + resume equals the uninterrupted run, mid-epoch and with dropout', async () => {
    const whole = await run(tiny);
    expect(whole.steps).toBe(15);
    const before = tf.memory().numTensors;
    // Stopped after step 7: epoch 1, batch 2 of 5.
    const first = await run(tiny, { stopAfter: 7 });
    expect(first.stoppedBy).toBe('aborted');
    expect(first.steps).toBe(7);
    const last = first.checkpoints.at(-1)!;
    const position = JSON.parse(parseSafetensors(last).metadata['loop']!);
    expect(position).toMatchObject({ step: 7, epoch: 1, batchInEpoch: 2, epochsDone: 1 });
    const rest = await run(tiny, { resume: last });
    expect(rest.stoppedBy).toBe('epochs');
    expect(rest.steps).toBe(15);
    expect(rest.params).toEqual(whole.params);
    expect(timeless([...first.events, ...rest.events])).toEqual(timeless(whole.events));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a periodic checkpoint taken right before an evaluation', async () => {
    const whole = await run(tiny, { checkpointEvery: { steps: 5 } });
    // Every 5 steps = the end of each epoch's batches, before its evaluation; plus after each
    // evaluation and at the end.
    const positions = whole.checkpoints.map(
      (bytes) =>
        JSON.parse(parseSafetensors(bytes).metadata['loop']!) as {
          step: number;
          batchInEpoch: number;
        },
    );
    expect(positions.map((p) => [p.step, p.batchInEpoch])).toEqual([
      [5, 5],
      [5, 0],
      [10, 5],
      [10, 0],
      [15, 5],
      [15, 0],
    ]);
    // As if killed after the checkpoint at step 10, before epoch 2's evaluation.
    const rest = await run(tiny, { resume: whole.checkpoints[2]! });
    expect(rest.params).toEqual(whole.params);
    const epochEvents = (events: MetricsEvent[]) =>
      timeless(events.filter((e) => e.type === 'epoch'));
    expect(epochEvents(rest.events)).toEqual(epochEvents(whole.events).slice(1));
  });

  it('keeps a curriculum level across a resume (copy-repeat)', async () => {
    const config = resolveTrainConfig({
      dataset: 'copy-repeat',
      nLayers: 1,
      dModel: 8,
      dHidden: 4,
      bsz: 4,
      epochs: 2,
      warmupEnd: 0,
      logEvery: 0,
      earlyStopPatience: 1000,
    });
    const data = () =>
      loadDataset('copy-repeat', {
        trainSamples: 24,
        valSamples: 4,
        testSamples: 4,
        thresholdBits: 100,
      });
    const whole = await run(config, { dataset: await data() });
    const first = await run(config, { stopAfter: 8, dataset: await data() });
    const saved = JSON.parse(parseSafetensors(first.checkpoints.at(-1)!).metadata['loop']!);
    // A threshold of 100 bits solves every level: the level moved with every step.
    expect(saved.curriculumLevel.patternLength + saved.curriculumLevel.repeats).toBeGreaterThan(2);
    const rest = await run(config, { resume: first.checkpoints.at(-1)!, dataset: await data() });
    expect(rest.params).toEqual(whole.params);
    expect(timeless(rest.events)).toEqual(timeless(whole.events).slice(first.events.length));
  });

  it('never snapshots a diverged run, and refuses a checkpoint of another model', async () => {
    const diverging = await run(
      { ...tiny, lrBase: 1e9, clipGradNorm: 0 },
      { checkpointEvery: { steps: 1 } },
    );
    expect(diverging.stoppedBy).toBe('diverged');
    for (const bytes of diverging.checkpoints) {
      const position = JSON.parse(parseSafetensors(bytes).metadata['loop']!);
      expect(position.step).toBeLessThan(diverging.steps);
    }
    const first = await run(tiny, { stopAfter: 2 });
    await expect(
      run({ ...tiny, dModel: 6 }, { resume: first.checkpoints.at(-1)! }),
    ).rejects.toThrow(/tensor 'params\.[a-z0-9._]+' has \d+ values, expected \d+/);
  });
});
