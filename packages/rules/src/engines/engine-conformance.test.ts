/**
 * The gate every streaming engine passes, generated from the rule registry and the fused
 * engine's support table: for every (engine × learner rule × cell) they allow, on each backend
 * project (cpu, wasm),
 *
 * - the engine's accumulated gradient is the rule's own `computeGradients` gradient in streaming
 *   execution (and the step losses sum to its loss);
 * - exporting the state mid-sequence and importing it into a new engine continues exactly;
 * - resetting one batch element restarts it alone (the others and the accumulators untouched);
 * - the number of live tensors does not grow over many steps, and `dispose` frees them all.
 *
 * A rule registered as a learner is tested here with no edit to this file.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { computeGradients } from '../compute-gradients.js';
import { createEngine } from '../engine-factory.js';
import type { StreamingEngine } from '../streaming-engine.js';
import { disposeBatch, randomBatch } from '../test-helpers.js';
import {
  SG,
  arraysOf,
  caseConfig,
  caseParams,
  engineCases,
  gradientMismatches,
  maxDifference,
  stepArrays,
  type StepArrays,
} from './engine-test-helpers.js';

const CASES = engineCases();

/** The gradient tolerance (relative to max(1, ‖g‖∞)): float64 loops vs float32 ops for fused. */
const TOLERANCE = { tfjs: 1e-6, fused: 1e-5 } as const;

/** Steps `from`..`to` of `steps`; returns each step's log-probabilities. */
function run(engine: StreamingEngine, steps: StepArrays, from: number, to: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let t = from; t < to; t++)
    out.push(engine.step(steps.xs[t]!, steps.targets[t]!, t + 1 === steps.xs.length).logProbs);
  return out;
}

/** The rows of element `b` of log-probabilities [B, multidim, C]. */
function rows(logProbs: Float32Array, b: number, batch: number): Float32Array {
  const size = logProbs.length / batch;
  return logProbs.subarray(b * size, (b + 1) * size);
}

describe.each(CASES)('the $kind engine, $rule on the $cell', ({ kind, rule, cell }) => {
  const config = caseConfig(rule, cell);
  const create = (params: Record<string, Float32Array>, batch: number): StreamingEngine => {
    const created = createEngine(kind, rule, params, config, batch, SG);
    expect(created.kind).toBe(kind);
    return created.engine;
  };

  /** Parameters (tensors and arrays) and a batch of two sequences of `time` steps, from `seed`. */
  const fixture = (seed: number, time: number) => {
    const params = caseParams(config, seed);
    const batch = randomBatch(config, 2, time, seed + 1);
    const release = (): void => {
      tf.dispose(Object.values(params));
      disposeBatch(batch);
    };
    return { params, arrays: arraysOf(params), batch, steps: stepArrays(batch, config), release };
  };

  it("accumulates the rule's own streaming gradient", () => {
    const { params, arrays, batch, steps, release } = fixture(1, 6);
    const engine = create(arrays, 2);
    let loss = 0;
    steps.xs.forEach((x, t) => {
      loss += engine.step(x, steps.targets[t]!, t + 1 === steps.xs.length).loss;
    });
    const reference = computeGradients(rule, params, config, batch, {
      execution: 'streaming',
      ...SG,
    });
    const want = Object.fromEntries(
      Object.entries(reference.grads).map(([name, g]) => [name, g.dataSync()]),
    );
    expect(gradientMismatches(engine.gradients(), want, TOLERANCE[kind])).toEqual([]);
    expect(Object.keys(engine.gradients())).toEqual(Object.keys(params));
    expect(loss).toBeCloseTo(reference.loss, 5);
    engine.dispose();
    tf.dispose([...Object.values(reference.grads), reference.logProbs]);
    release();
  });

  it('resumes exactly from a state exported mid-sequence', () => {
    const { arrays, steps, release } = fixture(3, 7);
    const straight = create(arrays, 2);
    const expected = run(straight, steps, 0, 7);
    const first = create(arrays, 2);
    run(first, steps, 0, 3);
    const saved = first.exportState();
    first.dispose();
    const resumed = create(arrays, 2);
    resumed.importState(saved);
    const got = run(resumed, steps, 3, 7);
    got.forEach((logProbs, i) => expect(maxDifference(logProbs, expected[3 + i]!)).toBe(0));
    expect(gradientMismatches(resumed.gradients(), straight.gradients(), 0)).toEqual([]);
    for (const engine of [straight, resumed]) engine.dispose();
    release();
  });

  it('resets one batch element alone', () => {
    const { arrays, steps, release } = fixture(5, 6);
    // The same steps, but element 0 sees other inputs and labels before its reset.
    const other: StepArrays = {
      xs: steps.xs.map((x, t) => (t < 3 ? x.map((v, i) => (i < config.dInput ? 1 - v : v)) : x)),
      targets: steps.targets.map((target, t) =>
        t < 3
          ? { ...target, y: target.y.map((y, i) => (i < config.multidim ? (y + 1) % 3 : y)) }
          : target,
      ),
    };
    const withReset = (history: StepArrays): { engine: StreamingEngine; out: Float32Array[] } => {
      const engine = create(arrays, 2);
      run(engine, history, 0, 3);
      engine.resetState([0]);
      engine.resetGradients();
      return { engine, out: run(engine, history, 3, 6) };
    };
    const a = withReset(steps);
    const b = withReset(other);
    const untouched = create(arrays, 2);
    const kept = run(untouched, steps, 0, 6).slice(3);
    a.out.forEach((logProbs, i) => {
      // Element 0 restarted: its past no longer matters …
      expect(maxDifference(rows(logProbs, 0, 2), rows(b.out[i]!, 0, 2))).toBe(0);
      // … and element 1 carried on as if nothing happened.
      expect(maxDifference(rows(logProbs, 1, 2), rows(kept[i]!, 1, 2))).toBe(0);
    });
    expect(gradientMismatches(a.engine.gradients(), b.engine.gradients(), 0)).toEqual([]);
    for (const engine of [a.engine, b.engine, untouched]) engine.dispose();
    release();
  });

  it('keeps the number of live tensors flat over many steps', () => {
    const { arrays, steps, release } = fixture(7, 4);
    const before = tf.memory().numTensors;
    const engine = create(arrays, 2);
    run(engine, steps, 0, 2);
    const settled = tf.memory().numTensors;
    for (let round = 0; round < 5; round++) {
      run(engine, steps, 0, 4);
      engine.step(steps.xs[0]!, null);
      engine.gradients();
      engine.resetState([round % 2]);
      engine.resetGradients();
      engine.importState(engine.exportState());
      engine.setParams(arrays);
    }
    expect(tf.memory().numTensors).toBe(settled);
    engine.dispose();
    expect(tf.memory().numTensors).toBe(before);
    release();
  });
});

describe('the conformance cases', () => {
  it('cover every learner rule on every cell it streams, and the fused engine where it applies', () => {
    const names = CASES.map(({ kind, rule, cell }) => `${kind} ${rule} ${cell}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'fused online_full LRU',
        'fused snap1 LRU',
        'fused online_1truncated LRU',
        'fused online_spatial LRU',
        'tfjs online_full LRU',
        'tfjs snap1 GRU',
        'tfjs online_spatial LSTM',
        'tfjs online_1truncated RNN',
        'tfjs bp_lambda LSTM',
        'tfjs online_full_bp_lambda LRU',
      ]),
    );
    expect(names.filter((name) => name.startsWith('fused'))).toHaveLength(4);
  });
});
