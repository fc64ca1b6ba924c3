/**
 * `scaleByAdam`: Adam's update direction (optax `scale_by_adam`) with bias correction,
 * u = m̂ / (√v̂ + ε). The learning rate and its sign are applied by `scaleByLearningRate`.
 */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { GradientTransformation } from './gradient-transformation.js';
import { arrayAt, f32, zerosLikeArrays } from './array-tree.js';
import { mapParams, tidyTree, zerosLikeParams } from './tree.js';

/** Adam state: update count and first/second moment estimates per parameter. */
export interface ScaleByAdamState {
  readonly [key: string]: number | Params;
  readonly count: number;
  readonly mu: Params;
  readonly nu: Params;
}

/** Adam hyper-parameters; defaults are optax's (and the reference's). */
export interface ScaleByAdamOptions {
  /** First-moment decay (default 0.9). */
  b1?: number;
  /** Second-moment decay (default 0.999). */
  b2?: number;
  /** Added to √v̂ (default 1e-8). */
  eps?: number;
}

/** Creates the Adam scaling transformation. */
export function scaleByAdam(
  options: ScaleByAdamOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = options;
  return {
    init: (params) => ({ count: 0, mu: zerosLikeParams(params), nu: zerosLikeParams(params) }),
    update: (updates, state) =>
      tidyTree(() => {
        const count = state.count + 1;
        const correction1 = 1 - b1 ** count;
        const correction2 = 1 - b2 ** count;
        const mu = mapParams(updates, (g, name) =>
          tf.add(tf.mul(state.mu[name]!, b1), tf.mul(g, 1 - b1)),
        );
        const nu = mapParams(updates, (g, name) =>
          tf.add(tf.mul(state.nu[name]!, b2), tf.mul(tf.square(g), 1 - b2)),
        );
        const out = mapParams(updates, (_, name) =>
          tf.div(
            tf.div(mu[name]!, correction1),
            tf.add(tf.sqrt(tf.div(nu[name]!, correction2)), eps),
          ),
        );
        return [out, { count, mu, nu }] as [Params, ScaleByAdamState];
      }),
    arrays: {
      init: (params) => ({ count: 0, mu: zerosLikeArrays(params), nu: zerosLikeArrays(params) }),
      update(updates, state) {
        const {
          count: previous,
          mu,
          nu,
        } = state as {
          count: number;
          mu: Record<string, Float32Array>;
          nu: Record<string, Float32Array>;
        };
        const count = previous + 1;
        // The scalars as the tensor form's scalar tensors hold them (float32).
        const beta1 = f32(b1);
        const keep1 = f32(1 - b1);
        const beta2 = f32(b2);
        const keep2 = f32(1 - b2);
        const epsilon = f32(eps);
        const correction1 = f32(1 - b1 ** count);
        const correction2 = f32(1 - b2 ** count);
        for (const [name, g] of Object.entries(updates)) {
          const m = arrayAt(mu, name);
          const v = arrayAt(nu, name);
          for (let i = 0; i < g.length; i++) {
            const gi = g[i]!;
            const mi = f32(f32(m[i]! * beta1) + f32(gi * keep1));
            const vi = f32(f32(v[i]! * beta2) + f32(f32(gi * gi) * keep2));
            m[i] = mi;
            v[i] = vi;
            const root = f32(Math.sqrt(f32(vi / correction2)));
            g[i] = f32(f32(mi / correction1) / f32(root + epsilon));
          }
        }
        return { count, mu, nu };
      },
    },
  };
}
