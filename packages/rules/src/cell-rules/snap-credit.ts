/**
 * SnAp-1's temporal credit in sequence mode. SnAp-1 keeps, per parameter, a trace through the
 * diagonal blocks D_t of the recurrent Jacobian: e_t = D_t·e_{t−1} + (immediate sensitivity), and
 * accumulates Σ_t δ_t·e_t. Exchanging the sums gives Σ_t ε_t·(immediate sensitivity) with the
 * reverse recursion ε_t = δ_t + D_{t+1}ᵀ·ε_{t+1} (ε_{T−1} = δ_{T−1}), so no per-parameter trace is
 * ever stored. `snapCredit` is the identity forward and maps δ to ε backward.
 */
import { tf } from '@olrd/tensor';

/** ε_t[i, c′] = Σ_c D[i, c, c′]·ε_t[i, c]: one step of Dᵀ on [B, k·N] (component-major). */
export function applyBlocksTransposed(
  blocks: tf.Tensor,
  error: tf.Tensor,
  components: number,
): tf.Tensor {
  const [batch, units] = blocks.shape as [number, number];
  const perUnit = tf.transpose(tf.reshape(error, [batch, components, units]), [0, 2, 1]); // [B, N, k]
  const mixed = tf.sum(tf.mul(blocks, tf.expandDims(perUnit, 3)), 2); // [B, N, k]
  return tf.reshape(tf.transpose(mixed, [0, 2, 1]), [batch, components * units]);
}

/**
 * Identity on states [B, T, k·N]; backward turns the instantaneous errors δ into SnAp-1's ε
 * using `blocks` [B, T, N, k, k] (D_t = ∂s_t/∂s_{t−1} restricted to each unit; constants).
 */
export function snapCredit(
  states: tf.Tensor3D,
  blocks: tf.Tensor,
  components: number,
): tf.Tensor3D {
  const op = tf.customGrad(((value: tf.Tensor3D, d: tf.Tensor, save: tf.GradSaveFunc) => {
    save([d]);
    return {
      value: tf.clone(value),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [saveBlocks] = saved as [tf.Tensor];
        const time = dy.shape[1] as number;
        const deltas = tf.unstack(dy, 1);
        const perStep = tf.unstack(saveBlocks, 1);
        const eps: tf.Tensor[] = new Array<tf.Tensor>(time);
        eps[time - 1] = deltas[time - 1] as tf.Tensor;
        for (let t = time - 2; t >= 0; t--) {
          eps[t] = tf.add(
            deltas[t] as tf.Tensor,
            applyBlocksTransposed(perStep[t + 1] as tf.Tensor, eps[t + 1] as tf.Tensor, components),
          );
        }
        return [tf.stack(eps, 1), tf.zerosLike(saveBlocks)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(states, blocks) as tf.Tensor3D;
}
