/**
 * The tfjs streaming engine: `stepOnline` (tfjs autodiff for the same-step backward, explicit
 * traces as tensors) behind the `StreamingEngine` interface. It runs on any backend with
 * synchronous reads (cpu, wasm, tensorflow); the fused engine is the fast path at small batch.
 */
import { tf } from '@olrd/tensor';
import { paramShapes, type ModelConfig, type Params } from '@olrd/core';
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
import type { LruOnlineRuleName } from './rule-names.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from './streaming-engine.js';

/** Σ_b weight_b · (−mean over heads of log p[y]) for log-probs [B, multidim, C]. */
export function weightedStepLoss(
  logProbs: Float32Array,
  target: EngineTarget,
  multidim: number,
  classes: number,
): number {
  let loss = 0;
  const batch = target.weight.length;
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let head = 0; head < multidim; head++) {
      const label = target.y[b * multidim + head] as number;
      sum -= logProbs[(b * multidim + head) * classes + label] as number;
    }
    loss += (target.weight[b] as number) * (sum / multidim);
  }
  return loss;
}

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
  const shapes = paramShapes(config);
  const toTensors = (values: Record<string, Float32Array>): Params => {
    const out: Params = {};
    for (const [name, shape] of Object.entries(shapes)) {
      const array = values[name];
      if (array === undefined) throw new Error(`streaming engine: missing parameter '${name}'`);
      out[name] = tf.tensor(array, shape);
    }
    return out;
  };
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
      const input = tf.tensor2d(x, [batchSize, config.dInput]);
      const stepTarget =
        target === null
          ? null
          : {
              y: tf.tensor2d(target.y, [batchSize, config.multidim], 'int32'),
              weight: tf.tensor1d(target.weight),
            };
      const { state: next, logProbs } = stepOnline(
        state,
        tensors,
        config,
        input,
        stepTarget,
        masks,
      );
      replace(next);
      const values = logProbs.dataSync() as Float32Array;
      tf.dispose([
        input,
        logProbs,
        ...(stepTarget === null ? [] : [stepTarget.y, stepTarget.weight]),
      ]);
      return {
        logProbs: values,
        loss:
          target === null ? 0 : weightedStepLoss(values, target, config.multidim, config.nClasses),
      };
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
