/**
 * The tfjs streaming engine: `stepOnline` (tfjs autodiff for the same-step backward, explicit
 * traces as tensors) behind the `StreamingEngine` interface. It runs on any backend with
 * synchronous reads (cpu, wasm, tensorflow); the fused engine is the fast path at small batch.
 */
import { tf } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import {
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  resetOnlineState,
  stepOnline,
  zeroOnlineGradients,
  type OnlineState,
} from './online-lru.js';
import { requireClassificationEngine } from './engine-loss.js';
import { paramsFromArrays, tensorStep } from './engine-io.js';
import type { LruOnlineRuleName } from './names/index.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from './streaming-engine.js';

export { weightedStepLoss } from './engine-io.js';

/** State tensors by stable names, for export and import. */
function stateEntries(state: OnlineState): Array<[string, tf.Tensor]> {
  const entries: Array<[string, tf.Tensor]> = [
    ['counts', state.counts],
    ['featureSum', state.featureSum],
  ];
  state.hidden.forEach((h, l) => entries.push([`hidden.${l}.re`, h.re], [`hidden.${l}.im`, h.im]));
  state.traces.forEach((t, l) => {
    for (const key of ['lambda', 'gamma', 'input', 'gradLambda', 'gradB'] as const) {
      entries.push([`traces.${l}.${key}.re`, t[key].re], [`traces.${l}.${key}.im`, t[key].im]);
    }
    entries.push([`traces.${l}.gradGamma`, t.gradGamma]);
  });
  for (const [name, grad] of Object.entries(state.spatialGrads))
    entries.push([`spatialGrads.${name}`, grad]);
  return entries;
}

/** Creates a tfjs engine; `params` are row-major arrays with the shapes of `paramShapes(config)`. */
export function createTfjsEngine(
  rule: LruOnlineRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  options: { dropoutMasks?: Float32Array[][] } = {},
): StreamingEngine {
  requireClassificationEngine(config, 'tfjs engine');
  const toTensors = (values: Record<string, Float32Array>): Params =>
    paramsFromArrays(config, values);
  let tensors = toTensors(params);
  let state = initOnlineState(rule, tensors, config, batchSize);
  const masks = (options.dropoutMasks ?? []).map((sites) =>
    sites.map((mask) => tf.tensor2d(mask, [batchSize, config.dModel])),
  );
  const replace = (next: OnlineState): void => {
    disposeOnlineState(state);
    state = next;
  };
  return {
    rule,
    batchSize,
    step(x: Float32Array, target: EngineTarget | null): EngineStepResult {
      return tensorStep(config, batchSize, x, target, (input, stepTarget) => {
        const { state: next, logProbs } = stepOnline(
          state,
          tensors,
          config,
          input,
          stepTarget,
          masks,
        );
        replace(next);
        return logProbs;
      });
    },
    gradients(): Record<string, Float32Array> {
      const grads = onlineGradients(state, tensors);
      const out: Record<string, Float32Array> = {};
      for (const [name, grad] of Object.entries(grads)) out[name] = grad.dataSync() as Float32Array;
      tf.dispose(Object.values(grads));
      return out;
    },
    resetGradients(): void {
      replace(zeroOnlineGradients(state));
    },
    resetState(which?: readonly number[]): void {
      const keep = new Float32Array(batchSize).fill(which === undefined ? 0 : 1);
      for (const b of which ?? []) keep[b] = 0;
      const mask = tf.tensor1d(keep);
      replace(resetOnlineState(state, mask));
      mask.dispose();
    },
    setParams(values: Record<string, Float32Array>): void {
      const next = toTensors(values);
      tf.dispose(Object.values(tensors));
      tensors = next;
    },
    exportState(): Record<string, Float32Array> {
      const out: Record<string, Float32Array> = { step: new Float32Array([state.step]) };
      for (const [name, tensor] of stateEntries(state))
        out[name] = tensor.dataSync().slice() as Float32Array;
      return out;
    },
    importState(values: Record<string, EngineArray>): void {
      const fresh = initOnlineState(rule, tensors, config, batchSize);
      const filled = stateFromArrays(fresh, values);
      disposeOnlineState(fresh);
      replace(filled);
    },
    dispose(): void {
      disposeOnlineState(state);
      tf.dispose([...Object.values(tensors), ...masks.flat()]);
    },
  };
}

/** A state shaped like `template` whose tensors hold `values` (every entry must be present). */
function stateFromArrays(template: OnlineState, values: Record<string, EngineArray>): OnlineState {
  const lookup = new Map<tf.Tensor, tf.Tensor>();
  for (const [name, tensor] of stateEntries(template)) {
    const array = values[name];
    if (array === undefined || array.length !== tensor.size) {
      throw new Error(
        `streaming state: '${name}' is ${array === undefined ? 'missing' : `of size ${array.length}, expected ${tensor.size}`}`,
      );
    }
    lookup.set(tensor, tf.tensor(Float32Array.from(array), tensor.shape));
  }
  const swap = (t: tf.Tensor): tf.Tensor => lookup.get(t) as tf.Tensor;
  const pair = (p: { re: tf.Tensor; im: tf.Tensor }) => ({ re: swap(p.re), im: swap(p.im) });
  return {
    rule: template.rule,
    step: values['step']?.[0] ?? 0,
    counts: swap(template.counts),
    featureSum: swap(template.featureSum),
    hidden: template.hidden.map(pair),
    traces: template.traces.map((t) => ({
      lambda: pair(t.lambda),
      gamma: pair(t.gamma),
      input: pair(t.input),
      gradLambda: pair(t.gradLambda),
      gradGamma: swap(t.gradGamma),
      gradB: pair(t.gradB),
    })),
    spatialGrads: Object.fromEntries(
      Object.entries(template.spatialGrads).map(([n, g]) => [n, swap(g)]),
    ),
    loss: tf.scalar(0),
  };
}
