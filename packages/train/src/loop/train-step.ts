/**
 * One training step: gradients from the learning rule, then the optimiser, then fresh
 * parameters. Everything the step allocates is disposed except the returned params and state.
 */
import { tf } from '@olrd/tensor';
import { countCorrectAsync, type ModelConfig, type Params } from '@olrd/core';
import type { ArrayBatch } from '@olrd/data';
import {
  computeGradientsAsync,
  type Batch,
  type Execution,
  type GradientOptions,
  type RuleName,
} from '@olrd/rules';
import { applyUpdates } from '../optim/apply-updates.js';
import type { GradientTransformation } from '../optim/gradient-transformation.js';
import { disposeTree, type OptState } from '../optim/tree.js';
import { batchToTensors, disposeBatch } from './batch-tensors.js';

/** What a step needs besides params and state. */
export interface StepContext {
  rule: RuleName;
  execution: Execution;
  /** Options of the rule (tbptt's truncation, rtrl's memory bound). */
  ruleOptions?: Pick<
    GradientOptions,
    'truncation' | 'maxSensitivityBytes' | 'gamma' | 'lambda' | 'sgWeight'
  >;
  modelConfig: ModelConfig;
  optimizer: GradientTransformation;
}

/** Result of {@link trainStep}: fresh params and optimiser state, plus the batch's metrics. */
export interface StepResult {
  params: Params;
  state: OptState;
  loss: number;
  correct: number;
  total: number;
}

/**
 * Sees the rule's gradient and the batch (as tensors) before the optimiser consumes them; both
 * stay owned by {@link trainStep}. Used for the alignment logging.
 */
export type GradientInspector = (grads: Params, batch: Batch) => Promise<void>;

/**
 * Runs one step. `params` and `state` are not disposed here (the caller disposes them once it
 * has switched to the returned ones).
 *
 * @param dropoutSeed - seed of this step's dropout masks; undefined = dropout off
 * @param inspect - called with the rule's gradient before the update
 */
export async function trainStep(
  context: StepContext,
  params: Params,
  state: OptState,
  arrays: ArrayBatch,
  dropoutSeed: number | undefined,
  inspect?: GradientInspector,
): Promise<StepResult> {
  const batch = batchToTensors(arrays, context.modelConfig);
  try {
    // Values are read back asynchronously so the loop also runs on webgpu (no sync reads in Node).
    const { loss, grads, logProbs } = await computeGradientsAsync(
      context.rule,
      params,
      context.modelConfig,
      batch,
      {
        ...context.ruleOptions,
        execution: context.execution,
        ...(dropoutSeed === undefined ? {} : { dropoutSeed }),
      },
    );
    // A regression readout (loss 'mse') has no accuracy: 0 of 0 correct, reported as NaN.
    const { correct, total } =
      context.modelConfig.loss === 'mse'
        ? { correct: 0, total: 0 }
        : await countCorrectAsync(logProbs, batch.y, batch.mask);
    logProbs.dispose();
    try {
      await inspect?.(grads, batch);
    } catch (error) {
      disposeTree(grads);
      throw error;
    }
    const [updates, nextState] = context.optimizer.update(grads, state, params);
    const nextParams = applyUpdates(params, updates);
    disposeTree(grads);
    disposeTree(updates);
    return { params: nextParams, state: nextState, loss, correct, total };
  } finally {
    disposeBatch(batch);
  }
}

/** Total scalars in `params`. */
export function countParameters(params: Params): number {
  return Object.values(params).reduce((sum, tensor: tf.Tensor) => sum + tensor.size, 0);
}
