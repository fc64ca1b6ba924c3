/**
 * BP(λ) in float64 plain JS, on one example, in both of its views (spec 2 §3): the test oracle of
 * the tfjs rules. The inputs are what a cell produces along a sequence — the states s_t, the
 * one-step Jacobians J_t = ∂s_t/∂s_{t−1} and the immediate gradients ℓ_t = ∂L_t/∂s_t — so the
 * same oracle serves every cell. The synthesiser is g(s) = s·K + b (K [S, S] stored [in, out], as
 * every dense kernel of the project), i.e. Θ = Kᵀ in the paper's notation.
 *
 * - {@link bpLambdaForward}: accumulate BP(λ) with eligibility traces, step by step (Alg. 1),
 *   the trace decayed with the **previous** Jacobian (spec 2 §3.3).
 * - {@link lambdaTargets} + {@link regressionUpdate}: the offline λ-SG targets by the backward
 *   recursion G_t = (ℓ_{t+1} + γ[(1−λ)·g_{t+1} + λ·G_{t+1}])·J_{t+1}, and the update
 *   Σ_t (G_t − g_t)·∂g_t/∂θ. With θ fixed over the sequence the two views are equal (spec 2 §3.4).
 * - {@link futureGradient}: the true future gradient Σ_{j>t} γ^{j−t−1} ∂L_j/∂s_t (BPTT's share
 *   that ℓ_t does not supply).
 */

/** Row-major S×S matrix. */
export type Matrix = Float64Array;

/** One example's sequence, t = 0..T−1. */
export interface ReferenceSequence {
  /** s_t [S]. */
  states: Float64Array[];
  /** J_t [S×S], row = output entry (J_0 is ∂s_0/∂s_{−1}, unused by BP(λ)). */
  jacobians: Matrix[];
  /** ℓ_t [S] (zero where step t has no loss). */
  immediate: Float64Array[];
}

export interface ReferenceSynthesiser {
  /** K [S×S] row-major, g(s)_j = Σ_k s_k K[k, j] + b_j. */
  kernel: Matrix;
  bias: Float64Array;
}

/** The ascent direction of the synthesiser (θ += α·update): ΔK [S×S] and Δb [S]. */
export interface SynthesiserUpdate {
  kernel: Float64Array;
  bias: Float64Array;
}

/** g(s) = s·K + b. */
export function predict(synth: ReferenceSynthesiser, s: Float64Array): Float64Array {
  const size = s.length;
  const out = Float64Array.from(synth.bias);
  for (let k = 0; k < size; k++)
    for (let j = 0; j < size; j++)
      out[j]! += (s[k] as number) * (synth.kernel[k * size + j] as number);
  return out;
}

/** row · J. */
function rowTimes(row: Float64Array, jacobian: Matrix): Float64Array {
  const size = row.length;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const r = row[i] as number;
    if (r === 0) continue;
    for (let j = 0; j < size; j++) out[j]! += r * (jacobian[i * size + j] as number);
  }
  return out;
}

/** The predictions ĝ_t = g(s_t), with ĝ_{T−1} := 0 (nothing lies beyond the sequence). */
export function predictions(
  synth: ReferenceSynthesiser,
  sequence: ReferenceSequence,
): Float64Array[] {
  const time = sequence.states.length;
  return sequence.states.map((s, t) =>
    t === time - 1 ? new Float64Array(s.length) : predict(synth, s),
  );
}

/**
 * Accumulate BP(λ) (spec 2 §3.1): for t ≥ 1, δ_t = (ℓ_t + γ·ĝ_t)·J_t − ĝ_{t−1};
 * E ← γλ·J_{t−1}·E + ∂g(s_{t−1})/∂θ; Δθ += δ_t·E. Returns the summed update.
 */
