/**
 * The chip learner on a generated stream, shared by `olrd stream --precision` and
 * `olrd chip study`: the chip-shaped model for a stream, and the prequential loop (predict,
 * score, learn; a step without a loss only predicts, and a sequence's end resets the state).
 */
import { defaultArchitecture, initParams, type ModelConfig } from '@olrd/core';
import type { Stream, StreamStep } from '@olrd/data';
import { ChipLearner, type ChipOptimizerOptions, type Precision } from '@olrd/rules';
import { tf } from '@olrd/tensor/node';
import { PrequentialMeter } from '@olrd/train';

/** The model sizes of a chip run. */
export interface ChipModelSize {
  nLayers: number;
  dModel: number;
  dHidden: number;
}

/** The chip-shaped model (LRU, pre-norm, no post block, a prediction per step) for `stream`. */
export function chipModelConfig(size: ChipModelSize, stream: Stream): ModelConfig {
  return {
    ...defaultArchitecture,
    activation: 'none',
    pDropout: 0,
    dInput: stream.inputDim,
    dModel: size.dModel,
    dHidden: size.dHidden,
    nLayers: size.nLayers,
    nClasses: stream.nClasses,
    multidim: stream.multidim,
  };
}

/** `initParams` of `config` as arrays. */
export function initialChipParams(config: ModelConfig, seed: number): Record<string, Float32Array> {
  const params = initParams(config, seed);
  try {
    const out: Record<string, Float32Array> = {};
    for (const [name, tensor] of Object.entries(params))
      out[name] = tensor.dataSync() as Float32Array;
    return out;
  } finally {
    tf.dispose(Object.values(params));
  }
}

/** Creates a chip learner for `stream` from fresh parameters. */
export function createChipLearner(
  size: ChipModelSize,
  stream: Stream,
  precision: Precision,
  optimizer: ChipOptimizerOptions,
  seed: number,
): ChipLearner {
  const config = chipModelConfig(size, stream);
  return ChipLearner.create({
    config,
    params: initialChipParams(config, seed),
    precision,
    optimizer,
    seed,
  });
}

/** One prequential step of the chip learner on a (batch-1) stream step. */
export function chipStreamStep(
  learner: ChipLearner,
  item: StreamStep,
  meter: PrequentialMeter,
): { loss: number; correct: number; total: number } {
  const labelled = item.mask[0]! > 0;
  const result = learner.step(item.x, labelled ? item.y : null);
  meter.record(result.loss, result.correct, result.total);
  if (item.endOfSequence) learner.resetState();
  return result;
}

/** What one step of the loop reports. */
export interface ChipStepReport {
  step: number;
  item: StreamStep;
  correct: number;
  total: number;
  meter: PrequentialMeter;
}

/**
 * Runs `steps` steps; returns the meter. `onStep` sees each step after it; returning false
 * stops the loop (Ctrl-C, a diverged learner).
 */
export function runChipStream(
  learner: ChipLearner,
  stream: Stream,
  steps: number,
  window: number,
  onStep?: (report: ChipStepReport) => boolean | void,
): PrequentialMeter {
  const meter = new PrequentialMeter(window);
  let step = 0;
  for (const item of stream.steps()) {
    if (step >= steps) break;
    const { correct, total } = chipStreamStep(learner, item, meter);
    step++;
    if (onStep?.({ step, item, correct, total, meter }) === false) break;
  }
  return meter;
}
