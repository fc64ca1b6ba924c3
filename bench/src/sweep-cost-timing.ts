/**
 * The timings behind sweep-cost.ts: one training step or forward pass of a sweep's setting on
 * synthetic inputs of its shape, fastest of a few repetitions, and the extrapolation of long
 * sequences from two shorter lengths.
 */
import { tf } from '@olrd/tensor';
import { forward, initParams, normalArray, uniformGenerator, type ModelConfig } from '@olrd/core';
import { createOptimizer, type TrainConfig } from '@olrd/train';
import { timeTrainingSteps } from './train-steps.js';

/**
 * The fastest of the timed repetitions: the machine may be shared (other processes, other
 * engineers' test runs), which only ever adds time, so the minimum is the least disturbed.
 */
function fastest(values: number[]): number {
  return Math.min(...values);
}

/** Inputs of the right shape: normal x, random labels, a full mask. */
function syntheticBatch(model: ModelConfig, batch: number, time: number, seed: number) {
  const uniform = uniformGenerator(seed);
  const x = tf.tensor3d(normalArray(uniform, batch * time * model.dInput), [
    batch,
    time,
    model.dInput,
  ]);
  const labels = new Int32Array(batch * time * model.multidim).map(() =>
    Math.floor(uniform() * model.nClasses),
  );
  const y =
    model.multidim > 1
      ? tf.tensor3d(labels, [batch, time, model.multidim], 'int32')
      : tf.tensor2d(labels, [batch, time], 'int32');
  const mask = tf.ones([batch, time]) as tf.Tensor2D;
  return { x, y, mask };
}

export interface Timing {
  ms: number;
  cores: number;
}

/** The fastest of `reps` training steps (after one warm-up) of `rule` at [batch, time], in ms. */
export async function timeTrainStep(
  config: TrainConfig,
  model: ModelConfig,
  rule: TrainConfig['trainingMode'],
  batch: number,
  time: number,
  reps: number,
): Promise<Timing> {
  const params = initParams(model, 0);
  const data = syntheticBatch(model, batch, time, 1);
  const optimizer = createOptimizer({
    optConfig: config.optConfig,
    learningRate: () => config.lrBase,
    recLearningRate: () => config.lrBase * config.lrFactor,
    weightDecay: config.weightDecay,
    normWeightDecay: config.normWeightDecay,
    accumulationSteps: config.nAccumulationSteps,
  });
  const { ms, cores } = await timeTrainingSteps({
    rule,
    params,
    model,
    batch: data,
    execution: config.execution,
    optimizer,
    reps,
  });
  tf.dispose([data.x, data.y, data.mask]);
  return { ms: fastest(ms), cores };
}

/** Median ms of `reps` forward passes (evaluation: no dropout, no gradient) at [batch, time]. */
export function timeForward(model: ModelConfig, batch: number, time: number, reps: number): number {
  const params = initParams(model, 0);
  const { x, y, mask } = syntheticBatch(model, batch, time, 2);
  const times: number[] = [];
  for (let rep = 0; rep <= reps; rep++) {
    const start = performance.now();
    const out = forward(params, model, x);
    out.dataSync();
    out.dispose();
    if (rep > 0) times.push(performance.now() - start);
  }
  tf.dispose([x, y, mask, ...Object.values(params)]);
  return fastest(times);
}

/**
 * ms per step at the full length `time`: timed there when batch·time fits `tokenBudget`, else
 * timed at two shorter lengths L and 2L (batch·2L ≈ 2·tokenBudget) and extrapolated along the
 * line through them (fixed part + part linear in T); a non-positive intercept or slope from
 * noise falls back to scaling the longer one in proportion to T.
 */
export async function atLength(
  time: number,
  batch: number,
  tokenBudget: number,
  measure: (length: number) => Promise<number>,
): Promise<{ ms: number; lengths: number[]; timed: number[] }> {
  if (batch * time <= 2 * tokenBudget) {
    const ms = await measure(time);
    return { ms, lengths: [time], timed: [ms] };
  }
  const short = Math.max(2, Math.floor(tokenBudget / batch));
  const long = 2 * short;
  const [a, b] = [await measure(short), await measure(long)];
  const slope = (b - a) / (long - short);
  const intercept = a - slope * short;
  const ms = slope > 0 && intercept >= 0 ? intercept + slope * time : (b * time) / long;
  return { ms, lengths: [short, long], timed: [a, b] };
}
