/**
 * A run on batches of whole sequences (copy, copy-repeat, ListOps, Fashion-MNIST). Batches,
 * optimiser and learning rate are the CLI's: `planTraining` on the `TrainConfig` of the settings
 * (constant rate: an online run has no planned end) and `trainingBatches`, a seeded shuffle per
 * epoch, or for copy-repeat a fresh batch per step at the curriculum's level. Each learner has its
 * own batch source: the same batches in the same order, except that each learner climbs its own
 * copy-repeat curriculum (the level it reaches is its score).
 */
import { disposeTree } from '@olrd/tensor';
import type { ModelConfig } from '@olrd/core';
import type { ArrayBatch, Dataset } from '@olrd/data';
import {
  TRAIN_CONFIG_KEY,
  planTraining,
  trainingBatches,
  type TrainConfig,
  type TrainingBatches,
} from '@olrd/train';
import { isSyntheticGradientRule } from '@olrd/rules';
import type { CheckpointInput, FileInput, RunSettings } from '../protocol.js';
import { checkRules } from '../lib/rule-choices.js';
import { createTaskData } from './datasets.js';
import { createLearner, type Learner } from './learner.js';
import type { CheckpointInfo, LearnerReport, Run, RunStep, Warn } from './run.js';
import { createLearners, curriculumLevelIn, settingsOfModel, startPoint } from './start-point.js';
import { ruleOptionsFor, trainConfigFor } from './train-config.js';

interface BatchSource {
  batches: TrainingBatches;
  epoch: number;
  iterator?: Iterator<ArrayBatch>;
}

export class BatchRun implements Run {
  readonly kind = 'batches' as const;
  private position = 0;

  private constructor(
    readonly settings: RunSettings,
    readonly learners: readonly Learner[],
    readonly modelConfig: ModelConfig,
    readonly label: string,
    readonly resumedOptimizer: boolean,
    private readonly dataset: Dataset,
    private readonly task: Partial<TrainConfig>,
    private readonly sources: BatchSource[],
    private readonly stepsPerEpoch: number,
  ) {}

  /**
   * Builds the data, the optimiser and the learners (from the seed or a checkpoint) for the
   * active `backend`.
   */
  static async create(
    requested: RunSettings,
    checkpoint: CheckpointInput | undefined,
    files: readonly FileInput[],
    warn: Warn,
    backend: string,
  ): Promise<BatchRun> {
    const startLevel = checkpoint ? curriculumLevelIn(checkpoint.bytes) : undefined;
    const {
      dataset,
      config: task,
      label,
    } = await createTaskData(
      requested,
      files,
      (message) => warn(message, 'data warning'),
      startLevel,
    );
    const plan = await planTraining(trainConfigFor(requested, task, requested.rules[0]!), dataset);
    // Every run of the comparison shares one model: a synthesiser when any rule trains one.
    const base: ModelConfig = requested.rules.some(isSyntheticGradientRule)
      ? { ...plan.modelConfig, synthesiser: true }
      : plan.modelConfig;
    const start = startPoint(checkpoint, base, requested.seed, plan.optimizer, (m) =>
      warn(m, 'checkpoint warning'),
    );
    const { modelConfig } = start;
    const settings = settingsOfModel(requested, modelConfig);
    try {
      // A checkpoint may bring another cell than the controls chose.
      checkRules(settings.rules, modelConfig.layerCls, settings.task);
    } catch (error) {
      disposeTree(start.params);
      throw error;
    }
    const learners = createLearners(settings.rules, start.params, (rule, params) =>
      createLearner({
        rule,
        execution: settings.execution,
        ruleOptions: ruleOptionsFor(settings),
        config: modelConfig,
        optimizer: plan.optimizer,
        params,
        batchSize: settings.bsz,
        synchronousReads: backend !== 'webgpu',
        ...(start.optimizerState ? { optimizerState: start.optimizerState } : {}),
      }),
    );
    const sources = learners.map((learner) => ({
      batches: trainingBatches(dataset, trainConfigFor(settings, task, learner.rule, modelConfig)),
      epoch: 0,
    }));
    return new BatchRun(
      settings,
      learners,
      modelConfig,
      label,
      start.optimizerState !== undefined,
      dataset,
      task,
      sources,
      plan.stepsPerEpoch,
    );
  }

  get description(): string {
    return this.dataset.description;
  }

  get seqLength(): number {
    return this.dataset.seqLength;
  }

  /** One batch per learner (the step limit counts batches, so one always fits). */
  async step(align: boolean, _limit?: number): Promise<RunStep> {
    const learners: LearnerReport[] = [];
    for (const [i, learner] of this.learners.entries()) {
      const source = this.sources[i]!;
      const batch = this.nextBatch(source);
      const outcome = await learner.learnBatch(batch, align);
      source.batches.observe(outcome.loss); // may advance a curriculum
      const level = source.batches.level();
      const seqLength = batch.xShape[1];
      learners.push({
        loss: outcome.loss,
        accuracy: outcome.total > 0 ? outcome.correct / outcome.total : 0,
        seconds: outcome.seconds,
        tokens: batch.size * seqLength,
        seqLength,
        ...(outcome.alignment ? { alignment: outcome.alignment } : {}),
        ...(level ? { level: { ...level } } : {}),
      });
    }
    this.position++;
    return { position: this.position, epoch: this.sources[0]!.epoch, learners };
  }

  checkpointInfo(index: number): CheckpointInfo {
    const learner = this.learners[index]!;
    const config = trainConfigFor(this.settings, this.task, learner.rule, this.modelConfig);
    const level = this.sources[index]!.batches.level();
    return {
      metadata: {
        [TRAIN_CONFIG_KEY]: JSON.stringify(config),
        dataset_options: JSON.stringify(this.dataset.options),
      },
      ...(level ? { curriculumLevel: { ...level } } : {}),
    };
  }

  dispose(): void {
    for (const learner of this.learners) learner.dispose();
  }

  private nextBatch(source: BatchSource): ArrayBatch {
    for (;;) {
      if (!source.iterator) {
        const epoch = source.batches.epoch(source.epoch, this.position, this.stepsPerEpoch);
        source.iterator = epoch[Symbol.iterator]();
      }
      const next = source.iterator.next();
      if (!next.done) return next.value;
      // planTraining guarantees at least one batch per epoch, so this terminates.
      source.iterator = undefined;
      source.epoch++;
    }
  }
}
