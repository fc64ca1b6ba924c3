/**
 * Per-step learning latency at batch 1 ("truly online"): one streaming online_full step with a
 * target every step (forward, same-step backward, traces, gradient accumulation; no optimiser
 * update) on a small copy-task model, timed step by step, median after a warm-up. Measures the
 * fused engine (typed-array loops) and the tfjs `stepOnline` path on the active backend; the
 * PyTorch peer's `stream_online_full_ms_per_step_b1_H64_N32_L2` runs the same step.
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  createFusedEngine,
  disposeOnlineState,
  initOnlineState,
  stepOnline,
  type OnlineState,
} from '@olrd/rules';

/** The peer's streaming model: 2 layers, H = 64, N = 32, d_input 8, 7 binary heads. */
export const LATENCY_MODEL: ModelConfig = {
  ...defaultArchitecture,
  dInput: 8,
  dModel: 64,
  dHidden: 32,
  nLayers: 2,
  nClasses: 2,
  multidim: 7,
  activation: 'full_glu',
  prenorm: true,
  mode: 'none',
  pDropout: 0,
};

/** The goal: ≤ 0.2 ms per step, i.e. peer ms / olrd ms ≥ 1.65 against the peer's 0.33. */
export const LATENCY_GOAL_RATIO = 1.65;

export interface LatencyResult {
  /** `fused` (no tensor backend involved) or `tfjs` on `backend`. */
  engine: 'fused' | 'tfjs';
  backend: string | null;
  rule: 'online_full';
  /** Median, 10th and 90th percentile milliseconds per step. */
  msPerStep: number;
  p10MsPerStep: number;
  p90MsPerStep: number;
  steps: number;
  warmup: number;
}

/** A pool of inputs and targets that the timed steps cycle through. */
interface StepData {
  xs: Float32Array[];
  ys: Int32Array[];
  weight: Float32Array;
}

function stepData(config: ModelConfig, count: number): StepData {
  const uniform = uniformGenerator(11);
  return {
    xs: Array.from({ length: count }, () => normalArray(uniform, config.dInput)),
    ys: Array.from({ length: count }, () =>
      new Int32Array(config.multidim).map(() => (uniform() < 0.5 ? 1 : 0)),
    ),
    weight: new Float32Array([1]),
  };
}

function summarise(
  times: number[],
  engine: LatencyResult['engine'],
  backend: string | null,
  warmup: number,
): LatencyResult {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))] as number;
  return {
    engine,
    backend,
    rule: 'online_full',
    msPerStep: at(0.5),
    p10MsPerStep: at(0.1),
    p90MsPerStep: at(0.9),
    steps: times.length,
    warmup,
  };
}

function paramArrays(params: Params): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params))
    out[name] = tensor.dataSync().slice() as Float32Array;
  return out;
}

/** The fused engine: `steps` timed steps after `warmup` untimed ones. */
export function fusedLatency(steps: number, warmup: number): LatencyResult {
  const config = LATENCY_MODEL;
  const params = initParams(config, 0);
  const engine = createFusedEngine('online_full', paramArrays(params), config, 1);
  tf.dispose(Object.values(params));
  const data = stepData(config, 256);
  const times: number[] = [];
  for (let t = 0; t < warmup + steps; t++) {
    const i = t % data.xs.length;
    const start = performance.now();
    engine.step(data.xs[i] as Float32Array, { y: data.ys[i] as Int32Array, weight: data.weight });
    const elapsed = performance.now() - start;
    if (t >= warmup) times.push(elapsed);
  }
  engine.dispose();
  return summarise(times, 'fused', null, warmup);
}

/**
 * The tfjs path on the active backend: `stepOnline` per step (tensors in, autodiff, traces as
 * tensors) with the log-probabilities read back, as a learner needs them.
 */
export function tfjsLatency(backend: string, steps: number, warmup: number): LatencyResult {
  const config = LATENCY_MODEL;
  const params = initParams(config, 0);
  const data = stepData(config, 256);
  let state: OnlineState = initOnlineState('online_full', params, config, 1);
  const weight = tf.tensor1d(data.weight);
  const times: number[] = [];
  for (let t = 0; t < warmup + steps; t++) {
    const i = t % data.xs.length;
    const start = performance.now();
    const x = tf.tensor2d(data.xs[i] as Float32Array, [1, config.dInput]);
    const y = tf.tensor2d(data.ys[i] as Int32Array, [1, config.multidim], 'int32');
    const { state: next, logProbs } = stepOnline(state, params, config, x, { y, weight });
    disposeOnlineState(state);
    state = next;
    logProbs.dataSync();
    tf.dispose([x, y, logProbs]);
    const elapsed = performance.now() - start;
    if (t >= warmup) times.push(elapsed);
  }
  disposeOnlineState(state);
  tf.dispose([weight, ...Object.values(params)]);
  return summarise(times, 'tfjs', backend, warmup);
}
