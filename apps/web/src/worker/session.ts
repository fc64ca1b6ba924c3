/**
 * One run in the worker: the backend, a run of one or two learners (batch-run.ts on whole
 * sequences, stream-run.ts on the drifting stream), the step loop with pause/resume/stop, and
 * checkpoints. The maths lives in the learners; this file only orchestrates and reports.
 */
import { initBackend, tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';
import type {
  CheckpointInput,
  FileInput,
  FromWorker,
  LearnerStep,
  RunSettings,
} from '../protocol.js';
import { BatchRun } from './batch-run.js';
import { watchWebGPUDevice } from './backend-status.js';
import { describeError } from './describe-error.js';
import { memoryReports } from './memory-reports.js';
import type { Run, Warn } from './run.js';
import { StreamRun } from './stream-run.js';
import { serializeWebCheckpoint } from './web-checkpoint.js';

/** How the session talks to the page. */
export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Steps between two readings of the recurrence view (LRU eigenvalues, RNN spectral radii). */
const EIGEN_EVERY = 5;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Session {
  private step = 0;
  private position = 0;
  private elapsed = 0;
  private paused = false;
  private stopping = false;
  private finished = false;
  private wake: (() => void) | undefined;
  private readonly rates: number[];
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly run: Run,
    private readonly post: Post,
  ) {
    this.rates = run.learners.map(() => 0);
  }

  /** Brings the backend up, builds the run, and reports `started`. */
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
    const warn: Warn = (message, context) => post({ type: 'error', message, context });
    const run =
      requested.task === 'drift'
        ? StreamRun.create(requested, checkpoint, warn, backend)
        : await BatchRun.create(requested, checkpoint, dataFiles, warn, backend);
    const { modelConfig, settings } = run;
    const parameters = run.learners.length > 0 ? countParameters(run.learners[0]!.snapshot()) : 0;
    post({
      type: 'started',
      info: {
        backend,
        model: { ...modelConfig, parameters },
        seqLength: run.seqLength,
        taskLabel: run.label,
        kind: run.kind,
        datasetDescription: run.description,
        memory: memoryReports(run.learners, modelConfig, settings),
        ...(checkpoint
          ? { startedFrom: checkpoint.name, resumedOptimizer: run.resumedOptimizer }
          : {}),
        settings,
      },
    });
    return new Session(run, post);
  }

  /** Starts the step loop; errors are reported, never thrown. */
  start(): void {
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
    this.run.dispose();
  }

  /**
   * Sends learner `index`'s checkpoint: parameters the CLI reads, plus the optimiser state (and
   * the curriculum level) so that continuing from it resumes exactly.
   */
  async checkpoint(index: number): Promise<void> {
    const learner = this.run.learners[index];
    if (!learner) throw new RangeError(`no learner ${index}`);
    const position = this.position;
    // Both snapshots are taken before any await, so the next update cannot slip in between.
    const params = learner.snapshot();
    try {
      const optimizerState = await learner.optimizerState();
      const { metadata, curriculumLevel } = this.run.checkpointInfo(index);
      const bytes = await serializeWebCheckpoint(params, this.run.modelConfig, {
        optimizerState,
        metadata: { ...metadata, step: String(position), source: 'olrd web app' },
        ...(curriculumLevel ? { curriculumLevel } : {}),
      });
      const fileName = `olrd-web-${learner.rule}-step${position}.safetensors`;
      this.post({ type: 'checkpoint', learner: index, fileName, bytes }, [bytes.buffer]);
    } finally {
      tf.dispose(Object.values(params));
    }
  }

  private async steps(): Promise<void> {
    const { maxSteps } = this.run.settings;
    try {
      while (!this.stopping) {
        if (this.paused) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await this.trainStep(maxSteps > 0 ? maxSteps - this.position : Infinity);
        if (maxSteps > 0 && this.position >= maxSteps) {
          this.post({
            type: 'status',
            status: 'done',
            message: `stopped after ${this.position} ${this.run.kind === 'stream' ? 'stream steps' : 'steps'}`,
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

  private async trainStep(limit: number): Promise<void> {
    const started = performance.now();
    const { alignEvery } = this.run.settings;
    const align = this.run.kind === 'batches' && alignEvery > 0 && this.step % alignEvery === 0;
    const eigen = this.step % EIGEN_EVERY === 0;
    const result = await this.run.step(align, limit);
    const learners: LearnerStep[] = [];
    for (const [i, report] of result.learners.entries()) {
      const learner = this.run.learners[i]!;
      const rate = report.tokens / Math.max(report.seconds, 1e-6);
      this.rates[i] = this.step === 0 ? rate : 0.8 * (this.rates[i] as number) + 0.2 * rate;
      learners.push({
        rule: learner.rule,
        execution: learner.execution,
        loss: report.loss,
        accuracy: report.accuracy,
        tokensPerSecond: this.rates[i] as number,
        seqLength: report.seqLength,
        ...(report.level ? { level: report.level } : {}),
        ...(report.alignment ? { alignment: report.alignment } : {}),
        ...(eigen ? await learner.recurrence() : {}),
      });
    }
    this.step++;
    this.position = result.position;
    this.elapsed += (performance.now() - started) / 1000;
    this.post({
      type: 'step',
      step: result.position,
      epoch: result.epoch,
      elapsedSeconds: this.elapsed,
      liveBytes: tf.memory().numBytes,
      learners,
      ...(result.regime !== undefined ? { regime: result.regime } : {}),
    });
  }
}

/** Number of parameters (frees the snapshot it is given). */
function countParameters(params: Params): number {
  const count = Object.values(params).reduce((sum, t) => sum + t.size, 0);
  tf.dispose(Object.values(params));
  return count;
}
