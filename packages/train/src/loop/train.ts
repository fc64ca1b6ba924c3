/**
 * The training loop (spec 1 §5.3), isomorphic: no file system here. Per epoch: a seeded shuffle
 * with drop-last, one rule gradient + optimiser step per micro-batch, then evaluation on val and
 * test with dropout off, best-by-val-loss tracking (persisted through `onBestCheckpoint`) and
 * early stopping. With `logNBatches` > 0 the first batches of each epoch also log the rule's
 * alignment with BPTT (spec 1 §4.6). Same config and seed ⇒ same metrics.
 *
 * Resumable: `onCheckpoint` receives snapshots between steps (every `checkpointEvery`, after each
 * epoch's evaluation and at the end), and `resume` continues from one exactly: the rest of the
 * epoch's shuffle, the schedule, the dropout seeds, the optimiser state, the curriculum level and
 * the early-stopping counters all pick up where they were, so the resumed run's steps are the
 * uninterrupted run's steps bit for bit.
 */
import { initParams, type ModelConfig, type Params } from '@olrd/core';
import { allFinite } from '@olrd/tensor';
import { deriveSeed, type Dataset } from '@olrd/data';
import type { TrainConfig } from '../config/train-config.js';
import {
  parseTrainState,
  type LoopPosition,
  type LossTotals,
  type TrainResumeState,
} from '../checkpoint/train-state.js';
import { cloneTree, disposeTree, type OptState } from '../optim/tree.js';
import { EarlyStopping } from './early-stopping.js';
import { evaluateSplit, type SplitMetrics } from './evaluate.js';
import { AlignmentLogger } from './alignment-logger.js';
import type { AlignmentMetricsEvent, EpochMetricsEvent, TrainCallbacks } from './metrics-events.js';
import { ThroughputMeter } from './throughput.js';
import { trainingBatches } from './training-batches.js';
import { planTraining, type TrainingPlan } from './training-plan.js';
import { countParameters, trainStep, type GradientInspector } from './train-step.js';

/** Options of {@link train} beyond the config. */
export interface TrainOptions {
  /** A prebuilt dataset (default: built from the config through the registry). */
  dataset?: Dataset;
  /** Start from these parameters instead of `initParams` (they are cloned, not consumed). */
  initialParams?: Params;
  /** Stops the run after the current step; the result reports `stoppedBy: 'aborted'`. */
  signal?: AbortSignal;
  /** Seconds clock (default `performance.now() / 1000`). */
  clock?: () => number;
  /**
   * Continue a run from a checkpoint's bytes (`serializeTrainState`, as `onCheckpoint` snapshots
   * are saved) taken with the same config; `initialParams` is ignored then.
   */
  resume?: Uint8Array;
  /** How often `onCheckpoint` gets a snapshot: every `steps` steps and/or `seconds` (0 = off). */
  checkpointEvery?: { steps?: number; seconds?: number };
}

/** Why the run ended. */
export type StopReason = 'epochs' | 'max-steps' | 'early-stop' | 'diverged' | 'aborted';

/** The outcome of {@link train}. */
export interface TrainResult {
  modelConfig: ModelConfig;
  /** The epoch with the lowest val loss and its val/test metrics (undefined if no epoch finished). */
  best?: { epoch: number; val: SplitMetrics; test: SplitMetrics };
  /** The last epoch event. */
  lastEpoch?: EpochMetricsEvent;
  /** Epochs evaluated. */
  epochs: number;
  /** Micro-batch steps taken. */
  steps: number;
  stoppedBy: StopReason;
  wallSeconds: number;
  /** Seconds spent in training steps (evaluation and alignment logging excluded). */
  trainSeconds: number;
  tokensPerSecond: number;
  /** Final parameters; the caller owns and disposes them. */
  params: Params;
}

/**
 * Trains a model as `config` says.
 *
 * @throws ConfigError / DatasetOptionsError for unusable settings (before any step).
 */
