/**
 * `multiSteps`: gradient accumulation (optax `MultiSteps`). Micro-batch gradients are summed;
 * every k-th call the inner transformation sees their mean and its updates are returned;
 * otherwise the updates are zeros and the inner state is carried unchanged. Because each
 * micro-batch loss is a per-sequence mean, the mean of k micro-batch gradients equals the
 * gradient of the k-times-larger batch.
 */
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type { GradientTransformation } from './gradient-transformation.js';
import type { ArrayOptState, ArrayParams, ArrayTransformation } from '@olrd/core/spec';
import { arrayAt, f32, zerosLikeArrays } from './array-tree.js';
import { cloneTree, mapParams, tidyTree, zerosLikeParams, type OptState } from './tree.js';

/** State: micro-steps since the last real update, the gradient sum, the inner state. */
export interface MultiStepsState {
  readonly [key: string]: OptState;
  readonly miniStep: number;
  readonly accumulated: Params;
  readonly inner: OptState;
}

/** True when the `update` that produced `state` applied a real (non-zero) update. */
export function multiStepsDidUpdate(state: MultiStepsState): boolean {
  return state.miniStep === 0;
}

/**
 * @param inner - the optimiser applied every `everyK` calls
 * @param everyK - micro-batches per update (≥ 1)
 */
export function multiSteps(
  inner: GradientTransformation,
  everyK: number,
): GradientTransformation<MultiStepsState> {
  if (!Number.isInteger(everyK) || everyK < 1)
    throw new RangeError(`multiSteps: everyK must be an integer >= 1, got ${everyK}`);
  return {
    arrays: inner.arrays ? multiStepsArrays(inner.arrays, everyK) : undefined,
    init: (params) => ({
      miniStep: 0,
      accumulated: zerosLikeParams(params),
      inner: inner.init(params),
    }),
    update(updates, state, params) {
      const accumulated = tidyTree(() =>
        mapParams(updates, (g, name) => tf.add(state.accumulated[name]!, g)),
      );
      if (state.miniStep + 1 < everyK) {
        const zeros = zerosLikeParams(updates);
        return [
          zeros,
          { miniStep: state.miniStep + 1, accumulated, inner: cloneTree(state.inner) },
        ];
      }
      const mean = tidyTree(() => mapParams(accumulated, (sum) => tf.div(sum, everyK)));
      tf.dispose(Object.values(accumulated));
      const [out, innerState] = inner.update(mean, state.inner, params);
      tf.dispose(Object.values(mean));
      return [out, { miniStep: 0, accumulated: zerosLikeParams(updates), inner: innerState }];
    },
  };
}

/** The array form: sums in place; every k-th call the inner form sees the mean, else zeros. */
function multiStepsArrays(inner: ArrayTransformation, everyK: number): ArrayTransformation {
  const k = f32(everyK);
  return {
    init: (params) => ({
      miniStep: 0,
      accumulated: zerosLikeArrays(params),
      inner: inner.init(params),
    }),
    update(updates, state, params) {
      const current = state as { miniStep: number; accumulated: ArrayParams; inner: ArrayOptState };
      for (const [name, g] of Object.entries(updates)) {
        const sum = arrayAt(current.accumulated, name);
        for (let i = 0; i < g.length; i++) sum[i] = f32(sum[i]! + g[i]!);
      }
      if (current.miniStep + 1 < everyK) {
        for (const g of Object.values(updates)) g.fill(0);
        return { ...current, miniStep: current.miniStep + 1 };
      }
      for (const [name, g] of Object.entries(updates)) {
        const sum = arrayAt(current.accumulated, name);
        for (let i = 0; i < g.length; i++) g[i] = f32(sum[i]! / k);
        sum.fill(0);
      }
      return {
        miniStep: 0,
        accumulated: current.accumulated,
        inner: inner.update(updates, current.inner, params),
      };
    },
  };
}
