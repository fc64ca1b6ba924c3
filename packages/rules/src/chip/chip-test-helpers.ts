/**
 * Fixtures of the chip learner's tests: a model inside the chip's shape, perturbed parameters
 * as arrays, and a random input/label sequence.
 */
import { defaultArchitecture, uniformGenerator, type ModelConfig } from '@olrd/core';

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
export { scenarioParams as chipTestParams } from '../fused/fused-test-helpers.js';

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
