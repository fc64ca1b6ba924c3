/**
 * The LRU (lru.ts) as a {@link Cell}: state [re | im] of h, diagonal complex recurrence, so each
 * unit's Jacobian block is the 2×2 real form of λ_i and SnAp-1 is exact (= online_full).
 */
import { diagScan, tf } from '@olrd/tensor';
import {
  lruDynamics,
  lruInit,
  lruInputProjection,
  lruLambda,
  lruReadout,
  type LruRecurrence,
} from '../lru.js';
import type { Params } from '../params.js';
import type { Recurrence } from '../sequence-layer.js';
import type { Cell, CellSizes } from '../spec/cell.js';
import { recParam, stateComponents } from './cell-step.js';

function lambdaOf(rec: Params): [tf.Tensor1D, tf.Tensor1D] {
  return lruLambda(recParam(rec, 'nu', 'LRU'), recParam(rec, 'theta', 'LRU'));
}

export const lruCell: Cell = {
  unitsParam: ['nu', 0],
  components: 2,
  blockDiagonal: true,
  recurrentParams: ['nu', 'theta', 'gamma_log', 'B_re', 'B_im'],
  optimizerGroups: { rec: ['nu', 'theta', 'gamma_log'], B: ['B_re', 'B_im'] },
  paramShapes({ width: H, units: N }: CellSizes) {
    return {
      nu: [N],
      theta: [N],
      gamma_log: [N],
      B_re: [N, H],
      B_im: [N, H],
      C_re: [H, N],
      C_im: [H, N],
      D: [H],
    };
  },
  init(uniform, { width, units }, config) {
    return lruInit(uniform, width, units, config);
  },
  recurrentTerms(rec, prev) {
    const [lRe, lIm] = lambdaOf(rec);
    const [hRe, hIm] = stateComponents(prev, 2) as [tf.Tensor, tf.Tensor];
    return [
      tf.concat(
        [tf.sub(tf.mul(lRe, hRe), tf.mul(lIm, hIm)), tf.add(tf.mul(lRe, hIm), tf.mul(lIm, hRe))],
        -1,
      ),
    ];
  },
  update(rec, _prev, terms, u) {
    const [bRe, bIm] = lruInputProjection(u, lruDynamics(rec));
    return tf.add(terms[0] as tf.Tensor, tf.concat([bRe, bIm], -1));
  },
  readout(rec, state, u) {
    const [hRe, hIm] = stateComponents(state, 2) as [tf.Tensor, tf.Tensor];
    return lruReadout(hRe, hIm, rec, u);
  },
  jacobian(rec, prev) {
    const [lRe, lIm] = lambdaOf(rec);
    const block = tf.concat(
      [
        tf.concat([tf.diag(lRe), tf.neg(tf.diag(lIm))], 1),
        tf.concat([tf.diag(lIm), tf.diag(lRe)], 1),
      ],
      0,
    );
    return tf.tile(tf.expandDims(block, 0), [prev.shape[0] as number, 1, 1]) as tf.Tensor3D;
  },
  jacobianBlocks(rec, prev) {
    const [lRe, lIm] = lambdaOf(rec);
    const blocks = tf.reshape(tf.stack([lRe, tf.neg(lIm), lIm, lRe], 1), [1, -1, 2, 2]);
    return tf.tile(blocks, [prev.shape[0] as number, 1, 1, 1]) as tf.Tensor4D;
  },
  spreadUnits(name, v, { width }) {
    if (name === 'B_re' || name === 'B_im') return tf.tile(tf.expandDims(v, 2), [1, 1, width]);
    if (name === 'nu' || name === 'theta' || name === 'gamma_log') return tf.clone(v);
    throw new Error(`LRU: parameter '${name}' is not recurrent`);
  },
  scan(rec, u, _config, initial) {
    const dynamics = lruDynamics(rec);
    let [bRe, bIm] = lruInputProjection(u, dynamics) as [tf.Tensor3D, tf.Tensor3D];
    if (initial !== undefined) {
      // h_0 = λ·h_init + B̃u_0: fold the initial state into the first input, then scan as usual.
      const [carry] = lruCell.recurrentTerms(rec, initial, _config);
      const [cRe, cIm] = stateComponents(carry as tf.Tensor, 2) as [tf.Tensor, tf.Tensor];
      const time = u.shape[1];
      const pad = (c: tf.Tensor): tf.Tensor =>
        tf.pad(tf.expandDims(c, 1), [
          [0, 0],
          [0, time - 1],
          [0, 0],
        ]);
      bRe = tf.add(bRe, pad(cRe)) as tf.Tensor3D;
      bIm = tf.add(bIm, pad(cIm)) as tf.Tensor3D;
    }
    const [hRe, hIm] = diagScan(dynamics.lambdaRe, dynamics.lambdaIm, bRe, bIm);
    return tf.concat([hRe, hIm], -1) as tf.Tensor3D;
  },
};

/**
 * A generic {@link Recurrence} from an LRU-specific one (u, λ and B̃ → (re, im)), packing the
 * state as [re | im].
 */
export function fromLruRecurrence(recurrence: LruRecurrence): Recurrence {
  return (rec, u) => tf.concat(recurrence(u, lruDynamics(rec)), -1);
}
