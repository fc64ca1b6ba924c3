/**
 * The eligibility traces of a linear synthesiser ĝ(s) = s·K + b in streaming BP(λ), in two forms
 * with one interface (spec 2 §3.1 and §7):
 *
 * - `denseTraces`, for any cell: E^K[p, (k, q)] = ∂ĝ-trace_p/∂K[k, q], [B, S, S·S], and
 *   E^b [B, S, S], advanced with the full Jacobian J_{t−1} [B, S, S]: O(S³) memory and O(S⁴)
 *   work per example and step.
 * - `blockTraces`, for cells whose Jacobian is its k×k diagonal blocks (the LRU: the 2×2 real form
 *   of λ_i). The increment ∂ĝ_p/∂K[k, q] = s_k·δ_pq sits on p = q, and a block-diagonal J keeps
 *   every entry with unit(p) ≠ unit(q) at zero, so only E^K[c·N+i, (k, c'·N+i)] survives: per
 *   unit i a k × (S·k) matrix, [B·N, k, S·k] in all (k·S² per example; S³ dense). The recursion
 *   E[i] ← γλ·J_i·E[i] + s_{t−1}⊗I_k runs per unit at O(k²·S²) per example and step: the cost of
 *   evaluating ĝ itself, spec 2 §7's "collapsed H×H trace" (complex λ as 2×2 real blocks).
 *
 * Both give the same gradients to rounding (bp-lambda.test.ts pins it).
 */
import { tf } from '@olrd/tensor';
import type { Cell, ModelConfig, Params } from '@olrd/core';

/** The traces of one layer, and the Jacobian in the form they use. */
export interface TraceTensors {
  kernel: tf.Tensor;
  bias: tf.Tensor;
}

export interface SynthesiserTraces {
  /** Zero traces for `batch` examples of state size `size`, and a zero Jacobian. */
  init(batch: number, size: number): TraceTensors & { jacobian: tf.Tensor };
  /** J_t = ∂s_t/∂s_{t−1} in this form. */
  jacobian(rec: Params, prev: tf.Tensor, u: tf.Tensor, config: ModelConfig): tf.Tensor;
  /** row·J for rows [B, S]. */
  backThrough(row: tf.Tensor2D, jacobian: tf.Tensor): tf.Tensor2D;
  /** E ← decay·J_{t−1}·E + ∂ĝ(s_{t−1})/∂θ, with `previous` = s_{t−1} [B, S]. */
  advance(
    trace: TraceTensors,
    jacobian: tf.Tensor,
    previous: tf.Tensor2D,
    decay: number,
  ): TraceTensors;
  /** Σ_b δ_b·E_b for δ [B, S]: K's [S, S] and b's [S]. */
  contract(delta: tf.Tensor2D, trace: TraceTensors): TraceTensors;
}

/** Dense traces for `cell` (any cell). */
export function denseTraces(cell: Cell): SynthesiserTraces {
  return {
    init(batch, size) {
      return {
        jacobian: tf.zeros([batch, size, size]),
        kernel: tf.zeros([batch, size, size * size]),
        bias: tf.zeros([batch, size, size]),
      };
    },
    jacobian: (rec, prev, u, config) => cell.jacobian(rec, prev, u, config),
    backThrough(row, jacobian) {
      return tf.squeeze(tf.matMul(tf.expandDims(row, 1), jacobian), [1]) as tf.Tensor2D;
    },
    advance(trace, jacobian, previous, decay) {
      const [batch, size] = previous.shape;
      const identity = tf.eye(size);
      const increment = tf.reshape(
        tf.mul(tf.reshape(previous, [batch, 1, size, 1]), tf.reshape(identity, [1, size, 1, size])),
        [batch, size, size * size],
      );
      return {
        kernel: tf.add(tf.mul(tf.matMul(jacobian, trace.kernel), decay), increment),
        bias: tf.add(tf.mul(tf.matMul(jacobian, trace.bias), decay), identity),
      };
    },
    contract(delta, trace) {
      const size = delta.shape[1];
      const row = tf.expandDims(delta, 1);
      return {
        kernel: tf.reshape(tf.sum(tf.matMul(row, trace.kernel), [0, 1]), [size, size]),
        bias: tf.sum(tf.matMul(row, trace.bias), [0, 1]),
      };
    },
  };
}