export async function train(
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
  options: TrainOptions = {},
): Promise<TrainResult> {
  const clock = options.clock ?? (() => performance.now() / 1000);
  const startedAt = clock();
  const plan = await planTraining(config, options.dataset);
  const { dataset, modelConfig, totalSteps, optimizer } = plan;
  const resume = options.resume ? resumeState(options.resume, plan, config) : undefined;
  const from: LoopPosition = resume?.position ?? freshPosition();
  const started = startedAt - from.elapsedSeconds;
  const context = {
    rule: config.trainingMode,
    execution: config.execution,
    ruleOptions: {
      truncation: config.truncation,
      maxSensitivityBytes: config.maxSensitivityMib * 2 ** 20,
      gamma: config.gamma,
      lambda: config.lambda,
      sgWeight: config.sgWeight,
    },
    modelConfig,
    optimizer,
  };
  const tokensPerStep = config.bsz * dataset.seqLength;
  let params = resume
    ? resume.params
    : options.initialParams
      ? cloneTree(options.initialParams)
      : initParams(modelConfig, config.seed);
  let state: OptState = resume ? resume.optState : optimizer.init(params);
  await callbacks.onStart?.({
    modelConfig,
    datasetDescription: dataset.description,
    parameterCount: countParameters(params),
    stepsPerEpoch: plan.stepsPerEpoch,
    totalSteps,
    tokensPerStep,
  });
  const alignment = new AlignmentLogger(config.logNBatches, config.trainingMode, modelConfig, {
    gamma: config.gamma,
    lambda: config.lambda,
    sgWeight: config.sgWeight,
  });
  const notice = alignment.notice();
  if (notice !== undefined) callbacks.onNotice?.(notice);
  const meter = new ThroughputMeter();
  const learningRateAt = (step: number) =>
    plan.learningRate(Math.floor(step / config.nAccumulationSteps));
  let step = from.step;
  let epochsDone = from.epochsDone;
  let stoppedBy: StopReason = 'epochs';
  let best = from.best;
  let lastEpoch = from.lastEpoch;
  const earlyStopping = new EarlyStopping(config.earlyStopPatience);
  const source = trainingBatches(dataset, config);
  let window: LossTotals = { ...from.window };
  earlyStopping.restore(from.earlyStopping);
  meter.restore(from.throughput);
  alignment.restore(from.alignment);
  if (from.curriculumLevel) source.restore(from.curriculumLevel);
  // Where the next step starts, and the totals of the epoch under way: what a snapshot records.
  let at = { epoch: from.epoch, batch: from.batchInEpoch };
  let epochTotals: LossTotals = { ...from.epochTotals };
  const every = {
    steps: options.checkpointEvery?.steps ?? 0,
    seconds: options.checkpointEvery?.seconds ?? 0,
  };
  let lastCheckpoint = { step, time: clock(), at: { ...at } };
  const checkpoint = async (): Promise<boolean> => {
    if (!callbacks.onCheckpoint) return true;
    // A snapshot is a state to come back to: never one with a non-finite parameter.
    if (!allFinite(params)) return false;
    await callbacks.onCheckpoint({
      params,
      optState: state,
      modelConfig,
      position: {
        step,
        epoch: at.epoch,
        batchInEpoch: at.batch,
        epochsDone,
        epochTotals: { ...epochTotals },
        window: { ...window },
        earlyStopping: earlyStopping.snapshot(),
        ...(best ? { best } : {}),
        ...(lastEpoch ? { lastEpoch } : {}),
        ...(source.level() ? { curriculumLevel: source.level()! } : {}),
        alignment: alignment.snapshot(),
        throughput: meter.snapshot(),
        elapsedSeconds: clock() - started,
      },
    });
    lastCheckpoint = { step, time: clock(), at: { ...at } };
    return true;
  };
  try {
    for (let epoch = from.epoch; epoch < config.epochs && stoppedBy === 'epochs'; epoch++) {
      const epochStart = clock();
      // A resumed run re-enters its epoch after the batches it had taken.
      const skip = epoch === from.epoch ? from.batchInEpoch : 0;
      if (skip === 0) epochTotals = { loss: 0, correct: 0, total: 0, steps: 0 };
      const batches = source.epoch(epoch, step - skip, plan.stepsPerEpoch)[Symbol.iterator]();
      for (let i = 0; i < skip; i++) batches.next();
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const arrays = next.value;
        if (options.signal?.aborted) {
          stoppedBy = 'aborted';
          break;
        }
        const stepStart = clock();
        const learningRate = learningRateAt(step);
        const dropoutSeed =
          config.pDropout > 0 ? deriveSeed(config.seed, 'dropout', step) : undefined;
        const measured: { event?: AlignmentMetricsEvent; seconds: number } = { seconds: 0 };
        const position = { epoch, step: step + 1, batch: epochTotals.steps };
        const inspect: GradientInspector | undefined = alignment.wants(position.batch)
          ? async (grads, batch) => {
              const alignmentStart = clock();
              measured.event = await alignment.measure(grads, params, batch, dropoutSeed, position);
              measured.seconds = clock() - alignmentStart;
            }
          : undefined;
        const result = await trainStep(context, params, state, arrays, dropoutSeed, inspect);
        disposeTree(params);
        disposeTree(state);
        params = result.params;
        state = result.state;
        step++;
        source.observe(result.loss);
        // The extra BPTT pass is analysis, not training: keep it out of tokens/s.
        meter.add(tokensPerStep, clock() - stepStart - measured.seconds);
        if (measured.event) await callbacks.onMetrics?.(measured.event);
        for (const totals of [epochTotals, window]) {
          totals.loss += result.loss;
          totals.correct += result.correct;
          totals.total += result.total;
          totals.steps++;
        }
        at = { epoch, batch: epochTotals.steps };
        callbacks.onProgress?.({
          epoch,
          step,
          totalSteps,
          loss: result.loss,
          epochLoss: epochTotals.loss / epochTotals.steps,
          epochAccuracy:
            epochTotals.total > 0 ? epochTotals.correct / epochTotals.total : Number.NaN,
          learningRate,
          tokensPerSecond: meter.tokensPerSecond,
          elapsedSeconds: clock() - started,
          etaSeconds:
            meter.tokensPerSecond > 0
              ? ((totalSteps - step) * tokensPerStep) / meter.tokensPerSecond
              : 0,
        });
        if (config.logEvery > 0 && step % config.logEvery === 0) {
          await callbacks.onMetrics?.({
            type: 'step',
            epoch,
            step,
            loss: window.loss / window.steps,
            accuracy: window.total > 0 ? window.correct / window.total : Number.NaN,
            learningRate,
            tokensPerSecond: meter.tokensPerSecond,
            elapsedSeconds: clock() - started,
          });
          window = { loss: 0, correct: 0, total: 0, steps: 0 };
        }
        if (!Number.isFinite(result.loss)) stoppedBy = 'diverged';
        else if (step >= totalSteps && config.maxSteps > 0) stoppedBy = 'max-steps';
        else if (
          ((every.steps > 0 && step - lastCheckpoint.step >= every.steps) ||
            (every.seconds > 0 && clock() - lastCheckpoint.time >= every.seconds)) &&
          !(await checkpoint())
        )
          stoppedBy = 'diverged';
        if (stoppedBy !== 'epochs') break;
      }
      if (stoppedBy === 'aborted' || epochTotals.steps === 0) break;
      const splits = source.evaluationSplits(epoch);
      const val = await evaluateSplit(
        params,
        modelConfig,
        splits.val,
        plan.evalBatchSize,
        config.execution,
      );
      const test = await evaluateSplit(
        params,
        modelConfig,
        splits.test,
        plan.evalBatchSize,
        config.execution,
      );
      const level = source.level();
      const alignmentMean = alignment.takeEpochMean();
      epochsDone++;
      const { improved: isBest, shouldStop } = earlyStopping.observe(val.loss);
      if (isBest) {
        best = { epoch, val, test };
        await callbacks.onBestCheckpoint?.({ epoch, params, modelConfig, val, test });
      }
      lastEpoch = {
        type: 'epoch',
        epoch,
        step,
        train: {
          loss: epochTotals.loss / epochTotals.steps,
          accuracy: epochTotals.total > 0 ? epochTotals.correct / epochTotals.total : Number.NaN,
        },
        val,
        test,
        learningRate: learningRateAt(Math.max(step - 1, 0)),
        isBest,
        bestEpoch: best?.epoch ?? -1,
        tokensPerSecond: meter.tokensPerSecond,
        epochSeconds: clock() - epochStart,
        elapsedSeconds: clock() - started,
        ...(level ? { curriculumLevel: level } : {}),
        ...(alignmentMean ? { alignment: alignmentMean } : {}),
      };
      await callbacks.onMetrics?.(lastEpoch);
      at = { epoch: epoch + 1, batch: 0 };
      epochTotals = { loss: 0, correct: 0, total: 0, steps: 0 };
      if (stoppedBy === 'epochs' && shouldStop) stoppedBy = 'early-stop';
      // After each evaluation, so a resumed run never evaluates an epoch twice.
      if (stoppedBy === 'epochs' && !(await checkpoint())) stoppedBy = 'diverged';
    }
    // The end of the run, whatever stopped it, is a state to resume from (Ctrl-C included);
    // after a non-finite loss the last snapshot stays the last good one.
    const saved = lastCheckpoint.at;
    const unsaved =
      saved.epoch !== at.epoch || saved.batch !== at.batch || lastCheckpoint.step !== step;
    if (stoppedBy !== 'diverged' && unsaved && !(await checkpoint())) stoppedBy = 'diverged';
  } catch (error) {
    disposeTree(params);
    disposeTree(state);
    throw error;
  }
  disposeTree(state);
  return {
    modelConfig,
    ...(best ? { best } : {}),
    ...(lastEpoch ? { lastEpoch } : {}),
    epochs: epochsDone,
    steps: step,
    stoppedBy,
    wallSeconds: clock() - started,
    trainSeconds: meter.trainSeconds,
    tokensPerSecond: meter.tokensPerSecond,
    params,
  };
}

/** Parses a checkpoint against the parameters and optimiser state this plan builds. */
function resumeState(bytes: Uint8Array, plan: TrainingPlan, config: TrainConfig): TrainResumeState {
  const templateParams = initParams(plan.modelConfig, config.seed);
  const templateState = plan.optimizer.init(templateParams);
  try {
    return parseTrainState(bytes, templateParams, templateState);
  } finally {
    disposeTree(templateParams);
    disposeTree(templateState);
  }
}

/** The position of a run that has not started. */
function freshPosition(): LoopPosition {
  const zero = { loss: 0, correct: 0, total: 0, steps: 0 };
  return {
    step: 0,
    epoch: 0,
    batchInEpoch: 0,
    epochsDone: 0,
    epochTotals: { ...zero },
    window: { ...zero },
    earlyStopping: new EarlyStopping(1).snapshot(),
    alignment: [],
    throughput: { tokens: 0, seconds: 0 },
    elapsedSeconds: 0,
  };
}
