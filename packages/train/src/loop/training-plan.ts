/**
 * Everything a run derives from its config before the first step: the dataset, the model
 * config, the step counts, the schedules and the optimiser.
 */
import type { ModelConfig } from '@olrd/core';
import { countBatches, loadDataset, type Dataset } from '@olrd/data';
import { ConfigError } from '../config/config-error.js';
import type { TrainConfig } from '../config/train-config.js';
import { createOptimizer } from '../optim/create-optimizer.js';
import type { GradientTransformation, Schedule } from '../optim/gradient-transformation.js';
import { createLrSchedule } from '../optim/lr-schedule.js';
import { datasetOptionsFor, modelConfigFor } from './model-config-for.js';

/** The derived pieces of a run. */
export interface TrainingPlan {
  dataset: Dataset;
  modelConfig: ModelConfig;
  /** Micro-batches per epoch (drop-last). */
  stepsPerEpoch: number;
  /** Planned micro-batch steps in total. */
  totalSteps: number;
  /** lr of the base group by optimiser-update index. */
  learningRate: Schedule;
  optimizer: GradientTransformation;
  evalBatchSize: number;
}

/**
 * Builds the plan; loads the dataset unless one is given.
 *
 * @throws ConfigError when the training split is smaller than one batch; DatasetOptionsError
 *   for bad dataset options.
 */
export async function planTraining(config: TrainConfig, dataset?: Dataset): Promise<TrainingPlan> {
  const data = dataset ?? (await loadDataset(config.dataset, datasetOptionsFor(config)));
  const stepsPerEpoch = countBatches(data.trainSize, config.bsz, true);
  if (stepsPerEpoch === 0) {
    throw new ConfigError(
      `the training split has ${data.trainSize} sequences, fewer than one batch (bsz ${config.bsz}); ` +
        `lower --bsz or raise ${config.dataset === 'copy' ? '--copy-train-samples' : '--max-train-samples'}`,
      'bsz',
    );
  }
  const planned = config.epochs * stepsPerEpoch;
  const scheduleOptions = {
    variant: config.lrSchedule,
    lrMin: config.lrMin,
    epochs: config.epochs,
    warmupEnd: config.warmupEnd,
    cosineAnneal: config.cosineAnneal,
    stepsPerEpoch,
    accumulationSteps: config.nAccumulationSteps,
  };
  const learningRate = createLrSchedule({ ...scheduleOptions, lrBase: config.lrBase });
  const recLearningRate = createLrSchedule({
    ...scheduleOptions,
    lrBase: config.lrFactor * config.lrBase,
  });
  return {
    dataset: data,
    modelConfig: modelConfigFor(config, data),
    stepsPerEpoch,
    totalSteps: config.maxSteps > 0 ? Math.min(config.maxSteps, planned) : planned,
    learningRate,
    optimizer: createOptimizer({
      optConfig: config.optConfig,
      learningRate,
      recLearningRate,
      synthLearningRate: createLrSchedule({ ...scheduleOptions, lrBase: config.synthLr }),
      freezeModel: config.freezeModel,
      weightDecay: config.weightDecay,
      normWeightDecay: config.normWeightDecay,
      clipGradNorm: config.clipGradNorm,
      accumulationSteps: config.nAccumulationSteps,
    }),
    evalBatchSize: config.evalBsz > 0 ? config.evalBsz : config.bsz,
  };
}
