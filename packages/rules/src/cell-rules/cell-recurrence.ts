/**
 * Sequence-mode recurrences of the rules that work on every cell. Each returns the exact states
 * forward; only the backward pass differs, so autodiff of the usual loss yields the rule.
 *
 * - `tbptt`: the exact scan restarted every `truncation` steps from a detached carry (chunks
 *   start at t = 0, so streaming execution forms the same chunks without knowing T).
 * - `online_1truncated`: s_t recomputed from the detached s_{t−1} for all t at once, so the
 *   gradient is Σ_t δ_t·∂s_t/∂θ|_{s_{t−1}} and the error sent down is the spatial one.
 * - `online_spatial`: as above with the recurrent terms (A·ρ(h), W_h·h, λ⊙h) stopped too.
 * - `snap1`: as `online_1truncated`, but the parameters receive SnAp-1's ε (snap-credit.ts) while
 *   the input still receives the instantaneous δ.
 */
import { tf } from '@olrd/tensor';
import { cellOf, stopGradient, type ModelConfig, type Params, type Recurrence } from '@olrd/core';
import { snapCredit } from './snap-credit.js';

/** The rules this file implements. */
export type CellSequenceRule = 'tbptt' | 'online_1truncated' | 'online_spatial' | 'snap1';

/** s_{t−1} for every t of [B, T, S] (zero at t = 0). */
export function previousStates(states: tf.Tensor3D): tf.Tensor3D {
  const [batch, time, size] = states.shape;
  const zero = tf.zeros([batch, 1, size]);
  if (time === 1) return zero as tf.Tensor3D;
  return tf.concat([zero, tf.slice(states, [0, 0, 0], [batch, time - 1, size])], 1) as tf.Tensor3D;
}

/**
 * What happens at a truncation boundary (a chunk's last state, on the graph, [B, S]; never after
 * the final chunk): `end` replaces that state in the output, `carry` starts the next chunk.
 */
export type ChunkBoundary = (end: tf.Tensor2D) => { end: tf.Tensor2D; carry: tf.Tensor2D };

/**
 * The exact scan restarted every `truncation` steps. Without `boundary` the carry is the detached
 * last state (`tbptt`); `dni` passes one that injects and captures synthetic gradients there.
 */
export function chunkedScan(
  config: ModelConfig,
  truncation: number,
  boundary?: ChunkBoundary,
): Recurrence {
  const cell = cellOf(config.layerCls);
  return (rec, u) => {
    const [batch, time] = u.shape as [number, number, number];
    const chunks: tf.Tensor3D[] = [];
    let carry: tf.Tensor2D | undefined;
    for (let start = 0; start < time; start += truncation) {
      const length = Math.min(truncation, time - start);
      let chunk = cell.scan(
        rec,
        tf.slice(u, [0, start, 0], [-1, length, -1]) as tf.Tensor3D,
        config,
        carry,
      );
      if (start + length < time) {
        const size = chunk.shape[2];
        const end = tf.reshape(tf.slice(chunk, [0, length - 1, 0], [-1, 1, -1]), [
          batch,
          size,
        ]) as tf.Tensor2D;
        if (boundary === undefined) carry = stopGradient(end) as tf.Tensor2D;
        else {
          const hooked = boundary(end);
          carry = hooked.carry;
          const head = tf.slice(chunk, [0, 0, 0], [-1, length - 1, -1]);
          const tail = tf.reshape(hooked.end, [batch, 1, size]);
          chunk = tf.concat([head, tail], 1) as tf.Tensor3D;
        }
      }
      chunks.push(chunk);
    }
    return chunks.length === 1 ? (chunks[0] as tf.Tensor3D) : tf.concat(chunks, 1);
  };
}

/** The recurrence implementing `rule` for `config`'s cell. */
export function cellRecurrence(
  rule: CellSequenceRule,
  config: ModelConfig,
  truncation = 1,
): Recurrence {
  if (rule === 'tbptt') return chunkedScan(config, truncation);
  const cell = cellOf(config.layerCls);
  return (rec, u) => {
    const [batch, time, width] = u.shape as [number, number, number];
    const exact = stopGradient(cell.scan(rec, u as tf.Tensor3D, config));
    const size = exact.shape[2];
    const prev = tf.reshape(previousStates(exact), [batch * time, size]);
    const flatU = tf.reshape(u, [batch * time, width]);
    const immediate = (r: Params, input: tf.Tensor): tf.Tensor3D => {
      const terms = cell.recurrentTerms(r, prev, config);
      const used = rule === 'online_spatial' ? terms.map((term) => stopGradient(term)) : terms;
      return tf.reshape(cell.update(r, prev, used, input, config), [
        batch,
        time,
        size,
      ]) as tf.Tensor3D;
    };
    if (rule !== 'snap1') return immediate(rec, flatU);
    const blocks = stopGradient(cell.jacobianBlocks(rec, prev, flatU, config));
    const [, units, k] = blocks.shape;
    const forParams = snapCredit(
      immediate(rec, stopGradient(flatU)),
      tf.reshape(blocks, [batch, time, units, k, k]),
      cell.components,
    );
    const stopped: Params = {};
    for (const [name, tensor] of Object.entries(rec)) stopped[name] = stopGradient(tensor);
    const forInput = immediate(stopped, flatU);
    // Value = forParams; the parameters see ε through forParams, the input sees δ through forInput.
    return tf.add(forParams, tf.sub(forInput, stopGradient(forInput)));
  };
}
