/**
 * Fixtures of the engine tests: the (engine × learner rule × cell) cases the registry and the
 * fused support table give, a model and parameters for each, a batch as per-step arrays (the
 * targets and weights streaming execution uses), and exact and relative comparisons.
 */
import { tf } from '@olrd/tensor';
import {
  initParams,
  stepWeights,
  targetsPerStep,
  type LayerClass,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import { paramsWithSynthesiser, sgConfig } from '../bp-lambda/sg-test-helpers.js';
import type { Batch } from '../compute-gradients.js';
import { fusedSupportProblem } from '../fused/fused-support.js';
import { checkSupport, ruleTable, type LearnerRuleName } from '../names/index.js';
import type { EngineKind } from '../rule-definition.js';
import type { EngineTarget } from '../streaming-engine.js';
import { smallConfig } from '../test-helpers.js';

/** The cells every case is tried on. */
export const CELLS: readonly LayerClass[] = ['LRU', 'RNN', 'GRU', 'LSTM'];

/** BP(λ)'s options in the engine tests (not the defaults, so they must reach the engine). */
export const SG = { gamma: 0.9, lambda: 0.7, sgWeight: 0.8 };

/** One conformance case. */
export interface EngineCase {
  kind: Exclude<EngineKind, 'auto'>;
  rule: LearnerRuleName;
  cell: LayerClass;
}

/** A 2-layer `pool_st` model of `cell` for `rule` (with synthesisers when the rule trains them). */
export function caseConfig(rule: LearnerRuleName, cell: LayerClass): ModelConfig {
  const synthesiser = ruleTable().find((facts) => facts.name === rule)?.synthesiser === true;
  const gated = cell === 'GRU' || cell === 'LSTM';
  const overrides = { layerCls: cell, nLayers: 2, mode: 'pool_st' as const };
  if (synthesiser) return sgConfig({ ...overrides, ...(gated ? { dHidden: 4 } : {}) });
  return smallConfig({ ...overrides, ...(gated ? { dModel: 4, dHidden: 4 } : {}) });
}

/** Every (engine, learner rule, cell) the registry and the fused support table allow. */
export function engineCases(): EngineCase[] {
  const cases: EngineCase[] = [];
  for (const facts of ruleTable().filter((rule) => rule.learner)) {
    const rule = facts.name as LearnerRuleName;
    for (const cell of CELLS) {
      const config = caseConfig(rule, cell);
      if (checkSupport(rule, config, 'streaming') !== undefined) continue;
      cases.push({ kind: 'tfjs', rule, cell });
      if (fusedSupportProblem(rule, config) === undefined)
        cases.push({ kind: 'fused', rule, cell });
    }
  }
  return cases;
}

/** Parameters of `config` (a random synthesiser where it has one, so ĝ matters). */
export function caseParams(config: ModelConfig, seed: number): Params {
  return config.synthesiser === true
    ? paramsWithSynthesiser(config, seed)
    : initParams(config, seed);
}

/** Row-major copies of `params`. */
export function arraysOf(params: Params): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(params).map(([name, p]) => [name, p.dataSync().slice() as Float32Array]),
  );
}

/** Row-major parameters of `config` as {@link caseParams} draws them (no tensor left behind). */
export function paramArrays(config: ModelConfig, seed: number): Record<string, Float32Array> {
  const params = caseParams(config, seed);
  const arrays = arraysOf(params);
  tf.dispose(Object.values(params));
  return arrays;
}

/** A batch as the engines see it: inputs x_t [B, d_input] and targets per step. */
export interface StepArrays {
  xs: Float32Array[];
  targets: EngineTarget[];
}

/**
 * `batch` step by step, with the labels and the loss weights m_bt / (B·Σ_t m_bt) that streaming
 * execution gives each step (so an engine's gradient is comparable with `computeGradients`').
 */
export function stepArrays(batch: Batch, config: ModelConfig): StepArrays {
  const [size, time, depth] = batch.x.shape;
  const [x, labels, weights] = tf.tidy(() => [
    batch.x.dataSync() as Float32Array,
    targetsPerStep(batch.y, size, time, config).dataSync() as Int32Array,
    stepWeights(batch.mask).dataSync() as Float32Array,
  ]);
  const heads = config.multidim;
  const xs: Float32Array[] = [];
  const targets: EngineTarget[] = [];
  for (let t = 0; t < time; t++) {
    const xt = new Float32Array(size * depth);
    const y = new Int32Array(size * heads);
    const weight = new Float32Array(size);
    for (let b = 0; b < size; b++) {
      xt.set(x.subarray((b * time + t) * depth, (b * time + t + 1) * depth), b * depth);
      y.set(labels.subarray((b * time + t) * heads, (b * time + t + 1) * heads), b * heads);
      weight[b] = weights[b * time + t]!;
    }
    xs.push(xt);
    targets.push({ y, weight });
  }
  return { xs, targets };
}

/** The largest |a_i − b_i| (0 when equal, with −0 = 0). */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/**
 * The names whose ‖a − b‖∞ exceeds `tolerance`·max(1, ‖b‖∞), each with its error: empty when
 * the two gradients agree (a report that names the parameter that does not).
 */
export function gradientMismatches(
  a: Record<string, ArrayLike<number>>,
  b: Record<string, ArrayLike<number>>,
  tolerance: number,
): string[] {
  const out: string[] = [];
  for (const name of Object.keys(b)) {
    const want = b[name]!;
    const got = a[name];
    const scale = Math.max(1, ...Array.from(want, Math.abs));
    const error = got === undefined ? Infinity : maxDifference(got, want) / scale;
    if (!(error <= tolerance)) out.push(`${name}: ${error}`);
  }
  return out;
}
