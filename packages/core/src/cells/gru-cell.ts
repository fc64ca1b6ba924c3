/**
 * The reference's GRU (spec 1 §2.2): six Dense maps, kernels [in, out], no C/D readout
 * (y = h, so N must equal H):
 *
 *   r = σ(u·W_ir + b_ir + h·W_hr),   z = σ(u·W_iz + b_iz + h·W_hz),
 *   n = tanh(u·W_in + b_in + r ⊙ (h·W_hn + b_hn)),   h′ = (1 − z) ⊙ h + z ⊙ n.
 */
import { tf } from '@olrd/tensor';
import { dense, lecunNormal } from '../dense.js';
import type { Params } from '../params.js';
import type { Cell } from '../spec/cell.js';
import { loopScan, recParam } from './cell-step.js';

const get = (rec: Params, name: string): tf.Tensor => recParam(rec, name, 'GRU');

const INPUT_KERNELS = ['W_ir', 'W_iz', 'W_in'] as const;
const RECURRENT_KERNELS = ['W_hr', 'W_hz', 'W_hn'] as const;
const INPUT_BIASES = ['b_ir', 'b_iz', 'b_in'] as const;

interface Gates {
  r: tf.Tensor;
  z: tf.Tensor;
  n: tf.Tensor;
  /** h·W_hn + b_hn */
  hn: tf.Tensor;
}

function gates(rec: Params, terms: tf.Tensor[], u: tf.Tensor): Gates {
  const [hr, hz, hn] = terms as [tf.Tensor, tf.Tensor, tf.Tensor];
  const r = tf.sigmoid(tf.add(dense(u, get(rec, 'W_ir'), get(rec, 'b_ir')), hr));
  const z = tf.sigmoid(tf.add(dense(u, get(rec, 'W_iz'), get(rec, 'b_iz')), hz));
  const n = tf.tanh(tf.add(dense(u, get(rec, 'W_in'), get(rec, 'b_in')), tf.mul(r, hn)));
  return { r, z, n, hn };
}

/**
 * ∂h′_i/∂h_j = (1 − z_i)·1[i=j] + a_i·W_hz[j, i] + b_i·W_hn[j, i] + c_i·W_hr[j, i] with
 * a = (n − h)·z(1 − z), b = z(1 − n²)·r, c = z(1 − n²)·hn·r(1 − r): the coefficients a, b, c.
 */
function jacobianTerms(
  rec: Params,
  prev: tf.Tensor,
  u: tf.Tensor,
  config: Parameters<Cell['jacobian']>[3],
) {
  const { r, z, n, hn } = gates(rec, gruCell.recurrentTerms(rec, prev, config), u);
  const zPrime = tf.mul(z, tf.sub(1, z));
  const nPrime = tf.mul(z, tf.sub(1, tf.square(n)));
  return {
    carry: tf.sub(1, z),
    a: tf.mul(tf.sub(n, prev), zPrime),
    b: tf.mul(nPrime, r),
    c: tf.mul(tf.mul(nPrime, hn), tf.mul(r, tf.sub(1, r))),
  };
}

export const gruCell: Cell = {
  unitsParam: ['W_hr', 0],
  components: 1,
  recurrentParams: [...INPUT_KERNELS, ...INPUT_BIASES, ...RECURRENT_KERNELS, 'b_hn'],
  paramShapes({ width: H, units: N }) {
    const shapes: Record<string, number[]> = {};
    for (const name of INPUT_KERNELS) shapes[name] = [H, N];
    for (const name of INPUT_BIASES) shapes[name] = [N];
    for (const name of RECURRENT_KERNELS) shapes[name] = [N, N];
    shapes['b_hn'] = [N];
    return shapes;
  },
  init(uniform, { width: H, units: N }) {
    // Flax Dense defaults: LeCun-normal kernels (not orthogonal, unlike Flax's GRUCell), zero biases.
    const out: Record<string, tf.Tensor> = {};
    for (const name of INPUT_KERNELS) out[name] = tf.tensor2d(lecunNormal(uniform, H, N), [H, N]);
    for (const name of INPUT_BIASES) out[name] = tf.zeros([N]);
    for (const name of RECURRENT_KERNELS)
      out[name] = tf.tensor2d(lecunNormal(uniform, N, N), [N, N]);
    out['b_hn'] = tf.zeros([N]);
    return out;
  },
  validate(config) {
    return config.dHidden === config.dModel
      ? undefined
      : `the GRU's output is its state, so dHidden (${config.dHidden}) must equal dModel (${config.dModel})`;
  },
  recurrentTerms(rec, prev) {
    return [
      dense(prev, get(rec, 'W_hr')),
      dense(prev, get(rec, 'W_hz')),
      dense(prev, get(rec, 'W_hn'), get(rec, 'b_hn')),
    ];
  },
  update(rec, prev, terms, u) {
    const { z, n } = gates(rec, terms, u);
    return tf.add(tf.mul(tf.sub(1, z), prev), tf.mul(z, n));
  },
  readout(_rec, state) {
    return state;
  },
  jacobian(rec, prev, u, config) {
    const { carry, a, b, c } = jacobianTerms(rec, prev, u, config);
    const row = (coef: tf.Tensor, kernel: string): tf.Tensor =>
      tf.mul(tf.expandDims(coef, 2), tf.expandDims(tf.transpose(get(rec, kernel)), 0));
    const units = prev.shape[1] as number;
    return tf.addN([
      tf.mul(tf.expandDims(carry, 2), tf.expandDims(tf.eye(units), 0)),
      row(a, 'W_hz'),
      row(b, 'W_hn'),
      row(c, 'W_hr'),
    ]) as tf.Tensor3D;
  },
  jacobianBlocks(rec, prev, u, config) {
    const { carry, a, b, c } = jacobianTerms(rec, prev, u, config);
    const units = prev.shape[1] as number;
    const diagonal = (kernel: string): tf.Tensor =>
      tf.sum(tf.mul(get(rec, kernel), tf.eye(units)), 0);
    const value = tf.addN([
      carry,
      tf.mul(a, diagonal('W_hz')),
      tf.mul(b, diagonal('W_hn')),
      tf.mul(c, diagonal('W_hr')),
    ]);
    return tf.reshape(value, [-1, prev.shape[1] as number, 1, 1]) as tf.Tensor4D;
  },
  spreadUnits(name, v, { width, units }) {
    // Kernels are [in, out]: element (j, i) feeds output unit i.
    if ((INPUT_KERNELS as readonly string[]).includes(name))
      return tf.tile(tf.expandDims(v, 1), [1, width, 1]);
    if ((RECURRENT_KERNELS as readonly string[]).includes(name))
      return tf.tile(tf.expandDims(v, 1), [1, units, 1]);
    if ((INPUT_BIASES as readonly string[]).includes(name) || name === 'b_hn') return tf.clone(v);
    throw new Error(`GRU: unknown parameter '${name}'`);
  },
  scan(rec, u, config, initial) {
    return loopScan(gruCell, rec, u, config, initial, rec['W_hr']?.shape[0] as number);
  },
};
