/**
 * Learner checkpoints written before the learner moved to `@olrd/train` still load and continue
 * as they did. The fixtures are `learner.safetensors` files of two `olrd stream` runs made with
 * `@olrd/rules`' learner (copy task, stopped mid-sequence after 23 steps: online_full on the fused
 * engine with Adam, and bp_lambda on a GRU on the tfjs engine), and `stream-continued.json` is what
 * that learner did next: its counters, then 7 more steps' losses and the parameters after them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSafetensors, tf } from '@olrd/tensor';
import { createOptimizer } from '../optim/create-optimizer.js';
import { loadLearner } from './learner-checkpoint.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

interface Continued {
  counters: Record<string, number>;
  engine: string;
  losses: number[];
  params: Record<string, number[]>;
}

const expected = JSON.parse(
  readFileSync(join(fixtures, 'stream-continued.json'), 'utf8'),
) as Record<string, Continued>;

/** `olrd stream`'s optimiser at its default rates. */
const streamOptimizer = () =>
  createOptimizer({
    optConfig: 'standard',
    learningRate: () => 0.003,
    recLearningRate: () => 0.0015,
    synthLearningRate: () => 0.001,
    weightDecay: 0,
  });

/** Largest |a − b| / max(|b|, 1e-3) over two arrays. */
function worstRelative(a: ArrayLike<number>, b: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-3));
  return worst;
}

describe.each(['online-full', 'bp-lambda'])('the olrd stream checkpoint %s', (name) => {
  it('loads with its stream metadata and continues as the learner in @olrd/rules did', () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, `stream-${name}.safetensors`)));
    expect(parseSafetensors(bytes).metadata['stream_state']).toBeDefined();
    const want = expected[name]!;
    const before = tf.memory().numTensors;
    const learner = loadLearner(bytes, streamOptimizer());
    expect(learner.counters).toEqual(want.counters);
    expect(learner.engineKind).toBe(want.engine);
    const { dInput, nClasses, multidim } = learner.config;
    const losses = Array.from({ length: 7 }, (_, t) => {
      const x = Float32Array.from({ length: learner.batchSize * dInput }, (_, i) =>
        Math.sin(t * 3 + i),
      );
      const y = Int32Array.from(
        { length: learner.batchSize * multidim },
        (_, i) => (t + i) % nClasses,
      );
      return learner.learnOne(x, y).loss;
    });
    learner.endSequence();
    // Agreement to float32 rounding, not bit for bit: the engines may be rewritten meanwhile.
    expect(worstRelative(losses, want.losses)).toBeLessThan(1e-5);
    const params = learner.params();
    expect(Object.keys(params).sort()).toEqual(Object.keys(want.params).sort());
    for (const [key, values] of Object.entries(want.params))
      expect(worstRelative(params[key]!.dataSync(), values), key).toBeLessThan(1e-5);
    tf.dispose(Object.values(params));
    learner.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
