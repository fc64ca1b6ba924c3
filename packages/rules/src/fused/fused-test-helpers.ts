/**
 * Fixtures of the fused engine's tests: a step-by-step scenario (inputs, targets, dropout masks),
 * its run through the tfjs reference (`stepOnline`) and through an engine, and array comparisons.
 */
import { tf } from '@olrd/tensor';
import {
  disposeMasks,
  drawDropoutMasks,
  initParams,
  normalArray,
  paramShapes,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
  type OnlineState,
} from '../online-lru.js';
import type { LruOnlineRuleName } from '../names/index.js';
import type { EngineTarget, StreamingEngine } from '../streaming-engine.js';

/** Inputs [B, d_input] and targets (null = no loss this step) per step, and optional masks. */
export interface Scenario {
  batchSize: number;
  xs: Float32Array[];
  targets: (EngineTarget | null)[];
  dropoutSeed?: number;
}

/** What a run produced: per-step log-probabilities and losses, and the final gradients. */
export interface RunResult {
  logProbs: Float32Array[];
  losses: number[];
  grads: Record<string, Float32Array>;
}

/** Perturbed parameters (so biases, norms and GLU are not at their init values), as arrays. */
export function scenarioParams(config: ModelConfig, seed: number): Record<string, Float32Array> {
  const params = initParams(config, seed);
  const uniform = uniformGenerator(seed + 1000);
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params)) {
    const values = tensor.dataSync() as Float32Array;
    const noise = normalArray(uniform, values.length, 0.1);
    out[name] = values.map((v, i) => v + noise[i]!);
  }
  tf.dispose(Object.values(params));
  return out;
}

/**
 * `time` random steps for `batchSize` sequences; in `last` mode only the final step has a target,
 * otherwise every step but `skipStep` does, and element 1 (if any) has weight 0 at step 0.
 */
export function randomScenario(
  config: ModelConfig,
  batchSize: number,
  time: number,
  seed: number,
  options: { dropoutSeed?: number; skipStep?: number } = {},
): Scenario {
  const uniform = uniformGenerator(seed);
  const xs: Float32Array[] = [];
  const targets: (EngineTarget | null)[] = [];
  for (let t = 0; t < time; t++) {
    xs.push(normalArray(uniform, batchSize * config.dInput));
    const hasTarget = config.mode === 'last' ? t === time - 1 : t !== options.skipStep;
    if (!hasTarget) {
      targets.push(null);
      continue;
    }
    const y = new Int32Array(batchSize * config.multidim).map(() =>
      Math.floor(uniform() * config.nClasses),
    );
    const weight = new Float32Array(batchSize).map(() => (0.5 + uniform()) / batchSize);
    if (t === 0 && batchSize > 1) weight[1] = 0;
    targets.push({ y, weight });
  }
  return {
    batchSize,
    xs,
    targets,
    ...(options.dropoutSeed === undefined ? {} : { dropoutSeed: options.dropoutSeed }),
  };
}

/** The scenario's dropout masks as arrays (per layer, per site, [B, H]); [] when off. */
export function scenarioMasks(config: ModelConfig, scenario: Scenario): Float32Array[][] {
  if (scenario.dropoutSeed === undefined) return [];
  const masks = drawDropoutMasks(config, scenario.batchSize, scenario.dropoutSeed);
  const arrays = masks.map((sites) => sites.map((mask) => mask.dataSync() as Float32Array));
  disposeMasks(masks);
  return arrays;
}

