/**
 * The streaming engine of every cell (RNN, GRU, LSTM, and the LRU through the generic code):
 * `cellStreamingRule` (online_1truncated, online_spatial, snap1) behind the `StreamingEngine`
 * interface, so the `OnlineLearner` teaches any cell online. tfjs ops per step, any backend with
 * synchronous reads.
 */
import { tf, tidyTree } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import {
  cellStreamingRule,
  type CellStreamingRuleName,
  type CellStreamState,
} from './cell-rules/cell-streaming.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from './streaming-engine.js';
import { requireClassificationEngine } from './engine-loss.js';
import { requireSupport } from './names/check-support.js';
import { paramsFromArrays, tensorStep } from './engine-io.js';

/** State tensors by stable names, for export and import. */
function stateEntries(state: CellStreamState): Array<[string, tf.Tensor]> {
  const entries: Array<[string, tf.Tensor]> = [
    ['counts', state.counts],
    ['featureSum', state.featureSum],
  ];
  state.states.forEach((s, l) => entries.push([`states.${l}`, s]));
  for (const [name, traces] of Object.entries(state.traces))
    traces.forEach((trace, c) => entries.push([`traces.${name}.${c}`, trace]));
  for (const [name, grad] of Object.entries(state.grads)) entries.push([`grads.${name}`, grad]);
  return entries;
}

/** A state shaped like `template` with every tensor replaced by `replace(name, tensor)`. */
function mapState(
  template: CellStreamState,
  replace: (name: string, tensor: tf.Tensor) => tf.Tensor,
): CellStreamState {
  return {
    counts: replace('counts', template.counts),
    featureSum: replace('featureSum', template.featureSum),
    states: template.states.map((s, l) => replace(`states.${l}`, s)),
    traces: Object.fromEntries(
      Object.entries(template.traces).map(([name, traces]) => [
        name,
        traces.map((trace, c) => replace(`traces.${name}.${c}`, trace)),
      ]),
    ),
    grads: Object.fromEntries(
      Object.entries(template.grads).map(([name, g]) => [name, replace(`grads.${name}`, g)]),
    ),
    loss: replace('loss', template.loss) as tf.Scalar,
  };
}

/**
 * Creates the engine; `params` are row-major arrays with the shapes of `paramShapes(config)`.
 *
 * @example
 * ```ts
 * const engine = createCellEngine('snap1', arrays, { ...config, layerCls: 'GRU' }, 1);
 * const { logProbs, loss } = engine.step(x, { y, weight });
 * ```
 */
export function createCellEngine(
  rule: CellStreamingRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  options: { dropoutMasks?: Float32Array[][] } = {},
): StreamingEngine {
  requireClassificationEngine(config, 'cell engine');
  requireSupport(rule, config, 'streaming');
  const toTensors = (values: Record<string, Float32Array>): Params =>
    paramsFromArrays(config, values);
  const engine = cellStreamingRule(rule);
  let tensors = toTensors(params);
  let state = engine.init(tensors, config, batchSize);
  let steps = 0;
  const masks = (options.dropoutMasks ?? []).map((sites) =>
    sites.map((mask) => tf.tensor2d(mask, [batchSize, config.dModel])),
  );
  const replace = (next: CellStreamState): void => {
    engine.dispose(state);
    state = next;
  };
  return {
    rule,
    batchSize,
    step(x: Float32Array, target: EngineTarget | null): EngineStepResult {
      return tensorStep(config, batchSize, x, target, (input, stepTarget) => {
        const { state: next, logProbs } = engine.step(
          state,
          tensors,
          config,
          input,
          stepTarget,
          masks,
        );
        replace(next);
        steps++;
        return logProbs;
      });
    },
    gradients(): Record<string, Float32Array> {
      const out: Record<string, Float32Array> = {};
      for (const [name, grad] of Object.entries(state.grads))
        out[name] = grad.dataSync().slice() as Float32Array;
      return out;
    },
    resetGradients(): void {
      replace(
        mapState(state, (name, t) =>
          name.startsWith('grads.') || name === 'loss' ? tf.zerosLike(t) : tf.clone(t),
        ),
      );
    },
    resetState(which?: readonly number[]): void {
      const keep = new Float32Array(batchSize).fill(which === undefined ? 0 : 1);
      for (const b of which ?? []) keep[b] = 0;
      const next = tidyTree(() => {
        const mask = tf.tensor1d(keep);
        // Per-element tensors lead with the batch axis; gradient accumulators are shared.
        return mapState(state, (name, t) => {
          if (name.startsWith('grads.') || name === 'loss') return tf.clone(t);
          return tf.mul(t, tf.reshape(mask, [batchSize, ...t.shape.slice(1).map(() => 1)]));
        });
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
      for (const [name, tensor] of stateEntries(state))
        out[name] = tensor.dataSync().slice() as Float32Array;
      return out;
    },
    importState(values: Record<string, EngineArray>): void {
      const fresh = engine.init(tensors, config, batchSize);
      const filled = mapState(fresh, (name, tensor) => {
        if (name === 'loss') return tf.scalar(0);
        const array = values[name];
        if (array === undefined || array.length !== tensor.size) {
          throw new Error(
            `streaming state: '${name}' is ${array === undefined ? 'missing' : `of size ${array.length}, expected ${tensor.size}`}`,
          );
        }
        return tf.tensor(Float32Array.from(array), tensor.shape);
      });
      engine.dispose(fresh);
      replace(filled);
      steps = values['step']?.[0] ?? 0;
    },
    dispose(): void {
      engine.dispose(state);
      tf.dispose([...Object.values(tensors), ...masks.flat()]);
    },
  };
}
