/**
 * Training throughput: one optimiser step (gradient by the rule + Adam update) on the Figure-2
 * copy configuration, timed over repetitions after a warm-up, reported as tokens/s (B·T per step).
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
  type Params,
} from '@olrd/core';
import type { Execution, RuleName } from '@olrd/rules';
import { createOptimizer } from '@olrd/train';
import { timeTrainingSteps } from './train-steps.js';

/** The copy configuration of Figure 2 (spec 1 §7) that the PyTorch peer also runs. */
export const FIGURE2 = {
  nLayers: 4,
  dModel: 128,
  dHidden: 64,
  time: 48,
  batch: 50,
  dInput: 8,
} as const;

export interface ThroughputResult {
  backend: string;
  rule: RuleName;
  execution: Execution;
  tokensPerSecond: number;
  /** Median milliseconds per training step. */
  msPerStep: number;
  reps: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function figure2Config(): ModelConfig {
  return {
    ...defaultArchitecture,
    dInput: FIGURE2.dInput,
    dModel: FIGURE2.dModel,
    dHidden: FIGURE2.dHidden,
    nLayers: FIGURE2.nLayers,
    nClasses: 2,
    multidim: 7,
  };
}

/** Times `reps` training steps (after one warm-up) of `rule` in `execution` on the active backend. */
export async function measureThroughput(
  backend: string,
  rule: RuleName,
  execution: Execution,
  reps: number,
): Promise<ThroughputResult> {
  const config = figure2Config();
  const params: Params = initParams(config, 0);
  const { batch, time } = FIGURE2;
  const uniform = uniformGenerator(1);
  const x = tf.tensor3d(normalArray(uniform, batch * time * config.dInput), [
    batch,
    time,
    config.dInput,
  ]);
  const y = tf.tensor3d(
    new Int32Array(batch * time * 7).map(() => (uniform() < 0.5 ? 1 : 0)),
    [batch, time, 7],
    'int32',
  );
  const mask = tf.ones([batch, time]) as tf.Tensor2D;
  const optimizer = createOptimizer({
    optConfig: 'standard',
    learningRate: () => 1e-3,
    recLearningRate: () => 5e-4,
    weightDecay: 0,
  });
  const { ms: times } = await timeTrainingSteps({
    rule,
    params,
    model: config,
    batch: { x, y, mask },
    execution,
    optimizer,
    reps,
  });
  tf.dispose([x, y, mask]);
  const msPerStep = median(times);
  return {
    backend,
    rule,
    execution,
    tokensPerSecond: (batch * time) / (msPerStep / 1000),
    msPerStep,
    reps,
  };
}
