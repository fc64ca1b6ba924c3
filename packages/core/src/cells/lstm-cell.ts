/**
 * LSTM with PyTorch's gate order [i, f, g, o] and kernels [in, out] (spec 2 §4.2). The state is
 * [h | c] (k = 2) and the layer's output is h, so N must equal H:
 *
 *   a = u·W_ih + h·W_hh + b,   i, f, o = σ(a_·),   g = tanh(a_g),
 *   c′ = f ⊙ c + i ⊙ g,   h′ = o ⊙ tanh(c′).
 */
import { tf } from '@olrd/tensor';
import { dense } from '../dense.js';
import type { Params } from '../params.js';
import type { Uniform } from '../random.js';
import type { Cell } from '../spec/cell.js';
import { loopScan, recParam, stateComponents } from './cell-step.js';

const get = (rec: Params, name: string): tf.Tensor => recParam(rec, name, 'LSTM');

function uniformArray(uniform: Uniform, size: number, bound: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * uniform() - 1) * bound;
  return out;
}

interface Gates {
  i: tf.Tensor;
  f: tf.Tensor;
  g: tf.Tensor;
  o: tf.Tensor;
  c: tf.Tensor;
  cNext: tf.Tensor;
  tanhC: tf.Tensor;
}

function gates(rec: Params, prev: tf.Tensor, terms: tf.Tensor[], u: tf.Tensor): Gates {
  const [, c] = stateComponents(prev, 2) as [tf.Tensor, tf.Tensor];
  const a = tf.add(dense(u, get(rec, 'W_ih'), get(rec, 'b')), terms[0] as tf.Tensor);
  const [ai, af, ag, ao] = tf.split(a, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const i = tf.sigmoid(ai);
  const f = tf.sigmoid(af);
  const g = tf.tanh(ag);
  const o = tf.sigmoid(ao);
  const cNext = tf.add(tf.mul(f, c), tf.mul(i, g));
  return { i, f, g, o, c, cNext, tanhC: tf.tanh(cNext) };
}

/**
 * The coefficients of the exact Jacobian (spec 2 §4.2, output-gate path included): with W_x the
 * gate-x block of W_hh, ∂c′_k/∂h_j = Σ_x α^x_k·W_x[j, k] for x ∈ {i, f, g} and
 * ∂h′_k/∂h_j = β_k·∂c′_k/∂h_j + ω_k·W_o[j, k].
 */
function jacobianTerms(rec: Params, prev: tf.Tensor, u: tf.Tensor) {
  const { i, f, g, o, c, tanhC } = gates(
    rec,
    prev,
    [dense(stateComponents(prev, 2)[0] as tf.Tensor, get(rec, 'W_hh'))],
    u,
  );
  const sigmoidPrime = (s: tf.Tensor): tf.Tensor => tf.mul(s, tf.sub(1, s));
  return {
    alpha: [
      tf.mul(g, sigmoidPrime(i)),
      tf.mul(c, sigmoidPrime(f)),
      tf.mul(i, tf.sub(1, tf.square(g))),
    ],
    beta: tf.mul(o, tf.sub(1, tf.square(tanhC))),
    omega: tf.mul(tanhC, sigmoidPrime(o)),
    f,
  };
}

export const lstmCell: Cell = {
  unitsParam: ['W_hh', 0],
  components: 2,
  recurrentParams: ['W_ih', 'W_hh', 'b'],
  paramShapes({ width: H, units: N }) {
    return { W_ih: [H, 4 * N], W_hh: [N, 4 * N], b: [4 * N] };
  },
  init(uniform, { width: H, units: N }) {
    // PyTorch's nn.LSTM init: every weight U(±1/√N); its two bias vectors are summed into one.
    const bound = 1 / Math.sqrt(N);
    const biasA = uniformArray(uniform, 4 * N, bound);
    const biasB = uniformArray(uniform, 4 * N, bound);
    return {
      W_ih: tf.tensor2d(uniformArray(uniform, H * 4 * N, bound), [H, 4 * N]),
      W_hh: tf.tensor2d(uniformArray(uniform, N * 4 * N, bound), [N, 4 * N]),
      b: tf.tensor1d(biasA.map((value, k) => value + (biasB[k] as number))),
    };
  },
  validate(config) {
    return config.dHidden === config.dModel
      ? undefined
      : `the LSTM's output is its h, so dHidden (${config.dHidden}) must equal dModel (${config.dModel})`;
  },
  recurrentTerms(rec, prev) {
    return [dense(stateComponents(prev, 2)[0] as tf.Tensor, get(rec, 'W_hh'))];
  },
  update(rec, prev, terms, u) {
    const { o, cNext, tanhC } = gates(rec, prev, terms, u);
    return tf.concat([tf.mul(o, tanhC), cNext], -1);
  },
  readout(_rec, state) {
    return stateComponents(state, 2)[0] as tf.Tensor;
  },
  jacobian(rec, prev, u) {
    const { alpha, beta, omega, f } = jacobianTerms(rec, prev, u);
    const blocks = tf.split(get(rec, 'W_hh'), 4, 1).map((w) => tf.expandDims(tf.transpose(w), 0));
    const scale = (coef: tf.Tensor, block: tf.Tensor): tf.Tensor =>
      tf.mul(tf.expandDims(coef, 2), block);
    const dcdh = tf.addN(alpha.map((coef, x) => scale(coef, blocks[x] as tf.Tensor)));
    const dhdh = tf.add(scale(beta, dcdh), scale(omega, blocks[3] as tf.Tensor));
    const units = f.shape[1] as number;
    const diagonal = (v: tf.Tensor): tf.Tensor =>
      tf.mul(tf.expandDims(v, 2), tf.expandDims(tf.eye(units), 0));
    const dhdc = diagonal(tf.mul(beta, f));
    const dcdc = diagonal(f);
    return tf.concat([tf.concat([dhdh, dhdc], 2), tf.concat([dcdh, dcdc], 2)], 1) as tf.Tensor3D;
  },
  jacobianBlocks(rec, prev, u) {
    const { alpha, beta, omega, f } = jacobianTerms(rec, prev, u);
    const units = f.shape[1] as number;
    const diagonals = tf
      .split(get(rec, 'W_hh'), 4, 1)
      .map((w) => tf.sum(tf.mul(w, tf.eye(units)), 0));
    const dcdh = tf.addN(alpha.map((coef, x) => tf.mul(coef, diagonals[x] as tf.Tensor)));
    const dhdh = tf.add(tf.mul(beta, dcdh), tf.mul(omega, diagonals[3] as tf.Tensor));
    const blocks = tf.stack([dhdh, tf.mul(beta, f), dcdh, f], 2);
    return tf.reshape(blocks, [-1, units, 2, 2]) as tf.Tensor4D;
  },
  spreadUnits(name, v, { width, units }) {
    // Column x·N + k of W_ih, W_hh and b feeds unit k (for each gate x).
    const perGate = tf.tile(v, [1, 4]);
    if (name === 'b') return perGate;
    const rows = name === 'W_ih' ? width : name === 'W_hh' ? units : -1;
    if (rows < 0) throw new Error(`LSTM: unknown parameter '${name}'`);
    return tf.tile(tf.expandDims(perGate, 1), [1, rows, 1]);
  },
  scan(rec, u, config, initial) {
    return loopScan(lstmCell, rec, u, config, initial, 2 * (rec['W_hh']?.shape[0] as number));
  },
};
