/**
 * The tensor engine's view of a rule's streaming state: a plain tree of tensors named by path
 * (`hidden.0.re`, `traces.layers.0.rec.W_hr.1`, `grads.decoder.kernel`, `layers.1.synth.e`). The
 * names tell two kinds of tensor apart, which is all the engine needs to export, import and reset
 * any rule's state without per-rule code: accumulators (gradients and the loss), summed over the
 * batch, and per-element state (hidden states, traces, pooled features, step counts), which leads
 * with the batch axis (per-unit traces with B·N rows, element-major).
 */
import { forEachTensor, mapTree, tf, tidyTree } from '@olrd/tensor';
import type { EngineArray } from '../streaming-engine.js';

/** True for the path of a tensor summed over the batch: a gradient accumulator or the loss. */
export function isAccumulator(path: string): boolean {
  return /(^|\.)(grads|spatialGrads)\.|(^|\.)grad[A-Z]\w*(\.|$)|(^|\.)loss$/.test(path);
}

/**
 * The running loss: the engine reports each step's loss itself and never reads it, so it is not
 * exported (checkpoints of the tfjs LRU and cell engines never held it) and restarts at zero.
 */
function isLoss(path: string): boolean {
  return /(^|\.)loss$/.test(path);
}

/** A fresh tree with every accumulator zeroed and every other tensor copied. */
export function zeroAccumulators<T>(state: T): T {
  return mapTree(state, (t, path) => (isAccumulator(path) ? tf.zerosLike(t) : tf.clone(t)));
}

/**
 * A fresh tree in which the batch elements with `keep[b] = 0` start a new sequence: their rows of
 * every per-element tensor are zeroed; the accumulators are copied unchanged.
 */
export function resetElements<T>(state: T, keep: Float32Array): T {
  const batch = keep.length;
  return tidyTree(() => {
    const mask = tf.tensor2d(keep, [batch, 1]);
    return mapTree(state, (t, path) =>
      isAccumulator(path)
        ? tf.clone(t)
        : tf.reshape(tf.mul(tf.reshape(t, [batch, -1]), mask), t.shape),
    );
  });
}

/** Every tensor of `state` but the loss, as `${prefix}${path}` → a copy of its values. */
export function exportTree(state: unknown, prefix: string): Record<string, EngineArray> {
  const out: Record<string, EngineArray> = {};
  forEachTensor(state, (tensor, path) => {
    if (!isLoss(path)) out[prefix + path] = tensor.dataSync().slice() as Float32Array;
  });
  return out;
}

/**
 * A fresh tree shaped like `template` that holds `values`: each tensor from `${prefix}${path}`,
 * or from the other spelling (bare, or under `state.`), as engines before the one tensor engine
 * named them (the tfjs LRU and cell engines by bare path, the BP(λ) engine under `state.`), so
 * their checkpoints still load. The loss starts at zero.
 *
 * @throws Error naming the first entry that is missing or of the wrong size (nothing leaks)
 */
export function importTree<T>(template: T, values: Record<string, EngineArray>, prefix: string): T {
  return tidyTree(() =>
    mapTree(template, (tensor, path) => {
      if (isLoss(path)) return tf.zerosLike(tensor);
      const array = values[prefix + path] ?? values[prefix === '' ? `state.${path}` : path];
      if (array === undefined || array.length !== tensor.size) {
        throw new Error(
          `streaming state: '${prefix + path}' is ${array === undefined ? 'missing' : `of size ${array.length}, expected ${tensor.size}`}`,
        );
      }
      return tf.tensor(Float32Array.from(array), tensor.shape);
    }),
  );
}
