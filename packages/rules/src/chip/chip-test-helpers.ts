/**
 * Fixtures of the chip learner's tests: a model inside the chip's shape, perturbed parameters
 * as arrays, and a random input/label sequence.
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
} from '@olrd/core';

/** A small chip-shaped model. */
export function chipTestConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    ...defaultArchitecture,
    activation: 'none',
    pDropout: 0,
    dInput: 3,
    dModel: 4,
    dHidden: 3,
    nLayers: 2,
    nClasses: 3,
    multidim: 2,
    ...overrides,
  };
}

/** initParams of `config` plus N(0, 0.1) noise (so biases and norms are not at init), as arrays. */
export function chipTestParams(config: ModelConfig, seed: number): Record<string, Float32Array> {
  const params = initParams(config, seed);
  const uniform = uniformGenerator(seed + 1000);
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params)) {
    const values = tensor.dataSync() as Float32Array;
    const noise = normalArray(uniform, values.length, 0.1);
    out[name] = values.map((v, i) => v + noise[i]!);
  }
  tf.dispose(Object.values(params));
  return out;
}

/** `steps` random inputs in [−1, 1) and labels (null every `unlabelledEvery`-th step). */
export function chipTestSequence(
  config: ModelConfig,
  steps: number,
  seed: number,
  unlabelledEvery = 4,
): { xs: Float32Array[]; labels: (Int32Array | null)[] } {
  const uniform = uniformGenerator(seed);
  const xs: Float32Array[] = [];
  const labels: (Int32Array | null)[] = [];
  for (let t = 0; t < steps; t++) {
    xs.push(Float32Array.from({ length: config.dInput }, () => 2 * uniform() - 1));
    labels.push(
      t % unlabelledEvery === unlabelledEvery - 1
        ? null
        : Int32Array.from({ length: config.multidim }, () =>
            Math.floor(uniform() * config.nClasses),
          ),
    );
  }
  return { xs, labels };
}