export function bpLambdaForward(
  synth: ReferenceSynthesiser,
  sequence: ReferenceSequence,
  gamma: number,
  lambda: number,
  /** `current` reproduces the classic mistake (spec 2 §3.3), for the tests that pin it. */
  traceJacobian: 'previous' | 'current' = 'previous',
): SynthesiserUpdate {
  const time = sequence.states.length;
  const size = synth.bias.length;
  const g = predictions(synth, sequence);
  // traceK[p][j·S + k] = ∂(trace of prediction p)/∂K[k, j]; traceB[p][j].
  let traceK = Array.from({ length: size }, () => new Float64Array(size * size));
  let traceB = Array.from({ length: size }, () => new Float64Array(size));
  const update: SynthesiserUpdate = {
    kernel: new Float64Array(size * size),
    bias: new Float64Array(size),
  };
  for (let t = 1; t < time; t++) {
    const target = Float64Array.from(sequence.immediate[t] as Float64Array, (l, i) => {
      return l + gamma * (g[t] as Float64Array)[i]!;
    });
    const back = rowTimes(target, sequence.jacobians[t] as Matrix);
    const delta = back.map((v, i) => v - (g[t - 1] as Float64Array)[i]!);
    // The decay uses J_{t−1}: E is indexed in s_{t−1}'s space before this step (spec 2 §3.3).
    const decay = gamma * lambda;
    const previousJ =
      traceJacobian === 'current'
        ? (sequence.jacobians[t] as Matrix)
        : t >= 2
          ? (sequence.jacobians[t - 1] as Matrix)
          : undefined;
    const nextK = Array.from({ length: size }, () => new Float64Array(size * size));
    const nextB = Array.from({ length: size }, () => new Float64Array(size));
    if (previousJ !== undefined && decay !== 0) {
      for (let p = 0; p < size; p++)
        for (let q = 0; q < size; q++) {
          const w = decay * (previousJ[p * size + q] as number);
          if (w === 0) continue;
          const fromK = traceK[q] as Float64Array;
          const fromB = traceB[q] as Float64Array;
          const toK = nextK[p] as Float64Array;
          const toB = nextB[p] as Float64Array;
          for (let e = 0; e < size * size; e++) toK[e]! += w * (fromK[e] as number);
          for (let e = 0; e < size; e++) toB[e]! += w * (fromB[e] as number);
        }
    }
    const previousState = sequence.states[t - 1] as Float64Array;
    for (let p = 0; p < size; p++) {
      for (let k = 0; k < size; k++) (nextK[p] as Float64Array)[p * size + k]! += previousState[k]!;
      (nextB[p] as Float64Array)[p]! += 1;
    }
    traceK = nextK;
    traceB = nextB;
    for (let p = 0; p < size; p++) {
      const d = delta[p] as number;
      const fromK = traceK[p] as Float64Array;
      const fromB = traceB[p] as Float64Array;
      for (let j = 0; j < size; j++) {
        update.bias[j]! += d * (fromB[j] as number);
        for (let k = 0; k < size; k++)
          update.kernel[k * size + j]! += d * (fromK[j * size + k] as number);
      }
    }
  }
  return update;
}

/** The λ-SG targets G_t (backward recursion; G_{T−1} = 0). */
export function lambdaTargets(
  synth: ReferenceSynthesiser,
  sequence: ReferenceSequence,
  gamma: number,
  lambda: number,
): Float64Array[] {
  const time = sequence.states.length;
  const size = synth.bias.length;
  const g = predictions(synth, sequence);
  const targets: Float64Array[] = new Array(time);
  targets[time - 1] = new Float64Array(size);
  for (let t = time - 2; t >= 0; t--) {
    const mixed = Float64Array.from(sequence.immediate[t + 1] as Float64Array, (l, i) => {
      const bootstrap = (1 - lambda) * (g[t + 1] as Float64Array)[i]!;
      return l + gamma * (bootstrap + lambda * (targets[t + 1] as Float64Array)[i]!);
    });
    targets[t] = rowTimes(mixed, sequence.jacobians[t + 1] as Matrix);
  }
  return targets;
}

/** Σ_{t<T−1} (G_t − ĝ_t)·∂ĝ_t/∂θ: the regression update towards the targets. */
export function regressionUpdate(
  synth: ReferenceSynthesiser,
  sequence: ReferenceSequence,
  targets: Float64Array[],
): SynthesiserUpdate {
  const size = synth.bias.length;
  const g = predictions(synth, sequence);
  const update: SynthesiserUpdate = {
    kernel: new Float64Array(size * size),
    bias: new Float64Array(size),
  };
  for (let t = 0; t < sequence.states.length - 1; t++) {
    const s = sequence.states[t] as Float64Array;
    for (let j = 0; j < size; j++) {
      const error = (targets[t] as Float64Array)[j]! - (g[t] as Float64Array)[j]!;
      update.bias[j]! += error;
      for (let k = 0; k < size; k++) update.kernel[k * size + j]! += error * (s[k] as number);
    }
  }
  return update;
}

/** The true future gradient Σ_{j>t} γ^{j−t−1}·∂L_j/∂s_t (G_{T−1} = 0). */
export function futureGradient(sequence: ReferenceSequence, gamma: number): Float64Array[] {
  const time = sequence.states.length;
  const size = (sequence.states[0] as Float64Array).length;
  const out: Float64Array[] = new Array(time);
  out[time - 1] = new Float64Array(size);
  for (let t = time - 2; t >= 0; t--) {
    const next = Float64Array.from(
      sequence.immediate[t + 1] as Float64Array,
      (l, i) => l + gamma * (out[t + 1] as Float64Array)[i]!,
    );
    out[t] = rowTimes(next, sequence.jacobians[t + 1] as Matrix);
  }
  return out;
}
