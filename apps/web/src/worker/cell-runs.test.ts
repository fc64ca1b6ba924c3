/**
 * Runs of the cells other than the LRU, in Node on the cpu backend: GRU with SnAp-1 through
 * OnlineLearner beside tbptt streaming, its checkpoint (cell in the metadata) continued by a run
 * whose controls said LRU, rules that do not fit the checkpoint's cell refused without leaking,
 * the RNN's spectral radius, a CLI checkpoint without metadata, rtrl exact on a tiny LSTM and
 * refused above its bound, and the drifting stream learnt by a GRU.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@olrd/tensor';
import { parseSafetensors, serializeSafetensors } from '@olrd/train';
import type { RunSettings } from '../protocol.js';
import { BatchRun } from './batch-run.js';
import { GradientLearner } from './gradient-learner.js';
import { spectralRadius } from './spectral-radius.js';
import { StreamLearner } from './stream-learner.js';
import { StreamRun } from './stream-run.js';
import { SETTINGS, checkpointBytes, warn } from './test-helpers.js';

const GRU: RunSettings = {
  ...SETTINGS,
  layerCls: 'GRU',
  dModel: 8,
  dHidden: 8,
  rules: ['snap1', 'tbptt'],
  truncation: 2,
};

describe('runs of every cell', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('GRU: snap1 on OnlineLearner beside tbptt; its checkpoint brings the cell back', async () => {
    const run = await BatchRun.create(GRU, undefined, [], warn, 'cpu');
    const [snap, tbptt] = run.learners;
    expect(snap).toBeInstanceOf(StreamLearner);
    expect(tbptt).toBeInstanceOf(GradientLearner);
    expect([snap!.execution, tbptt!.execution]).toEqual(['streaming', 'streaming']);
    await run.step(false, Infinity); // warm-up: the first step allocates lazily
    const tensors = tf.memory().numTensors;
    const step = await run.step(true, Infinity);
    expect(tf.memory().numTensors).toBe(tensors);
    for (const report of step.learners) {
      expect(Number.isFinite(report.loss)).toBe(true);
      expect(report.alignment?.overall.cosine).toBeGreaterThan(0);
    }
    expect(await snap!.recurrence()).toEqual({}); // no spectrum for gated cells

    const bytes = await checkpointBytes(run, 0);
    run.dispose();
    const file = parseSafetensors(bytes);
    expect(JSON.parse(file.metadata['model_config']!)).toMatchObject({ layerCls: 'GRU' });
    expect(JSON.parse(file.metadata['train_config']!)).toMatchObject({
      trainingMode: 'snap1',
      layerCls: 'GRU',
      truncation: 2,
    });
    expect(file.tensors['layers.0.rec.W_hn']?.shape).toEqual([8, 8]);

    // The controls say LRU with other sizes: the checkpoint's cell and sizes win.
    const checkpoint = { name: 'gru.safetensors', bytes };
    const asked = { ...SETTINGS, rules: ['snap1'] } as RunSettings;
    const continued = await BatchRun.create(asked, checkpoint, [], warn, 'cpu');
    expect(continued.modelConfig.layerCls).toBe('GRU');
    expect(continued.settings).toMatchObject({ layerCls: 'GRU', dModel: 8, dHidden: 8 });
    expect(continued.resumedOptimizer).toBe(true);
    expect(Number.isFinite((await continued.step(false, Infinity)).learners[0]!.loss)).toBe(true);
    continued.dispose();

    const before = tf.memory().numTensors;
    await expect(
      BatchRun.create({ ...asked, rules: ['online_full'] }, checkpoint, [], warn, 'cpu'),
    ).rejects.toThrow(
      /rule 'online_full' needs a diagonal recurrence \(the LRU\); for GRU use 'snap1'/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('RNN: the spectral radius of A per layer; a CLI checkpoint without metadata', async () => {
    const rnn = {
      ...SETTINGS,
      layerCls: 'RNN',
      rnnActivation: 'linear',
      nLayers: 2,
      rules: ['online_1truncated'],
      execution: 'sequence',
    } as RunSettings;
    const run = await BatchRun.create(rnn, undefined, [], warn, 'cpu');
    await run.step(false, Infinity);
    const learner = run.learners[0]!;
    const view = await learner.recurrence();
    const params = learner.snapshot();
    const radii = await Promise.all(
      [0, 1].map(async (l) => spectralRadius(await params[`layers.${l}.rec.A`]!.data(), 4)),
    );
    tf.dispose(Object.values(params));
    expect(view).toEqual({ spectralRadius: radii });
    expect(radii.every((r) => r > 0 && r < 3)).toBe(true);

    // Parameters only, as a plain safetensors file: the cell is read from the tensor names.
    const file = parseSafetensors(await checkpointBytes(run, 0));
    run.dispose();
    const bare = { name: 'rnn.safetensors', bytes: serializeSafetensors(file.tensors) };
    const asked = { ...SETTINGS, rules: ['bptt'] } as RunSettings;
    const continued = await BatchRun.create(asked, bare, [], warn, 'cpu');
    expect(continued.modelConfig).toMatchObject({ layerCls: 'RNN', nLayers: 2, dHidden: 4 });
    expect(continued.resumedOptimizer).toBe(false);
    continued.dispose();
  });

  it('rtrl: exact on a tiny LSTM, refused with its size above the bound', async () => {
    const tiny = {
      ...SETTINGS,
      layerCls: 'LSTM',
      dModel: 4,
      dHidden: 4,
      bsz: 2,
      patternLength: 1,
      rules: ['rtrl'],
    } as RunSettings;
    const run = await BatchRun.create(tiny, undefined, [], warn, 'cpu');
    const step = await run.step(true, Infinity);
    // RTRL's gradient is BPTT's (up to float32 rounding).
    expect(step.learners[0]!.alignment?.overall.cosine).toBeGreaterThan(0.9999);
    run.dispose();
    // Refused when the run starts, in the page's words, with nothing left allocated.
    const before = tf.memory().numTensors;
    await expect(
      BatchRun.create({ ...tiny, maxSensitivityMib: 0.001 }, undefined, [], warn, 'cpu'),
    ).rejects.toThrow(
      /^rtrl would keep 0\.\d MiB of sensitivities \(batch 2 × 8 state entries × \d+ parameters × 4 bytes\), over the 0\.0 MiB of "rtrl: memory bound": .* or use snap1$/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the drifting stream learnt by a GRU with SnAp-1', async () => {
    const run = StreamRun.create(
      { ...GRU, task: 'drift', rules: ['snap1', 'online_spatial'], bsz: 1 },
      undefined,
      warn,
      'cpu',
    );
    expect(run.modelConfig.layerCls).toBe('GRU');
    const step = await run.step(false, 50);
    expect(step.position).toBe(50);
    for (const report of step.learners) expect(Number.isFinite(report.loss)).toBe(true);
    run.dispose();
    expect(() =>
      StreamRun.create({ ...GRU, task: 'drift', rules: ['tbptt'] }, undefined, warn, 'cpu'),
    ).toThrow(/endless sequence, learnt step by step by OnlineLearner.*tbptt runs on tasks/);
  });
});
