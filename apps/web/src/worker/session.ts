/**
 * One run in the worker: the backend, the copy-task stream, one or two learners fed the same
 * batches from the same initial parameters, the step loop with pause/resume/stop, and checkpoints.
 * The maths lives in `learner.ts`; this file only orchestrates and reports.
 */
import { cloneTree, initBackend, tf } from '@olrd/tensor';
import { initParams, type ModelConfig, type Params } from '@olrd/core';
import { deriveSeed, iterateBatches, type ArrayBatch, type Dataset } from '@olrd/data';
import type { RuleName } from '@olrd/rules';
import { TRAIN_CONFIG_KEY, planTraining, serializeCheckpoint, type TrainConfig } from '@olrd/train';
import type {
  CheckpointInput,
  FileInput,
  FromWorker,
  LearnerStep,
  RunSettings,
} from '../protocol.js';
import { createTaskData } from './datasets.js';
import { memoryReports } from './memory-reports.js';
import { Learner } from './learner.js';
import { modelFromCheckpoint } from './checkpoint-model.js';
import { watchWebGPUDevice } from './backend-status.js';
import { describeError } from './describe-error.js';
import { trainConfigFor } from './train-config.js';

/** How the session talks to the page. */
export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

const EIGEN_EVERY = 5;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Session {
  private step = 0;
  private epoch = 0;
  private elapsed = 0;
  private paused = false;
  private stopping = false;
  private finished = false;
  private wake: (() => void) | undefined;
  private batches: Generator<ArrayBatch> | undefined;
  private readonly rates: number[];
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly settings: RunSettings,
    private readonly task: Partial<TrainConfig>,
    private readonly modelConfig: ModelConfig,
    private readonly dataset: Dataset,
    private readonly learners: Learner[],
    private readonly post: Post,
  ) {
    this.rates = learners.map(() => 0);
  }

  /** Brings the backend up, builds data, model and learners, and reports `started`. */
  static async create(
    requested: RunSettings,
    checkpoint: CheckpointInput | undefined,
    dataFiles: readonly FileInput[],
    post: Post,
  ): Promise<Session> {
    if (requested.rules.length < 1 || requested.rules.length > 2)
      throw new RangeError(`choose one or two rules, got ${requested.rules.length}`);
    const backend = await initBackend(requested.backend);
    if (backend === 'webgpu')
      watchWebGPUDevice((message) => post({ type: 'error', message, context: 'webgpu' }));
    const {
      dataset,
      config: task,
      label,
    } = await createTaskData(requested, dataFiles, (message) =>
      post({ type: 'error', message, context: 'data warning' }),
    );
    const base = trainConfigFor(requested, task, requested.rules[0] as RuleName);
    const plan = await planTraining(base, dataset);
    let modelConfig = plan.modelConfig;
    let params: Params;
    if (checkpoint) {
      ({ params, modelConfig } = modelFromCheckpoint(
        checkpoint.name,
        checkpoint.bytes,
        modelConfig,
        modelConfig,
      ));
    } else {
      params = initParams(modelConfig, requested.seed);
    }
    const settings: RunSettings = {
      ...requested,
      nLayers: modelConfig.nLayers,
      dModel: modelConfig.dModel,
      dHidden: modelConfig.dHidden,
    };
    const learners = settings.rules.map(
      (rule, i) =>
        new Learner(
          rule,
          settings.execution,
          modelConfig,
          plan.optimizer,
          i === 0 ? params : cloneTree(params),
        ),
    );
    const session = new Session(settings, task, modelConfig, dataset, learners, post);
    const parameters = Object.values(params).reduce((sum, t) => sum + t.size, 0);
    post({
      type: 'started',
      info: {
        backend,
        model: { ...modelConfig, parameters },
        seqLength: dataset.seqLength,
        taskLabel: label,
        datasetDescription: dataset.description,
        memory: memoryReports(learners, modelConfig, settings.bsz, dataset.seqLength),
        ...(checkpoint ? { startedFrom: checkpoint.name } : {}),
        settings,
      },
    });
    return session;
  }

  /** Starts the step loop; errors are reported, never thrown. */
  run(): void {
    this.post({ type: 'status', status: 'running' });
    this.loop = this.steps().finally(() => (this.finished = true));
  }

  pause(): void {
    if (this.stopping || this.finished) return;
    this.paused = true;
    this.post({ type: 'status', status: 'paused' });
  }

  resume(): void {
    if (this.stopping || !this.paused) return;
    this.paused = false;
    this.post({ type: 'status', status: 'running' });
    this.wake?.();
  }

  /** Stops after the current step and frees every tensor. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    for (const learner of this.learners) learner.dispose();
  }

  /** Sends learner `index`'s parameters as a safetensors checkpoint the CLI can read. */
  async checkpoint(index: number): Promise<void> {
    const learner = this.learners[index];
    if (!learner) throw new RangeError(`no learner ${index}`);
    const step = this.step;
    const params = learner.snapshot();
    try {
      const config = trainConfigFor(this.settings, this.task, learner.rule, this.modelConfig);
      const bytes = await serializeCheckpoint(params, this.modelConfig, {
        [TRAIN_CONFIG_KEY]: JSON.stringify(config),
        step: String(step),
        source: 'olrd web app',
      });
      const fileName = `olrd-web-${learner.rule}-step${step}.safetensors`;
      this.post({ type: 'checkpoint', learner: index, fileName, bytes }, [bytes.buffer]);
    } finally {
      for (const tensor of Object.values(params)) tensor.dispose();
    }
  }

  private async steps(): Promise<void> {
    try {
      while (!this.stopping) {
        if (this.paused) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await this.trainStep();
        if (this.settings.maxSteps > 0 && this.step >= this.settings.maxSteps) {
          this.post({
            type: 'status',
            status: 'done',
            message: `stopped after ${this.step} steps`,
          });
          return;
        }
        await nextTask(); // lets pause, reset and checkpoint requests in
      }
    } catch (error) {
      this.post({
        type: 'error',
        message: describeError(error),
        context: `training step ${this.step + 1}`,
      });
      this.post({ type: 'status', status: 'done', message: 'stopped by an error' });
    }
  }

  private nextBatch(): ArrayBatch {
    for (;;) {
      this.batches ??= iterateBatches(this.dataset.train, {
        batchSize: this.settings.bsz,
        shuffle: true,
        seed: deriveSeed(this.settings.seed, 'shuffle', this.epoch),
        dropLast: true,
      });
      const next = this.batches.next();
      if (!next.done) return next.value;
      // planTraining guarantees at least one batch per epoch, so this terminates.
      this.batches = undefined;
      this.epoch++;
    }
  }

  private async trainStep(): Promise<void> {
    const started = performance.now();
    const batch = this.nextBatch();
    const { alignEvery } = this.settings;
    const align = alignEvery > 0 && this.step % alignEvery === 0;
    const eigen = this.step % EIGEN_EVERY === 0;
    const tokens = batch.size * this.dataset.seqLength;
    const learners: LearnerStep[] = [];
    for (const [i, learner] of this.learners.entries()) {
      const outcome = await learner.step(batch, align);
      const rate = tokens / Math.max(outcome.seconds, 1e-6);
      this.rates[i] = this.step === 0 ? rate : 0.8 * (this.rates[i] as number) + 0.2 * rate;
      learners.push({
        rule: learner.rule,
        execution: learner.execution,
        loss: outcome.loss,
        accuracy: outcome.total > 0 ? outcome.correct / outcome.total : 0,
        tokensPerSecond: this.rates[i] as number,
        ...(outcome.alignment ? { alignment: outcome.alignment } : {}),
        ...(eigen ? { eigenvalues: await learner.eigenvalues() } : {}),
      });
    }
    this.step++;
    this.elapsed += (performance.now() - started) / 1000;
    this.post({
      type: 'step',
      step: this.step,
      epoch: this.epoch,
      elapsedSeconds: this.elapsed,
      liveBytes: tf.memory().numBytes,
      learners,
    });
  }
}