/** Runs the scenario through the tfjs reference, `stepOnline`. */
export function runReference(
  rule: LruOnlineRuleName,
  values: Record<string, Float32Array>,
  config: ModelConfig,
  scenario: Scenario,
): RunResult {
  const params: Params = {};
  for (const [name, shape] of Object.entries(paramShapes(config)))
    params[name] = tf.tensor(values[name] as Float32Array, shape);
  const masks =
    scenario.dropoutSeed === undefined
      ? []
      : drawDropoutMasks(config, scenario.batchSize, scenario.dropoutSeed);
  let state: OnlineState = initOnlineState(rule, params, config, scenario.batchSize);
  const logProbs: Float32Array[] = [];
  const losses: number[] = [];
  scenario.xs.forEach((x, t) => {
    const target = scenario.targets[t] ?? null;
    const xTensor = tf.tensor2d(x, [scenario.batchSize, config.dInput]);
    const targetTensors =
      target === null
        ? null
        : {
            y: tf.tensor2d(target.y, [scenario.batchSize, config.multidim], 'int32'),
            weight: tf.tensor1d(target.weight),
          };
    const { state: next, logProbs: stepLogProbs } = stepOnline(
      state,
      params,
      config,
      xTensor,
      targetTensors,
      masks,
    );
    disposeOnlineState(state);
    state = next;
    const lp = stepLogProbs.dataSync() as Float32Array;
    logProbs.push(lp);
    losses.push(target === null ? 0 : weightedLoss(lp, target, config));
    tf.dispose([
      xTensor,
      stepLogProbs,
      ...(targetTensors ? [targetTensors.y, targetTensors.weight] : []),
    ]);
  });
  const gradTensors = onlineGradients(state, params);
  const grads: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(gradTensors))
    grads[name] = tensor.dataSync() as Float32Array;
  tf.dispose([...Object.values(gradTensors), ...Object.values(params)]);
  disposeOnlineState(state);
  disposeMasks(masks);
  return { logProbs, losses, grads };
}

/** Σ_b weight_b·CE_b from log-probabilities [B, multidim, classes]. */
export function weightedLoss(
  logProbs: Float32Array,
  target: EngineTarget,
  config: ModelConfig,
): number {
  const { multidim, nClasses } = config;
  let loss = 0;
  target.weight.forEach((weight, b) => {
    let picked = 0;
    for (let h = 0; h < multidim; h++)
      picked += logProbs[(b * multidim + h) * nClasses + target.y[b * multidim + h]!]!;
    loss -= (weight * picked) / multidim;
  });
  return loss;
}

/** Runs the scenario (or its steps `from`..`to`) through an engine. */
export function runEngine(
  engine: StreamingEngine,
  scenario: Scenario,
  from = 0,
  to = scenario.xs.length,
): RunResult {
  const logProbs: Float32Array[] = [];
  const losses: number[] = [];
  for (let t = from; t < to; t++) {
    const result = engine.step(scenario.xs[t]!, scenario.targets[t] ?? null);
    logProbs.push(result.logProbs);
    losses.push(result.loss);
  }
  return { logProbs, losses, grads: engine.gradients() };
}

/** ‖a − b‖ / max(‖b‖, 1e-12). */
export function arrayRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    scale += b[i]! ** 2;
  }
  if (a.length !== b.length) return Infinity;
  return Math.sqrt(diff) / Math.max(Math.sqrt(scale), 1e-12);
}

/** Readable mismatches between two runs: names (or steps) whose relative error exceeds `tol`. */
export function runMismatches(actual: RunResult, expected: RunResult, tol: number): string[] {
  const out: string[] = [];
  const check = (label: string, a: ArrayLike<number>, b: ArrayLike<number>): void => {
    const error = arrayRelativeError(a, b);
    if (!(error <= tol)) out.push(`${label}: relative error ${error.toExponential(2)}`);
  };
  expected.logProbs.forEach((lp, t) => check(`logProbs step ${t}`, actual.logProbs[t]!, lp));
  check('losses', actual.losses, expected.losses);
  for (const name of Object.keys(expected.grads))
    check(name, actual.grads[name] ?? [], expected.grads[name]!);
  for (const name of Object.keys(actual.grads))
    if (!(name in expected.grads)) out.push(`${name}: not in the reference`);
  return out;
}
