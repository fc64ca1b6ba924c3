/** Shared fixtures of the rules tests: small models, random batches, gradient comparison. */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  normalArray,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import {
  computeGradients,
  type Batch,
  type GradientOptions,
  type GradientResult,
} from './compute-gradients.js';
import type { RuleName } from './names/index.js';

export function smallConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    ...defaultArchitecture,
    dInput: 3,
    dModel: 6,
    dHidden: 5,
    nLayers: 1,
    nClasses: 3,
    multidim: 1,
    pDropout: 0,
    ...overrides,
  };
}

/** A random batch with labels per step and a mask with a few zeros. */
export function randomBatch(
  config: ModelConfig,
  batchSize: number,
  time: number,
  seed: number,
): Batch {
  const uniform = uniformGenerator(seed);
  const labels = new Int32Array(batchSize * time * config.multidim).map(() =>
    Math.floor(uniform() * config.nClasses),
  );
  const mask = new Float32Array(batchSize * time).fill(1);
  // Sequence 1 (if any) only counts its later steps, like the copy task.
  for (let t = 0; t < Math.min(2, time - 1); t++) if (batchSize > 1) mask[time + t] = 0;
  return {
    x: tf.tensor3d(normalArray(uniform, batchSize * time * config.dInput), [
      batchSize,
      time,
      config.dInput,
    ]),
    y:
      config.multidim > 1
        ? tf.tensor3d(labels, [batchSize, time, config.multidim], 'int32')
        : tf.tensor2d(labels, [batchSize, time], 'int32'),
    mask: tf.tensor2d(mask, [batchSize, time]),
  };
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.y, batch.mask]);
}

/** ‖a − b‖ / max(‖b‖, tiny) for two tensors of the same shape. */
export function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.norm(tf.sub(a, b)).dataSync()[0] as number;
    const scale = tf.norm(b).dataSync()[0] as number;
    return diff / Math.max(scale, 1e-12);
  });
}

/** Names whose relative error exceeds `tolerance`, with the error, for readable failures. */
export function mismatches(a: Params, b: Params, names: string[], tolerance: number): string[] {
  return names
    .map((name) => [name, relativeError(a[name] as tf.Tensor, b[name] as tf.Tensor)] as const)
    .filter(([, error]) => !(error <= tolerance))
    .map(([name, error]) => `${name}: relative error ${error.toExponential(2)}`);
}

/** `computeGradients` on a batch that is disposed afterwards (the result is the caller's). */
export function gradientsOn(
  rule: RuleName,
  params: Params,
  config: ModelConfig,
  batch: Batch,
  options: GradientOptions = {},
): GradientResult {
  try {
    return computeGradients(rule, params, config, batch, options);
  } finally {
    disposeBatch(batch);
  }
}

/** Disposes the gradients and log-probabilities of results. */
export function releaseResults(...results: GradientResult[]): void {
  for (const r of results) tf.dispose([...Object.values(r.grads), r.logProbs]);
}
