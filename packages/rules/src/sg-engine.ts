/**
 * The streaming engine of the BP(λ) rules (`bp_lambda` on every cell, `online_full_bp_lambda` on
 * the LRU) behind the `StreamingEngine` interface, so the `OnlineLearner` can update the model and
 * the synthesisers at every step: Theorem A.1's truly online regime (spec 2 §3.4), which the
 * reference code implements but never runs. tfjs ops per step, any backend with synchronous reads.
 *
 * The rules' states are plain tensor trees; this engine names every tensor by its path, so
 * export, import and resets need no per-rule code: accumulators (gradients, the loss) are shared
 * by the batch, everything else leads with the batch (per unit traces with B·N) and is reset per
 * element.
 */
import { mapTree, tf, tidyTree, forEachTensor } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import { bpLambdaStreamingRule } from './bp-lambda/bp-lambda-streaming.js';
import { hybridStreamingRule } from './bp-lambda/hybrid-streaming.js';
import {
  requireSynthesiser,
  resolveSgOptions,
  type SyntheticGradientOptions,
} from './bp-lambda/sg-options.js';
import type { StreamingRule } from './cell-rules/streaming-rule.js';
import { requireClassificationEngine } from './engine-loss.js';
import { requireSupport } from './names/check-support.js';
import type { LearnerSgRuleName } from './names/index.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from './streaming-engine.js';
import { paramsFromArrays, tensorStep } from './engine-io.js';

/** Paths of the tensors summed over the batch: gradients and the loss. */
function isAccumulator(path: string): boolean {
  return /(^|\.)(grads|spatialGrads)\.|(^|\.)grad[A-Z]\w*(\.|$)|(^|\.)loss$/.test(path);
}

/**
 * Creates the engine; `params` are row-major arrays with the shapes of `paramShapes(config)`
 * (the synthesisers included: `config.synthesiser` must be true).
 *
 * @example
 * ```ts
 * const engine = createSgEngine('bp_lambda', arrays, { ...config, synthesiser: true }, 1, { lambda: 0.9 });
 * const { logProbs, loss } = engine.step(x, { y, weight });
 * ```
 */
export function createSgEngine(
  rule: LearnerSgRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  options: SyntheticGradientOptions = {},
): StreamingEngine {
  requireClassificationEngine(config, `rule '${rule}'`);
  requireSupport(rule, config, 'streaming');
  const sg = resolveSgOptions(options, rule);
  const toTensors = (values: Record<string, Float32Array>): Params =>
    paramsFromArrays(config, values);
  const engine = (
    rule === 'bp_lambda' ? bpLambdaStreamingRule(sg) : hybridStreamingRule(sg)
  ) as StreamingRule<unknown>;
  let tensors = toTensors(params);
  requireSynthesiser(rule, config, tensors);
  let state = engine.init(tensors, config, batchSize);
  let steps = 0;
  const replace = (next: unknown): void => {
    engine.dispose(state);
    state = next;
  };
  return {
    rule,
    batchSize,
    step(x: Float32Array, target: EngineTarget | null, last?: boolean): EngineStepResult {
      return tensorStep(config, batchSize, x, target, (input, stepTarget) => {
        const { state: next, logProbs } = engine.step(
          state,
          tensors,
          config,
          input,
          stepTarget,
          [],
          last,
        );
        replace(next);
        steps++;
        return logProbs;
      });
    },
    gradients(): Record<string, Float32Array> {
      const grads = engine.gradients(state, tensors);
      const out: Record<string, Float32Array> = {};
      for (const [name, grad] of Object.entries(grads))
        out[name] = grad.dataSync().slice() as Float32Array;
      tf.dispose(Object.values(grads));
      return out;
    },
    resetGradients(): void {
      replace(mapTree(state, (t, path) => (isAccumulator(path) ? tf.zerosLike(t) : tf.clone(t))));
    },
    resetState(which?: readonly number[]): void {
      const keep = new Float32Array(batchSize).fill(which === undefined ? 0 : 1);
      for (const b of which ?? []) keep[b] = 0;
      const next = tidyTree(() => {
        const mask = tf.tensor2d(keep, [batchSize, 1]);
        return mapTree(state, (t, path) =>
          isAccumulator(path)
            ? tf.clone(t)
            : tf.reshape(tf.mul(tf.reshape(t, [batchSize, -1]), mask), t.shape),
        );
      });
      replace(next);
    },
    setParams(values: Record<string, Float32Array>): void {
      const next = toTensors(values);
      tf.dispose(Object.values(tensors));
      tensors = next;
    },
    exportState(): Record<string, EngineArray> {
      const out: Record<string, EngineArray> = { step: new Float32Array([steps]) };
      forEachTensor(state, (tensor, path) => {
        out[`state.${path}`] = tensor.dataSync().slice() as Float32Array;
      });
      return out;
    },
    importState(values: Record<string, EngineArray>): void {
      const fresh = engine.init(tensors, config, batchSize);
      try {
        // In a tidy: a bad entry throws, and what was already made is freed.
        const filled = tidyTree(() =>
          mapTree(fresh, (tensor, path) => {
            const array = values[`state.${path}`];
            if (array === undefined || array.length !== tensor.size) {
              throw new Error(
                `streaming state: '${path}' is ${array === undefined ? 'missing' : `of size ${array.length}, expected ${tensor.size}`}`,
              );
            }
            return tf.tensor(Float32Array.from(array), tensor.shape);
          }),
        );
        replace(filled);
      } finally {
        engine.dispose(fresh);
      }
      steps = values['step']?.[0] ?? 0;
    },
    dispose(): void {
      engine.dispose(state);
      tf.dispose(Object.values(tensors));
    },
  };
}