/** Per-unit traces for a cell with {@link Cell.blockDiagonal} set. */
export function blockTraces(cell: Cell): SynthesiserTraces {
  if (cell.blockDiagonal !== true)
    throw new Error('blockTraces: the cell has a dense Jacobian; use denseTraces');
  const k = cell.components;
  // [B, S] (component-major: c·N + i) ↔ [B·N, 1, k] (unit-major).
  const toUnits = (x: tf.Tensor2D): tf.Tensor3D => {
    const [batch, size] = x.shape;
    const units = size / k;
    return tf.reshape(tf.transpose(tf.reshape(x, [batch, k, units]), [0, 2, 1]), [
      batch * units,
      1,
      k,
    ]);
  };
  const fromUnits = (y: tf.Tensor, batch: number, size: number): tf.Tensor2D =>
    tf.reshape(tf.transpose(tf.reshape(y, [batch, size / k, k]), [0, 2, 1]), [
      batch,
      size,
    ]) as tf.Tensor2D;
  return {
    init(batch, size) {
      const units = size / k;
      return {
        jacobian: tf.zeros([batch * units, k, k]),
        kernel: tf.zeros([batch * units, k, size * k]),
        bias: tf.zeros([batch * units, k, k]),
      };
    },
    jacobian(rec, prev, u, config) {
      const blocks = cell.jacobianBlocks(rec, prev, u, config); // [B, N, k, k]
      const [batch, units] = blocks.shape;
      return tf.reshape(blocks, [batch * units, k, k]);
    },
    backThrough(row, jacobian) {
      const [batch, size] = row.shape;
      return fromUnits(tf.matMul(toUnits(row), jacobian as tf.Tensor3D), batch, size);
    },
    advance(trace, jacobian, previous, decay) {
      const [batch, size] = previous.shape;
      const units = size / k;
      const identity = tf.eye(k);
      // s_{t−1,m}·δ_{cc'} at [unit, c, (m, c')], the same for every unit.
      const increment = tf.mul(
        tf.reshape(previous, [batch, 1, 1, size, 1]),
        tf.reshape(identity, [1, 1, k, 1, k]),
      );
      const decayed = tf.mul(
        tf.matMul(jacobian as tf.Tensor3D, trace.kernel as tf.Tensor3D),
        decay,
      );
      return {
        kernel: tf.reshape(tf.add(tf.reshape(decayed, [batch, units, k, size, k]), increment), [
          batch * units,
          k,
          size * k,
        ]),
        bias: tf.add(
          tf.mul(tf.matMul(jacobian as tf.Tensor3D, trace.bias as tf.Tensor3D), decay),
          identity,
        ),
      };
    },
    contract(delta, trace) {
      const [batch, size] = delta.shape;
      const units = size / k;
      const row = toUnits(delta);
      // [B·N, 1, S·k] → Σ_b → [N, S(m), k(c')] → K[m, c'·N + i].
      const kernel = tf.sum(
        tf.reshape(tf.matMul(row, trace.kernel as tf.Tensor3D), [batch, units, size, k]),
        0,
      );
      const bias = tf.sum(
        tf.reshape(tf.matMul(row, trace.bias as tf.Tensor3D), [batch, units, k]),
        0,
      );
      return {
        kernel: tf.reshape(tf.transpose(kernel, [1, 2, 0]), [size, size]),
        bias: tf.reshape(tf.transpose(bias, [1, 0]), [size]),
      };
    },
  };
}

/** The traces `cell` can use: per unit when its Jacobian allows, unless `dense` is asked for. */
export function tracesFor(cell: Cell, form: 'auto' | 'dense' = 'auto'): SynthesiserTraces {
  return form === 'auto' && cell.blockDiagonal === true ? blockTraces(cell) : denseTraces(cell);
}
