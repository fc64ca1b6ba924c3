/**
 * Rule and execution names. The LRU's online modes keep the reference's spelling (spec 1 §0);
 * the rules for every cell follow the literature (SnAp-1, RTRL, truncated BPTT).
 */

/**
 * A learning rule:
 * - `bptt`: exact backpropagation through time.
 * - `tbptt`: BPTT within chunks of `truncation` steps, the carry detached between chunks.
 * - `online_full`: exact in-layer RTRL for the LRU's diagonal recurrence + spatial errors.
 * - `online_1truncated`: one-step sensitivities (the carry h_{t−1} detached).
 * - `online_spatial`: additionally stops the recurrent terms, so recurrent weights get 0.
 * - `snap1`: SnAp-1, traces through the diagonal of the recurrent Jacobian (= online_full on the LRU).
 * - `rtrl`: exact real-time recurrent learning with the full sensitivity matrix (small models).
 * - `bp_lambda`: BP(λ) (spec 2): one-step sensitivities driven by ℓ_t + s·ĝ_t, with a linear
 *   synthesiser per layer learning the future gradient ĝ_t online by TD(λ)-style traces.
 * - `online_full_bp_lambda`: the LRU hybrid: online_full within each layer, plus a BP(λ)
 *   synthesiser per layer for the credit online_full truncates (what reaches the layer below).
 * - `dni`: `tbptt` plus synthetic gradients at the chunk boundaries (Jaderberg et al. 2017), the
 *   synthesiser regressed on the gradient arriving at each boundary (spec 2 §6.2).
 */
export type RuleName =
  | 'bptt'
  | 'tbptt'
  | 'online_full'
  | 'online_1truncated'
  | 'online_spatial'
  | 'snap1'
  | 'rtrl'
  | SyntheticGradientRuleName;
/** The rules that train a synthesiser (the model needs `synthesiser: true`). */
export type SyntheticGradientRuleName = 'bp_lambda' | 'online_full_bp_lambda' | 'dni';
export const SYNTHETIC_GRADIENT_RULES: readonly SyntheticGradientRuleName[] = [
  'bp_lambda',
  'online_full_bp_lambda',
  'dni',
];

/** True for the rules that train a synthesiser. */
export function isSyntheticGradientRule(name: string): name is SyntheticGradientRuleName {
  return (SYNTHETIC_GRADIENT_RULES as readonly string[]).includes(name);
}
/** The LRU's online rules, which have trace-based streaming engines (tfjs and fused). */
export type LruOnlineRuleName = 'online_full' | 'online_1truncated' | 'online_spatial';
/**
 * The rules the streaming `OnlineLearner` runs: the LRU's online rules on the LRU (fused or tfjs
 * engine), and `online_1truncated`, `online_spatial` and `snap1` on every cell (`snap1` is
 * `online_full` on the LRU).
 */
export type OnlineRuleName = LruOnlineRuleName | 'snap1';
export const ONLINE_RULES: readonly OnlineRuleName[] = [
  'online_full',
  'online_1truncated',
  'online_spatial',
  'snap1',
];
/** The BP(λ) rules the `OnlineLearner` runs (tfjs engine; the model needs `synthesiser: true`). */
export type LearnerSgRuleName = 'bp_lambda' | 'online_full_bp_lambda';
/** Every rule the `OnlineLearner` runs: the online rules and the BP(λ) ones. */
export type LearnerRuleName = OnlineRuleName | LearnerSgRuleName;
export const LEARNER_RULES: readonly LearnerRuleName[] = [
  ...ONLINE_RULES,
  'bp_lambda',
  'online_full_bp_lambda',
];

/** True for the BP(λ) rules the `OnlineLearner` runs. */
export function isLearnerSgRule(name: string): name is LearnerSgRuleName {
  return name === 'bp_lambda' || name === 'online_full_bp_lambda';
}
/** `sequence`: whole sequences at once (fast); `streaming`: one step at a time, memory flat in T. */
export type Execution = 'sequence' | 'streaming';

export const RULE_NAMES: readonly RuleName[] = [
  'bptt',
  'tbptt',
  'online_full',
  'online_1truncated',
  'online_spatial',
  'snap1',
  'rtrl',
  'bp_lambda',
  'online_full_bp_lambda',
  'dni',
];
export const LRU_ONLINE_RULES: readonly LruOnlineRuleName[] = [
  'online_full',
  'online_1truncated',
  'online_spatial',
];
export const EXECUTIONS: readonly Execution[] = ['sequence', 'streaming'];

/** Throws an error naming the allowed rules when `name` is not one. */
export function parseRuleName(name: string): RuleName {
  if ((RULE_NAMES as readonly string[]).includes(name)) return name as RuleName;
  throw new RangeError(`unknown rule '${name}': use one of ${RULE_NAMES.join(', ')}`);
}

/** Throws an error naming the allowed executions when `name` is not one. */
export function parseExecution(name: string): Execution {
  if ((EXECUTIONS as readonly string[]).includes(name)) return name as Execution;
  throw new RangeError(`unknown execution '${name}': use one of ${EXECUTIONS.join(', ')}`);
}

/** True for the LRU's online rules (the ones the streaming engines and `OnlineLearner` run). */
export function isLruOnlineRule(name: string): name is LruOnlineRuleName {
  return (LRU_ONLINE_RULES as readonly string[]).includes(name);
}

/** LRU parameter names whose gradient an online rule forms from traces instead of autodiff. */
export function isRecurrentParam(name: string): boolean {
  return /\.rec\.(nu|theta|gamma_log|B_re|B_im)$/.test(name);
}
