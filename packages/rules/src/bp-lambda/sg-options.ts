/**
 * The options of the synthetic-gradient rules (spec 2 §9) and the checks every entry point runs:
 * the model must have a synthesiser, and γ, λ, s must be in range.
 */
import { isSynthesiserParam, type ModelConfig, type Params } from '@olrd/core';
import { isLearnerSgRule } from '../names/index.js';

/** BP(λ)'s knobs. */
export interface SyntheticGradientOptions {
  /** γ ∈ [0, 1]: the discount of later losses in the predicted future gradient; default 1. */
  gamma?: number;
  /** λ ∈ [0, 1]: 0 bootstraps every step (TD(0)), 1 is the Monte-Carlo target; default 1. */
  lambda?: number;
  /** s ≥ 0: the weight of the synthetic gradient in the RNN's learning signal ℓ_t + s·ĝ_t; default 1. */
  sgWeight?: number;
  /**
   * Streaming BP(λ)'s eligibility traces: `'auto'` (default) keeps per-unit traces on cells whose
   * Jacobian is block-diagonal (the LRU, O(S²) per example) and dense ones elsewhere (O(S³));
   * `'dense'` forces the dense form (to check or benchmark the per-unit one). Same gradients.
   */
  traces?: 'auto' | 'dense';
}

/** The defaults of the toy task (spec 2 §9): γ = λ = s = 1. */
export const SG_DEFAULTS: Readonly<Required<SyntheticGradientOptions>> = {
  gamma: 1,
  lambda: 1,
  sgWeight: 1,
  traces: 'auto',
};

/** The options with defaults filled in; throws a RangeError naming a bad one. */
export function resolveSgOptions(
  options: SyntheticGradientOptions,
  rule = 'bp_lambda',
): Required<SyntheticGradientOptions> {
  const resolved = { ...SG_DEFAULTS, ...stripUndefined(options) };
  for (const key of ['gamma', 'lambda'] as const) {
    const value = resolved[key];
    if (!(Number.isFinite(value) && value >= 0 && value <= 1))
      throw new RangeError(`${rule}: ${key} must be in [0, 1], got ${value}`);
  }
  if (!(Number.isFinite(resolved.sgWeight) && resolved.sgWeight >= 0))
    throw new RangeError(`${rule}: sgWeight must be a number ≥ 0, got ${resolved.sgWeight}`);
  if (resolved.traces !== 'auto' && resolved.traces !== 'dense')
    throw new RangeError(
      `${rule}: traces must be 'auto' or 'dense', got '${String(resolved.traces)}'`,
    );
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Throws naming the fix when the model has no synthesiser for `rule` to train. */
export function requireSynthesiser(rule: string, config: ModelConfig, params: Params): void {
  const missing = Array.from({ length: config.nLayers }, (_, i) => `layers.${i}.synth.kernel`).find(
    (name) => params[name] === undefined,
  );
  if (config.synthesiser !== true || missing !== undefined) {
    throw new Error(
      `rule '${rule}' trains a synthesiser per layer, but the model has none` +
        (missing === undefined ? '' : ` (no '${missing}')`) +
        `: build it with synthesiser: true in the model config (olrd train adds it for ${rule})`,
    );
  }
}

/** The model's own parameters, without the synthesisers. */
export function withoutSynthesisers(params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([name]) => !isSynthesiserParam(name)));
}

/**
 * An `OnlineLearner`'s BP(λ) options: γ, λ, s resolved for the BP(λ) rules, none for the others
 * (which refuse any). Throws a RangeError naming the problem.
 */
export function learnerSgOptions(
  rule: string,
  options: SyntheticGradientOptions | undefined,
): SyntheticGradientOptions {
  if (!isLearnerSgRule(rule)) {
    if (options === undefined) return {};
    throw new RangeError(
      `synthetic (γ, λ, s) is for the BP(λ) rules bp_lambda and online_full_bp_lambda, not '${rule}'`,
    );
  }
  const { gamma, lambda, sgWeight } = resolveSgOptions(options ?? {}, rule);
  return { gamma, lambda, sgWeight };
}
