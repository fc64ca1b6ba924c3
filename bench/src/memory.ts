/**
 * Peak tensor memory against sequence length: streaming online_full (traces are state, so the
 * peak should not grow with T) next to BPTT in sequence execution (which keeps every step).
 * The peak is tfjs's own account of live tensor bytes (`tf.profile().peakBytes`), taken over
 * windows of steps so that the profile's kernel log stays small on long sequences.
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
} from '@olrd/core';
import {
  computeGradients,
  disposeOnlineState,
  initOnlineState,
  onlineGradients,
  stepOnline,
} from '@olrd/rules';

/** A small model: memory flatness does not depend on its size, and long T stays affordable. */
export const MEMORY_MODEL: ModelConfig = {
  ...defaultArchitecture,
  dInput: 4,
  dModel: 32,
  dHidden: 16,
  nLayers: 2,
  nClasses: 2,
  multidim: 1,
  pDropout: 0,
};
export const MEMORY_BATCH = 2;

export interface MemoryResult {
  method: 'online_full (streaming)' | 'bptt (sequence)';
  time: number;
  peakBytes: number;
  seconds: number;
}

function inputs(time: number): { x: tf.Tensor3D; y: tf.Tensor2D; mask: tf.Tensor2D } {
  const uniform = uniformGenerator(time);
  return {
    x: tf.tensor3d(normalArray(uniform, MEMORY_BATCH * time * MEMORY_MODEL.dInput), [
      MEMORY_BATCH,
      time,
      MEMORY_MODEL.dInput,
    ]),
    y: tf.zeros([MEMORY_BATCH, time], 'int32') as tf.Tensor2D,
    mask: tf.ones([MEMORY_BATCH, time]) as tf.Tensor2D,
  };
}

/** Streaming online_full over T steps, one step at a time; returns the peak live bytes. */
export async function streamingPeak(
  time: number,
  onProgress?: (done: number) => void,
): Promise<MemoryResult> {
  const params = initParams(MEMORY_MODEL, 0);
  const data = inputs(time);
  const baseline = tf.memory().numBytes;
  const start = performance.now();
  let state = initOnlineState('online_full', params, MEMORY_MODEL, MEMORY_BATCH);
  let peak = 0;
  // tf.profile overflows the call stack past ~100k logged kernels (≈ 800 per step here).
  const window = 32;
  const weight = tf.fill([MEMORY_BATCH], 1 / (MEMORY_BATCH * time)) as tf.Tensor1D;
  const label = tf.zeros([MEMORY_BATCH, 1], 'int32') as tf.Tensor2D;
  for (let t0 = 0; t0 < time; t0 += window) {
    const profile = await tf.profile(() => {
      for (let t = t0; t < Math.min(time, t0 + window); t++) {
        const x = tf.tidy(
          () =>
            tf.reshape(tf.slice(data.x, [0, t, 0], [-1, 1, -1]), [MEMORY_BATCH, -1]) as tf.Tensor2D,
        );
        const { state: next, logProbs } = stepOnline(state, params, MEMORY_MODEL, x, {
          y: label,
          weight,
        });
        disposeOnlineState(state);
        state = next;
        tf.dispose([x, logProbs]);
      }
    });
    peak = Math.max(peak, profile.peakBytes);
    onProgress?.(Math.min(time, t0 + window));
  }
  const grads = onlineGradients(state, params);
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([
    ...Object.values(grads),
    ...Object.values(params),
    data.x,
    data.y,
    data.mask,
    weight,
    label,
  ]);
  disposeOnlineState(state);
  return { method: 'online_full (streaming)', time, peakBytes: peak - baseline, seconds };
}

/** BPTT over the whole sequence at once; returns the peak live bytes. */
export async function bpttPeak(time: number): Promise<MemoryResult> {
  const params = initParams(MEMORY_MODEL, 0);
  const data = inputs(time);
  const baseline = tf.memory().numBytes;
  const start = performance.now();
  const profile = await tf.profile(() => {
    const { grads, logProbs } = computeGradients('bptt', params, MEMORY_MODEL, data);
    tf.dispose([...Object.values(grads), logProbs]);
  });
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([...Object.values(params), data.x, data.y, data.mask]);
  return { method: 'bptt (sequence)', time, peakBytes: profile.peakBytes - baseline, seconds };
}
