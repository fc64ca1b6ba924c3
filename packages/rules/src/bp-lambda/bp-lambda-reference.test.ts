/**
 * The float64 oracle against itself and first principles (spec 2 §3.4): the trace (forward) view
 * equals the λ-SG regression (backward) view for every (λ, γ), λ = γ = 1 targets are the true
 * future gradient, and the future gradient is the brute-force sum over later losses. A trace
 * decayed with the current Jacobian instead of the previous one breaks the equality.
 */
import { describe, expect, it } from 'vitest';
import { uniformGenerator } from '@olrd/core';
import {
  bpLambdaForward,
  futureGradient,
  lambdaTargets,
  regressionUpdate,
  type Matrix,
  type ReferenceSequence,
  type ReferenceSynthesiser,
} from './bp-lambda-reference.js';

const SIZE = 5;
const TIME = 9;

/** A random tanh RNN s_t = tanh(W·s_{t−1} + x_t), its Jacobians and random per-step ℓ_t. */
function tanhSequence(seed: number): ReferenceSequence {
  const uniform = uniformGenerator(seed);
  const normal = () => 2 * uniform() - 1;
  const w = Float64Array.from({ length: SIZE * SIZE }, () => (1.2 * normal()) / Math.sqrt(SIZE));
  const states: Float64Array[] = [];
  const jacobians: Matrix[] = [];
  const immediate: Float64Array[] = [];
  let prev = new Float64Array(SIZE);
  for (let t = 0; t < TIME; t++) {
    const s = new Float64Array(SIZE);
    for (let i = 0; i < SIZE; i++) {
      let a = normal();
      for (let j = 0; j < SIZE; j++) a += w[i * SIZE + j]! * prev[j]!;
      s[i] = Math.tanh(a);
    }
    const jacobian = new Float64Array(SIZE * SIZE);
    for (let i = 0; i < SIZE; i++)
      for (let j = 0; j < SIZE; j++) jacobian[i * SIZE + j] = (1 - s[i]! ** 2) * w[i * SIZE + j]!;
    states.push(s);
    jacobians.push(jacobian);
    immediate.push(Float64Array.from({ length: SIZE }, normal));
    prev = s;
  }
  return { states, jacobians, immediate };
}

function randomSynthesiser(seed: number): ReferenceSynthesiser {
  const uniform = uniformGenerator(seed);
  return {
    kernel: Float64Array.from({ length: SIZE * SIZE }, () => 0.6 * (uniform() - 0.5)),
    bias: Float64Array.from({ length: SIZE }, () => 0.6 * (uniform() - 0.5)),
  };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
const maxAbs = (a: ArrayLike<number>) =>
  Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('the BP(λ) float64 oracle (spec 2 §3.4)', () => {
  const sequence = tanhSequence(1);
  const synth = randomSynthesiser(2);

  it.each([
    [0, 1],
    [0.5, 1],
    [1, 1],
    [0.7, 0.9],
    [1, 0.9],
  ])('λ = %s, γ = %s: summed trace updates equal the λ-SG regression update', (lambda, gamma) => {
    const forward = bpLambdaForward(synth, sequence, gamma, lambda);
    const backward = regressionUpdate(
      synth,
      sequence,
      lambdaTargets(synth, sequence, gamma, lambda),
    );
    expect(maxAbs(forward.kernel)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(forward.kernel, backward.kernel)).toBeLessThan(1e-12);
    expect(maxAbsDiff(forward.bias, backward.bias)).toBeLessThan(1e-12);
  });

  it('λ = γ = 1 targets are the true future gradient, itself the sum over later losses', () => {
    const targets = lambdaTargets(synth, sequence, 1, 1);
    const future = futureGradient(sequence, 1);
    for (let t = 0; t < TIME; t++) {
      // Brute force: Σ_{j>t} ℓ_j·J_j⋯J_{t+1}.
      const brute = new Float64Array(SIZE);
      for (let j = t + 1; j < TIME; j++) {
        let row = Float64Array.from(sequence.immediate[j]!);
        for (let m = j; m > t; m--) {
          const next = new Float64Array(SIZE);
          for (let p = 0; p < SIZE; p++)
            for (let q = 0; q < SIZE; q++)
              next[q]! += row[p]! * sequence.jacobians[m]![p * SIZE + q]!;
          row = next;
        }
        for (let i = 0; i < SIZE; i++) brute[i]! += row[i]!;
      }
      expect(maxAbsDiff(targets[t]!, future[t]!)).toBeLessThan(1e-12);
      expect(maxAbsDiff(future[t]!, brute)).toBeLessThan(1e-12);
    }
    expect(maxAbs(future[0]!)).toBeGreaterThan(0.01);
  });

  it('decaying the trace with the current Jacobian (the classic mistake) breaks the equality', () => {
    const right = regressionUpdate(synth, sequence, lambdaTargets(synth, sequence, 1, 0.7));
    const wrong = bpLambdaForward(synth, sequence, 1, 0.7, 'current');
    expect(maxAbsDiff(wrong.kernel, right.kernel)).toBeGreaterThan(1e-3);
  });
});
