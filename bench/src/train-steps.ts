/**
 * The timed training step the throughput and sweep-cost benchmarks share: the rule's gradient,
 * the optimiser's update and a read of the new parameters (so asynchronous backends such as
 * webgpu finish the step), `reps` times after one warm-up, disposing everything as it goes.
 */
import { disposeTree, tf } from '@olrd/tensor';
import type { ModelConfig, Params } from '@olrd/core';
import { computeGradientsAsync, type Batch, type Execution, type RuleName } from '@olrd/rules';
import { applyUpdates, type GradientTransformation } from '@olrd/train';

/** What {@link timeTrainingSteps} measured. */
export interface StepTimes {
  /** Wall ms of each timed step (the warm-up left out). */
  ms: number[];
  /** Mean process CPU time over wall time of the timed steps: the cores kept busy. */
  cores: number;
}

/**
 * Times `reps` training steps of `rule` on `batch` from `params`, which it takes over (and
 * disposes, with the optimiser state). `batch` stays the caller's.
 */
export async function timeTrainingSteps(options: {
  rule: RuleName;
  params: Params;
  model: ModelConfig;
  batch: Batch;
  execution: Execution;
  optimizer: GradientTransformation;
  reps: number;
}): Promise<StepTimes> {
  const { rule, model, batch, execution, optimizer, reps } = options;
  let params = options.params;
  let state = optimizer.init(params);
  const ms: number[] = [];
  let cores = 0;
  for (let rep = 0; rep <= reps; rep++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const { grads, logProbs } = await computeGradientsAsync(rule, params, model, batch, {
      execution,
      dropoutSeed: rep,
    });
    const [updates, nextState] = optimizer.update(grads, state, params);
    const nextParams = applyUpdates(params, updates);
    await (Object.values(nextParams)[0] as tf.Tensor).data();
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    tf.dispose([
      ...Object.values(grads),
      logProbs,
      ...Object.values(updates),
      ...Object.values(params),
    ]);
    disposeTree(state);
    params = nextParams;
    state = nextState;
    if (rep > 0) {
      ms.push(elapsed);
      cores += (used.user + used.system) / 1000 / elapsed;
    }
  }
  tf.dispose(Object.values(params));
  disposeTree(state);
  return { ms, cores: reps > 0 ? cores / reps : 0 };
}
