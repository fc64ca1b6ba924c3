/**
 * `denseScan`: the dense real recurrence of the linear / tanh / relu RNN,
 *
 *   h_t = A·ρ(h_{t−1}) + b_t,   h_{−1} = initial (zeros when absent),
 *
 * over a whole sequence in one op. Dispatches to the fused `OlrdDenseScan` kernel where the active
 * backend has one (cpu, wasm), else to a stock-ops loop (same values; autodiff through it).
 * Without the kernel, BPTT over T steps records T·(matMul, activation, add) ops on the tape; with
 * it, the forward pass is one kernel and the backward pass is one adjoint kernel plus two matMuls.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  OlrdDenseScan,
  OlrdDenseScanAdjoint,
  type DenseScanActivation,
  type OlrdDenseScanAttrs,
} from './kernels/kernel-names.js';

/** Options of {@link denseScan}. */
export interface DenseScanOptions {
  /** h_{−1} [B, N]; zeros when absent. */
  initial?: tf.Tensor2D;
  /** ρ, applied to the carried state (default `linear`). */
  activation?: DenseScanActivation;
}

function assertDenseScanShapes(a: tf.Tensor, b: tf.Tensor, initial: tf.Tensor | undefined): void {
  const units = a.shape[0];
  const ok =
    a.dtype === 'float32' &&
    b.dtype === 'float32' &&
    a.rank === 2 &&
    a.shape[1] === units &&
    b.rank === 3 &&
    b.shape[1]! >= 1 &&
    b.shape[2] === units &&
    (initial === undefined ||
      (initial.dtype === 'float32' && tf.util.arraysEqual(initial.shape, [b.shape[0]!, units!])));
  if (!ok) {
    throw new Error(
      `denseScan: expected float32 A [N, N], b [B, T ≥ 1, N] and initial [B, N]; got A [${a.shape}] ${a.dtype}, ` +
        `b [${b.shape}] ${b.dtype}` +
        (initial ? `, initial [${initial.shape}] ${initial.dtype}` : ''),
    );
  }
}

/** True when the active backend has the fused dense-scan kernels registered. */
export function hasFusedDenseScan(): boolean {
  const backend = tf.getBackend();
  return (
    tf.getKernel(OlrdDenseScan, backend) != null &&
    tf.getKernel(OlrdDenseScanAdjoint, backend) != null
  );
}

/**
 * x [B, T, N] as T tensors [B, N]. tfjs 4.22's Unpack gradient fails on an axis of length 1 (it
 * stacks a non-array), so a one-step sequence is reshaped instead of unstacked.
 */
function stepsOf(x: tf.Tensor3D): tf.Tensor[] {
  const [batch, time, units] = x.shape;
  return time === 1 ? [tf.reshape(x, [batch, units])] : tf.unstack(x, 1);
}

/** ρ as stock ops. */
export function denseScanActivate(x: tf.Tensor, activation: DenseScanActivation): tf.Tensor {
  if (activation === 'tanh') return tf.tanh(x);
  if (activation === 'relu') return tf.relu(x);
  return x;
}

/**
 * The dense scan from stock ops, one matMul per step (differentiable by tfjs autodiff): the
 * fallback on backends without the kernel, and the reference the kernel is tested against.
 */
export function denseScanComposite(
  a: tf.Tensor2D,
  b: tf.Tensor3D,
  options: DenseScanOptions = {},
): tf.Tensor3D {
  assertDenseScanShapes(a, b, options.initial);
  const activation = options.activation ?? 'linear';
  return tf.tidy(() => {
    const [batch, , units] = b.shape;
    let state: tf.Tensor = options.initial ?? tf.zeros([batch, units]);
    const inputs = stepsOf(b);
    const states = inputs.map((bt) => {
      state = tf.add(tf.matMul(denseScanActivate(state, activation), a, false, true), bt);
      return state;
    });
    return tf.stack(states, 1) as tf.Tensor3D;
  });
}

/**
 * h_t = A·ρ(h_{t−1}) + b_t (h_{−1} = `initial`, zeros when absent), all T steps in one op.
 *
 * Shapes: A [N, N] (row i gives unit i's input from every unit), b and the result [B, T, N],
 * initial [B, N]. Differentiable with respect to A, b and initial. Returns a fresh tensor owned
 * by the caller; the inputs are not disposed.
 *
 * @throws Error when the shapes or dtypes are not these.
 * @example
 * ```ts
 * import { tf, denseScan, initBackend } from '@olrd/tensor';
 * await initBackend('cpu');
 * const a = tf.tensor2d([[0.5]]);
 * const b = tf.tensor3d([[[1], [1], [1]]]); // [B = 1, T = 3, N = 1]
 * denseScan(a, b).print(); // [[[1], [1.5], [1.75]]]
 * tf.dispose([a, b]);
 * ```
 */
export function denseScan(
  a: tf.Tensor2D,
  b: tf.Tensor3D,
  options: DenseScanOptions = {},
): tf.Tensor3D {
  assertDenseScanShapes(a, b, options.initial);
  if (!hasFusedDenseScan()) return denseScanComposite(a, b, options);
  const activation = options.activation ?? 'linear';
  const attrs: OlrdDenseScanAttrs = { activation };
  return tf.tidy(() => {
    const initial = options.initial ?? tf.zeros([b.shape[0], b.shape[2]]);
    return tf.engine().runKernel(OlrdDenseScan, { a, b, initial }, attrs) as tf.Tensor3D;
  });
}

/**
 * The adjoint of the dense scan: ε_t = g_t + ρ′(h_t) ⊙ Aᵀ·ε_{t+1} (ε_{T−1} = g_{T−1}), i.e. dL/dh_t
 * for dL/dh = g through the recurrence. Runs the fused kernel where registered, else stock ops.
 */
export function denseScanAdjoint(
  a: tf.Tensor2D,
  h: tf.Tensor3D,
  g: tf.Tensor3D,
  activation: DenseScanActivation,
): tf.Tensor3D {
  if (hasFusedDenseScan()) {
    const attrs: OlrdDenseScanAttrs = { activation };
    return tf.engine().runKernel(OlrdDenseScanAdjoint, { a, h, g }, attrs) as tf.Tensor3D;
  }
  return tf.tidy(() => {
    const time = g.shape[1];
    const [gs, hs] = [stepsOf(g), stepsOf(h)];
    const out: tf.Tensor[] = new Array(time);
    let next: tf.Tensor = gs[time - 1]!;
    out[time - 1] = next;
    for (let t = time - 2; t >= 0; t--) {
      const back = tf.matMul(next, a);
      next = tf.add(gs[t]!, tf.mul(denseScanSlope(hs[t]!, activation), back));
      out[t] = next;
    }
    return tf.stack(out, 1) as tf.Tensor3D;
  });
}

/** ρ′ as stock ops. */
export function denseScanSlope(x: tf.Tensor, activation: DenseScanActivation): tf.Tensor {
  if (activation === 'tanh') return tf.sub(1, tf.square(tf.tanh(x)));
  if (activation === 'relu') return tf.cast(tf.greater(x, 0), 'float32');
  return tf.onesLike(x);
}
