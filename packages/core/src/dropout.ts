/**
 * Dropout masks shared across time (spec 1 §3.1): one mask per sequence and dropout site, drawn
 * up front from a seed so that sequence and streaming execution see identical masks.
 */
import { tf } from '@olrd/tensor';
import type { ModelConfig } from './model-config.js';
import { childSeed, uniformGenerator } from './random.js';

/** Per layer, the masks of its dropout sites ([B, H] values 0 or 1/(1 − p)); empty when off. */
export type DropoutMasks = tf.Tensor2D[][];

/** How many dropout sites a layer's post-recurrence block has. */
export function dropoutSites(config: ModelConfig): number {
  return config.activation === 'none' ? 0 : config.activation === 'gelu' ? 1 : 2;
}

/**
 * Draws the masks for a batch of `batchSize` sequences. Returns `[]` when `pDropout` is 0.
 * The caller owns the tensors (dispose with `disposeMasks`).
 */
export function drawDropoutMasks(
  config: ModelConfig,
  batchSize: number,
  seed: number,
): DropoutMasks {
  if (config.pDropout === 0) return [];
  const keep = 1 - config.pDropout;
  const masks: DropoutMasks = [];
  for (let layer = 0; layer < config.nLayers; layer++) {
    const uniform = uniformGenerator(childSeed(seed, `dropout.${layer}`));
    const sites: tf.Tensor2D[] = [];
    for (let site = 0; site < dropoutSites(config); site++) {
      const values = new Float32Array(batchSize * config.dModel);
      for (let i = 0; i < values.length; i++) values[i] = uniform() < keep ? 1 / keep : 0;
      sites.push(tf.tensor2d(values, [batchSize, config.dModel]));
    }
    masks.push(sites);
  }
  return masks;
}

/** Disposes every mask. */
export function disposeMasks(masks: DropoutMasks): void {
  for (const sites of masks) for (const mask of sites) mask.dispose();
}
