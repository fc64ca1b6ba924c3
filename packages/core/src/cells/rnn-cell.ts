/**
 * The reference's "linear RNN" (spec 1 §2.1), dense and real:
 *
 *   h_t = A·ρ(h_{t−1}) + B·u_t  (h_{−1} = 0),   y_t = C·h_t + D ⊙ u_t,   ρ ∈ {linear, tanh, relu}.
 *
 * The state is pre-activation and the readout is from h, as in the reference. Matrices are in
 * maths layout (A [N, N], B [N, H], C [H, N]), like the LRU's B and C.
 */
import { denseScan, tf } from '@olrd/tensor';
import { dense } from '../dense.js';
import type { ModelConfig, RnnActivation } from '../model-config.js';
import { normalArray, truncatedNormalArray } from '../random.js';
import type { Cell } from '../spec/cell.js';
import { recParam } from './cell-step.js';

const get = (rec: Record<string, tf.Tensor>, name: string): tf.Tensor => recParam(rec, name, 'RNN');

function activationOf(config: ModelConfig): RnnActivation {
  return config.rnnActivation ?? 'tanh';
}

/** ρ(h). */
function rho(h: tf.Tensor, activation: RnnActivation): tf.Tensor {
  if (activation === 'tanh') return tf.tanh(h);
  if (activation === 'relu') return tf.relu(h);
  return h;
}

/** ρ′(h). */
function rhoPrime(h: tf.Tensor, activation: RnnActivation): tf.Tensor {
  if (activation === 'tanh') return tf.sub(1, tf.square(tf.tanh(h)));
  if (activation === 'relu') return tf.cast(tf.greater(h, 0), 'float32');
  return tf.onesLike(h);
}

export const rnnCell: Cell = {
  unitsParam: ['A', 0],
  components: 1,
  recurrentParams: ['A', 'B'],
  optimizerGroups: { rec: ['A'], B: ['B'] },
  paramShapes({ width: H, units: N }) {
    return { A: [N, N], B: [N, H], C: [H, N], D: [H] };
  },
  init(uniform, { width: H, units: N }) {
    // Init order A, B, C, D as the reference's setup draws them.
    return {
      A: tf.tensor2d(truncatedNormalArray(uniform, N * N, 1 / Math.sqrt(N)), [N, N]),
      B: tf.tensor2d(normalArray(uniform, N * H, 1 / Math.sqrt(H)), [N, H]),
      C: tf.tensor2d(normalArray(uniform, H * N, 1 / Math.sqrt(N)), [H, N]),
      D: tf.tensor1d(normalArray(uniform, H)),
    };
  },
  recurrentTerms(rec, prev, config) {
    return [dense(rho(prev, activationOf(config)), tf.transpose(get(rec, 'A')))];
  },
  update(rec, _prev, terms, u) {
    return tf.add(terms[0] as tf.Tensor, dense(u, tf.transpose(get(rec, 'B'))));
  },
  readout(rec, state, u) {
    return tf.add(dense(state, tf.transpose(get(rec, 'C'))), tf.mul(u, get(rec, 'D')));
  },
  jacobian(rec, prev, _u, config) {
    // J[b, i, j] = A[i, j]·ρ′(h_{t−1}[b, j]).
    return tf.mul(
      tf.expandDims(get(rec, 'A'), 0),
      tf.expandDims(rhoPrime(prev, activationOf(config)), 1),
    ) as tf.Tensor3D;
  },
  jacobianBlocks(rec, prev, _u, config) {
    const diagonal = tf.mul(
      tf.expandDims(tf.sum(tf.mul(get(rec, 'A'), tf.eye(prev.shape[1] as number)), 1), 0),
      rhoPrime(prev, activationOf(config)),
    );
    return tf.reshape(diagonal, [-1, prev.shape[1] as number, 1, 1]) as tf.Tensor4D;
  },
  spreadUnits(name, v, { width, units }) {
    // A[i, j] and B[i, k] feed unit i: repeat v along the second axis.
    if (name === 'A') return tf.tile(tf.expandDims(v, 2), [1, 1, units]);
    if (name === 'B') return tf.tile(tf.expandDims(v, 2), [1, 1, width]);
    throw new Error(`RNN: parameter '${name}' is not recurrent`);
  },
  scan(rec, u, config, initial) {
    // B·u_t for every step in one matMul, then the recurrence in one op (a fused kernel on cpu
    // and wasm, whose backward pass is one adjoint kernel instead of T taped steps).
    const inputs = dense(u, tf.transpose(get(rec, 'B'))) as tf.Tensor3D;
    return denseScan(get(rec, 'A') as tf.Tensor2D, inputs, {
      initial,
      activation: activationOf(config),
    });
  },
};
