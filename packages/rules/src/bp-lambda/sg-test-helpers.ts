/** Test helpers of the synthetic-gradient rules: small models with a random synthesiser. */
import { tf } from '@olrd/tensor';
import {
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import { smallConfig } from '../test-helpers.js';

/** GRU and LSTM output their state, so their width is dHidden. */
export function sgConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  const gated = overrides.layerCls === 'GRU' || overrides.layerCls === 'LSTM';
  return smallConfig({
    synthesiser: true,
    ...overrides,
    ...(gated ? { dModel: overrides.dHidden ?? 5, dHidden: overrides.dHidden ?? 5 } : {}),
  });
}

/** Parameters with a random (non-zero) synthesiser, so ĝ matters. */
export function paramsWithSynthesiser(
  config: ModelConfig,
  seed: number,
  layers?: number[],
): Params {
  const params = initParams(config, seed);
  const uniform = uniformGenerator(seed + 100);
  for (let layer = 0; layer < config.nLayers; layer++) {
    if (layers !== undefined && !layers.includes(layer)) continue;
    for (const part of ['kernel', 'bias']) {
      const name = `layers.${layer}.synth.${part}`;
      const old = params[name] as tf.Tensor;
      params[name] = tf.tensor(normalArray(uniform, old.size, 0.3), old.shape);
      old.dispose();
    }
  }
  return params;
}
