/**
 * What a learning rule is, told without tensors: its name, what it does, what it can train and how
 * much it keeps. The CLI's help, the web page's choices and the memory estimates read these facts,
 * so they need no tfjs (the `@olrd/rules/names` subpath).
 */
import type { LayerClass, PoolingMode } from '@olrd/core';

/** `sequence`: whole sequences at once (fast); `streaming`: one step at a time, memory flat in T. */
export type Execution = 'sequence' | 'streaming';

/** The readouts a rule may train: per-step classes, regression (`loss: 'mse'`), two towers. */
export type Head = 'classification' | 'regression' | 'retrieval';

/**
 * What a rule keeps to form its gradient (apps/web's memory estimates):
 * - `tape`: the autodiff tape of every step (BPTT);
 * - `chunk-tape`: the tape of one chunk of `truncation` steps (tbptt, dni);
 * - `sensitivities`: the full sensitivity matrix ∂s/∂θ (rtrl);
 * - `lru-traces`: the LRU's diagonal traces (online_full);
 * - `diagonal-traces`: the LRU's traces on the LRU, the diagonal of ∂s/∂θ elsewhere (snap1);
 * - `states`: the states only (the one-step rules);
 * - `synthesiser`: a synthesiser's traces per layer (bp_lambda);
 * - `lru-traces-synthesiser`: both of the last two (online_full_bp_lambda).
 */
export type MemoryKind =
  | 'tape'
  | 'chunk-tape'
  | 'sensitivities'
  | 'lru-traces'
  | 'diagonal-traces'
  | 'states'
  | 'synthesiser'
  | 'lru-traces-synthesiser';

/** The options of `computeGradients` a rule reads. */
export type RuleOption = 'truncation' | 'maxSensitivityBytes' | 'synthetic';

/** Which models and executions a rule trains; anything outside is refused by `checkSupport`. */
export interface RuleSupport {
  /**
   * `all`, or the cells it needs, with the words of the refusal: `rule '<name>' <needs>; for
   * <cell> use <instead>`.
   */
  readonly cells:
    | 'all'
    | { readonly only: readonly LayerClass[]; readonly needs: string; readonly instead: string };
  /**
   * The executions it runs in; when only `sequence`, the refusal reads `rule '<name>' <needs>:
   * use execution 'sequence' (--execution sequence), or <instead>`.
   */
  readonly executions:
    | 'all'
    | { readonly only: readonly Execution[]; readonly needs: string; readonly instead: string };
  /** Pooling modes in sequence execution (streaming never takes `pool`: it needs every step). */
  readonly pooling: readonly PoolingMode[];
  /** Heads in sequence execution (streaming never takes the retrieval head). */
  readonly heads: readonly Head[];
}

/** The tensor-free half of a rule's record (the registry adds its maths). */
export interface RuleFacts {
  /** The name users type (the reference's mode names, spec 5 §25). */
  readonly name: string;
  /** One line for help texts. */
  readonly description: string;
  /** A few words beside the name in the web page's selectors. */
  readonly hint: string;
  readonly supports: RuleSupport;
  /** The `computeGradients` options it reads. */
  readonly options: readonly RuleOption[];
  /** Trains a synthesiser (the model needs `synthesiser: true`). */
  readonly synthesiser: boolean;
  /** The streaming `OnlineLearner` runs it step by step (its streaming form, on the tensor engine). */
  readonly learner: boolean;
  readonly memory: MemoryKind;
}
