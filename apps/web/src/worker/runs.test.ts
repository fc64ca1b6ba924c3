/**
 * The runs the session drives, in Node on the cpu backend: the drifting stream learnt in chunks
 * (prequential figures, regimes, no BPTT), copy-repeat with a curriculum per learner that a
 * checkpoint continues, ListOps from the generator, and a checkpoint whose optimiser state does
 * not fit the run (a warning, Adam from zero).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@olrd/tensor';
import { DRIFT_CHUNK, type RunSettings } from '../protocol.js';
import { BatchRun } from './batch-run.js';
import { StreamRun } from './stream-run.js';
import { SETTINGS, checkpointBytes, warn, warnings } from './test-helpers.js';

describe('runs', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('drifting stream: chunks of stream steps, prequential figures, the regime; no bptt, no webgpu', async () => {
    const settings = {
      ...SETTINGS,
      task: 'drift' as const,
      rules: ['online_full', 'online_spatial'] as RunSettings['rules'],
      bsz: 2,
    };
    expect(() =>
      StreamRun.create({ ...settings, rules: ['bptt'] }, undefined, warn, 'cpu'),
    ).toThrow(/endless sequence: bptt needs whole sequences/);
    expect(() => StreamRun.create(settings, undefined, warn, 'webgpu')).toThrow(
      /OnlineLearner, which reads values synchronously and WebGPU cannot: choose wasm or cpu/,
    );
    const run = StreamRun.create(settings, undefined, warn, 'cpu');
    const tensors = tf.memory().numTensors;
    let step = await run.step(true, Infinity);
    expect(step.position).toBe(DRIFT_CHUNK);
    step = await run.step(false, 30);
    expect(step.position).toBe(DRIFT_CHUNK + 30);
    expect(step.regime).toBe(0);
    step = await run.step(false, Infinity);
    expect([step.position, step.regime]).toEqual([230, 1]); // switched at stream step 150
    for (const report of step.learners) {
      expect(report.alignment).toBeUndefined();
      expect(report.seqLength).toBe(step.position);
      expect(report.tokens).toBe(DRIFT_CHUNK * 2);
      expect(report.accuracy).toBeGreaterThan(0.3);
      expect(Number.isFinite(report.loss)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(JSON.parse(run.checkpointInfo(1).metadata['stream_config']!)).toMatchObject({
      task: 'drift',
      rule: 'online_spatial',
      streamSteps: step.position,
    });
    run.dispose();
  });

  it('drifting stream with BP(λ): bp_lambda and the LRU hybrid learn step by step, γ = 0.9', async () => {
    const settings = {
      ...SETTINGS,
      task: 'drift' as const,
      rules: ['online_full_bp_lambda', 'bp_lambda'] as RunSettings['rules'],
      bsz: 1,
    };
    const run = StreamRun.create(settings, undefined, warn, 'cpu');
    expect(run.modelConfig.synthesiser).toBe(true);
    const tensors = tf.memory().numTensors;
    const step = await run.step(false, 40);
    expect(step.position).toBe(40);
    for (const report of step.learners) expect(Number.isFinite(report.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    // The checkpoint's run settings record BP(λ)'s options.
    const info = run.checkpointInfo(0);
    expect(JSON.parse(info.metadata['stream_config']!)).toMatchObject({
      rule: 'online_full_bp_lambda',
      synthetic: { gamma: 0.9, lambda: 1, sgWeight: 1 },
    });
    run.dispose();
  });

  it('copy-repeat: each learner climbs its own curriculum; a checkpoint continues at its level', async () => {
    const settings = { ...SETTINGS, task: 'copy-repeat' as const };
    const run = await BatchRun.create(settings, undefined, [], warn, 'cpu');
    expect(run.label).toBe('copy-repeat: curriculum from N=1, R=1');
    const step = await run.step(true, Infinity);
    expect(step.learners.map((l) => l.level)).toEqual([
      expect.objectContaining({ patternLength: 1, repeats: 1 }),
      expect.objectContaining({ patternLength: 1, repeats: 1 }),
    ]);
    expect(step.learners[0]!.seqLength).toBe(5); // (R + 1)·N + 3
    expect(step.learners[0]!.alignment?.overall.cosine).toBeGreaterThan(0);
    const info = run.checkpointInfo(0);
    expect(info.curriculumLevel).toMatchObject({ patternLength: 1, repeats: 1 });
    // A checkpoint saved at a later level starts the curriculum there.
    const bytes = await checkpointBytes(run, 0);
    const { parseSafetensors, serializeSafetensors } = await import('@olrd/train');
    const file = parseSafetensors(bytes);
    const later = serializeSafetensors(file.tensors, {
      ...file.metadata,
      curriculum_level: JSON.stringify({ patternLength: 2, repeats: 1, seqLength: 7 }),
    });
    run.dispose();
    const continued = await BatchRun.create(
      settings,
      { name: 'c.safetensors', bytes: later },
      [],
      warn,
      'cpu',
    );
    expect(continued.label).toBe('copy-repeat: curriculum from N=2, R=1');
    expect(continued.resumedOptimizer).toBe(true);
    expect((await continued.step(false, Infinity)).learners[1]!.seqLength).toBe(7);
    continued.dispose();
  });

  it('ListOps from the generator: short expressions, T = the length asked for', async () => {
    const run = await BatchRun.create(
      { ...SETTINGS, task: 'listops', rules: ['online_full'] },
      undefined,
      [],
      warn,
      'cpu',
    );
    expect(run.label).toMatch(/^ListOps: 9–15 tokens, T=16, 18 symbols$/);
    const step = await run.step(false, Infinity);
    expect(step.learners[0]).toMatchObject({ seqLength: 16, tokens: 4 * 16 });
    expect(step.learners[0]!.loss).toBeGreaterThan(1); // ≈ ln 10 at the start
    run.dispose();
  });

  it('a checkpoint whose optimiser state does not fit: a warning, and Adam from zero', async () => {
    const source = StreamRun.create(
      { ...SETTINGS, task: 'drift', rules: ['online_full'], bsz: 1 },
      undefined,
      warn,
      'cpu',
    );
    await source.step(false, 10);
    const bytes = await checkpointBytes(source, 0);
    source.dispose();
    // Replace the state by bytes no optimiser can read.
    const { parseSafetensors, serializeSafetensors } = await import('@olrd/train');
    const file = parseSafetensors(bytes);
    const broken = serializeSafetensors(file.tensors, {
      ...file.metadata,
      optimizer_state: btoa('not optimiser state'),
    });
    warnings.length = 0;
    const run = StreamRun.create(
      { ...SETTINGS, task: 'drift', rules: ['online_full'], bsz: 1 },
      { name: 'broken.safetensors', bytes: broken },
      warn,
      'cpu',
    );
    expect(run.resumedOptimizer).toBe(false);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^broken\.safetensors: its optimiser state does not fit this run .*Adam starts from zero$/,
      ),
    ]);
    run.dispose();
  });
});
