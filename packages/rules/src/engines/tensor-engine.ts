/**
 * The tensor engine: any learner rule's streaming form (its registry record's `streaming`, a
 * {@link StreamingRule} over a plain tree of tensors) behind the `StreamingEngine` interface, so
 * the `OnlineLearner` runs every rule on every cell the rule supports. tfjs ops per step, on any
 * backend with synchronous reads (cpu, wasm, tensorflow); the fused engine (fused/) is the fast
 * path where it applies. The state is handled by path name (state-tree.ts), so no rule needs
 * engine code of its own.
 */
import { tf } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import { requireSynthesiser, type SyntheticGradientOptions } from '../bp-lambda/sg-options.js';
import type { StreamingRule } from '../cell-rules/streaming-rule.js';
import { DEFAULT_TRUNCATION } from '../compute-gradients.js';
import { paramsFromArrays, tensorStep } from './engine-io.js';
import { requireClassificationEngine } from '../engine-loss.js';
import { requireSupport } from '../names/check-support.js';
import type { LearnerRuleName } from '../names/index.js';
import { lookupRule } from '../registry.js';
import type { RuleDefinition } from '../rule-definition.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from '../streaming-engine.js';
import { exportTree, importTree, resetElements, zeroAccumulators } from './state-tree.js';

/** Options of {@link createTensorEngine}. */
export interface TensorEngineOptions {
  /** BP(λ)'s γ, λ and s (the BP(λ) rules only; defaults as `SG_DEFAULTS`). */
  synthetic?: SyntheticGradientOptions;
  /**
   * Dropout masks per layer, per site of the post block, each [B, H] with values 0 or 1/(1 − p),
   * held for every step. Absent or empty: dropout off.
   */
  dropoutMasks?: Float32Array[][];
}

/**
 * The record of `rule` after the checks every engine makes: the rule streams this model, it is a
 * learner rule, and the head is a classification head.
 *
 * @throws RangeError naming the fix when one fails
 */
export function requireStreamingLearner(
  rule: string,
  config: ModelConfig,
  what: string,
): RuleDefinition {
  requireClassificationEngine(config, what);
  const definition = lookupRule(rule);
  requireSupport(rule, config, 'streaming');
  if (!definition.learner || definition.streaming === undefined)
    throw new RangeError(`rule '${rule}' has no streaming engine: the OnlineLearner cannot run it`);
  return definition;
}

/**
 * Creates the tensor engine of `rule`; `params` are row-major arrays with the shapes of
 * `paramShapes(config)` (the synthesisers included for the BP(λ) rules).
 *
 * @example
 * ```ts
 * const engine = createTensorEngine('snap1', arrays, { ...config, layerCls: 'GRU' }, 1);
 * const { logProbs, loss } = engine.step(x, { y, weight });
 * ```
 * @throws RangeError (or Error, for a missing synthesiser) naming the fix when the rule cannot
 *   stream this model
 */
export function createTensorEngine(
  rule: LearnerRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  options: TensorEngineOptions = {},
): StreamingEngine {
  const definition = requireStreamingLearner(rule, config, "engine 'tfjs'");
  const form = (definition.streaming as NonNullable<RuleDefinition['streaming']>)({
    config,
    truncation: DEFAULT_TRUNCATION,
    maxSensitivityBytes: undefined,
    synthetic: options.synthetic ?? {},
  }) as StreamingRule<unknown>;
  const prefix = definition.statePrefix ?? '';
  const toTensors = (values: Record<string, Float32Array>): Params =>
    paramsFromArrays(config, values);
  let tensors = toTensors(params);
  if (definition.synthesiser) requireSynthesiser(rule, config, tensors);
  let state = form.init(tensors, config, batchSize);
  let steps = 0;
  const masks = (options.dropoutMasks ?? []).map((sites) =>
    sites.map((mask) => tf.tensor2d(mask, [batchSize, config.dModel])),
  );
  const replace = (next: unknown): void => {
    form.dispose(state);
    state = next;
  };
  return {
    rule,
    batchSize,
    step(x: Float32Array, target: EngineTarget | null, last?: boolean): EngineStepResult {
      return tensorStep(config, batchSize, x, target, (input, stepTarget) => {
        const next = form.step(state, tensors, config, input, stepTarget, masks, last);
        replace(next.state);
        steps++;
        return next.logProbs;
      });
    },
    gradients(): Record<string, Float32Array> {
      const grads = form.gradients(state, tensors);
      const out: Record<string, Float32Array> = {};
      for (const [name, grad] of Object.entries(grads))
        out[name] = grad.dataSync().slice() as Float32Array;
      tf.dispose(Object.values(grads));
      return out;
    },
    resetGradients(): void {
      replace(zeroAccumulators(state));
    },
    resetState(which?: readonly number[]): void {
      const keep = new Float32Array(batchSize).fill(which === undefined ? 0 : 1);
      for (const b of which ?? []) {
        if (!(Number.isInteger(b) && b >= 0 && b < batchSize))
          throw new RangeError(`resetState: batch element ${b} is not in [0, ${batchSize})`);
        keep[b] = 0;
      }
      replace(resetElements(state, keep));
    },
    setParams(values: Record<string, Float32Array>): void {
      const next = toTensors(values);
      tf.dispose(Object.values(tensors));
      tensors = next;
    },
    exportState(): Record<string, EngineArray> {
      return { step: new Float32Array([steps]), ...exportTree(state, prefix) };
    },
    importState(values: Record<string, EngineArray>): void {
      const fresh = form.init(tensors, config, batchSize);
      try {
        replace(importTree(fresh, values, prefix));
      } finally {
        form.dispose(fresh);
      }
      steps = values['step']?.[0] ?? 0;
    },
    dispose(): void {
      form.dispose(state);
      tf.dispose([...Object.values(tensors), ...masks.flat()]);
    },
  };
}
