/**
 * `olrd stream`: prequential (test-then-train) online learning on a generated stream with an
 * `OnlineLearner`: every step is predicted, scored, then learnt from; parameters update every
 * `--update-every` steps. Live progress on stderr; a run folder with config.json, metrics.jsonl,
 * prequential.svg, summary.json and learner.safetensors (resumable mid-sequence with --resume).
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, allFinite, initBackend, tf } from '@olrd/tensor/node';
import { defaultArchitecture, initParams, type ModelConfig } from '@olrd/core';
import { copyStream, driftStream, type Stream } from '@olrd/data';
import { isLearnerSgRule } from '@olrd/rules';
import {
  OnlineLearner,
  PrequentialMeter,
  createOptimizer,
  loadLearner,
  saveLearner,
} from '@olrd/train';
import { writeFileAtomic } from '@olrd/train/node';
import { formatDuration, formatPercent } from '../format.js';
import { prequentialSvg, type PlotPoint } from './prequential-plot.js';
import { describeCheckpointEvery } from './run-flags.js';
import { startStreamProgress } from './stream-progress.js';
import { CHIP_STREAM_HELP, chipStreamCommand, wantsChipLearner } from './chip-stream-command.js';
import { streamHelp } from './stream-flags.js';
import { parseStreamOptions, type StreamOptions } from './stream-options.js';
import {
  STREAM_FILES,
  STREAM_STATE_KEY,
  createStreamFolder,
  resumeStreamFolder,
  type StreamRunState,
} from './stream-run-folder.js';

function makeStream(options: StreamOptions): Stream {
  return options.task === 'copy'
    ? copyStream({
        patternLength: options.copyPatternLength,
        batchSize: options.bsz,
        seed: options.seed,
      })
    : driftStream({
        switchEvery: options.switchEvery,
        batchSize: options.bsz,
        seed: options.seed,
      });
}

/** The learner's model for a stream under `options`. */
function modelConfigFor(options: StreamOptions, stream: Stream): ModelConfig {
  return {
    ...defaultArchitecture,
    dInput: stream.inputDim,
    dModel: options.dModel,
    dHidden: options.dHidden,
    nLayers: options.nLayers,
    layerCls: options.layerCls,
    nClasses: stream.nClasses,
    multidim: stream.multidim,
    pDropout: 0,
    ...(isLearnerSgRule(options.trainingMode) ? { synthesiser: true } : {}),
  };
}

function createLearner(options: StreamOptions, stream: Stream, resumeBytes?: Uint8Array) {
  const optimizer = createOptimizer({
    optConfig: 'standard',
    learningRate: () => options.lrBase,
    recLearningRate: () => options.lrBase * options.lrFactor,
    synthLearningRate: () => options.synthLr,
    weightDecay: 0,
  });
  if (resumeBytes) return loadLearner(resumeBytes, optimizer);
  const config = modelConfigFor(options, stream);
  const params = initParams(config, options.seed);
  try {
    return OnlineLearner.create({
      rule: options.trainingMode,
      config,
      params,
      optimizer,
      batchSize: options.bsz,
      updateEvery: options.updateEvery,
      engine: options.engine,
      ...(isLearnerSgRule(options.trainingMode)
        ? {
            synthetic: {
              gamma: options.gamma,
              lambda: options.lambda,
              sgWeight: options.sgWeight,
            },
          }
        : {}),
    });
  } finally {
    tf.dispose(Object.values(params));
  }
}

/** True when no parameter of the learner holds a NaN or an infinity. */
function finiteParams(learner: OnlineLearner): boolean {
  const params = learner.params();
  try {
    return allFinite(params);
  } finally {
    tf.dispose(Object.values(params));
  }
}

/** Runs `olrd stream`; resolves to the exit code. */
export async function streamCommand(args: readonly string[]): Promise<number> {
  const help = () => `${streamHelp()}\n${CHIP_STREAM_HELP}\n`;
  if (wantsChipLearner(args)) return chipStreamCommand(args, help);
  const parsed = parseStreamOptions(args, help);
  if (!parsed) return 0;
  const resumed = parsed.resume ? await resumeStreamFolder(parsed) : undefined;
  const options = resumed?.options ?? parsed;
  let claim = resumed?.claim;
  let learner: OnlineLearner | undefined;
  try {
    const backend = await initBackend(options.backend as Parameters<typeof initBackend>[0]);
    const stream = makeStream(options);
    try {
      learner = createLearner(options, stream, resumed?.learnerBytes);
    } catch (error) {
      // A damaged checkpoint is named with its file.
      if (resumed && CheckpointError.isInstance(error))
        throw new CheckpointError(`${join(options.out, STREAM_FILES.learner)}: ${error.message}`);
      throw error;
    }
    claim ??= await createStreamFolder(options, {
      ...options,
      backend,
      engine: learner.engineKind,
      model: learner.config,
      stream: stream.description,
    });
    return await runStream(options, stream, learner, claim.path, backend, resumed?.state);
  } finally {
    learner?.dispose();
    await claim?.release();
  }
}

/** The prequential loop, from `from` (a resumed run's checkpoint) or the stream's start. */
async function runStream(
  options: StreamOptions,
  stream: Stream,
  learner: OnlineLearner,
  out: string,
  backend: string,
  from?: StreamRunState,
): Promise<number> {
  const metricsPath = join(out, STREAM_FILES.metrics);
  process.stderr.write(
    `olrd: ${stream.description}; ${learner.rule} on the ${learner.engineKind} engine (${backend}); run folder ${out}` +
      `${from ? ` (resumed at step ${from.step})` : ''}; checkpoint ${describeCheckpointEvery(options.checkpointEvery)}\n`,
  );
  const meter = from
    ? PrequentialMeter.fromSnapshot(from.meter)
    : new PrequentialMeter(options.window);
  const points: PlotPoint[] = from ? [...from.points] : [];
  let metricsLines = from?.metricsLines ?? 0;
  const start = performance.now() - (from?.seconds ?? 0) * 1000;
  const progress = startStreamProgress(options);
  let step = 0;
  let diverged = false;
  const every = options.checkpointEvery;
  let lastCheckpoint = { step: from?.step ?? 0, time: performance.now() };
  let saves = 0;
  /** Saves learner + stream position in one atomic write; refuses a non-finite learner. */
  const checkpoint = async (): Promise<boolean> => {
    if (!finiteParams(learner)) return false;
    const state: StreamRunState = {
      step,
      meter: meter.snapshot(),
      points,
      metricsLines,
      seconds: (performance.now() - start) / 1000,
    };
    await writeFileAtomic(
      join(out, STREAM_FILES.learner),
      saveLearner(learner, { [STREAM_STATE_KEY]: JSON.stringify(state) }),
    );
    lastCheckpoint = { step, time: performance.now() };
    saves++;
    return true;
  };
  try {
    for (const item of stream.steps()) {
      // A resumed run replays the stream's generator up to its position (the data only, cheap).
      if (step < (from?.step ?? 0)) {
        step++;
        continue;
      }
      if (step >= options.steps || progress.interrupted) break;
      const result = learner.learnOne(item.x, item.y, item.mask, { last: item.endOfSequence });
      if (!Number.isFinite(result.loss) && result.total > 0) {
        diverged = true;
        step++;
        break;
      }
      meter.record(result.loss, result.correct, result.total);
      if (item.endOfSequence) learner.endSequence();
      step++;
      if (step % options.logEvery === 0 || step === options.steps) {
        const window = meter.windowed;
        const elapsed = (performance.now() - start) / 1000;
        const line = {
          step,
          loss: window.loss,
          accuracy: window.accuracy,
          overallAccuracy: meter.overall.accuracy,
          regime: item.regime,
          updates: learner.counters.updates,
          stepsPerSecond: step / elapsed,
        };
        await appendFile(metricsPath, `${JSON.stringify(line)}\n`);
        metricsLines++;
        points.push({ step, accuracy: window.accuracy, regime: item.regime });
        progress.show(step, window, elapsed);
      }
      const due =
        (every.steps > 0 && step - lastCheckpoint.step >= every.steps) ||
        (every.seconds > 0 && performance.now() - lastCheckpoint.time >= every.seconds * 1000);
      if (due && !(await checkpoint())) {
        diverged = true;
        break;
      }
    }
  } finally {
    progress.close();
  }
  // The end of the stream (or Ctrl-C) is a state to resume from; a diverged learner is not, and
  // the last good checkpoint stays.
  if (!diverged && !(await checkpoint())) diverged = true;
  const seconds = (performance.now() - start) / 1000;
  await writeFileAtomic(
    join(out, STREAM_FILES.plot),
    prequentialSvg(
      points,
      `${stream.name}: ${learner.rule}, update every ${String(options.updateEvery)} (${learner.engineKind} engine)`,
    ),
  );
  const summary = {
    steps: step,
    seconds,
    stepsPerSecond: step / seconds,
    updates: learner.counters.updates,
    prequential: meter.overall,
    lastWindow: meter.windowed,
    interrupted: progress.interrupted,
    diverged,
    checkpointStep: lastCheckpoint.step,
  };
  await writeFileAtomic(join(out, STREAM_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  if (diverged) {
    process.stderr.write(
      `olrd: error: the learner diverged (non-finite loss or parameters) at step ${step}; ` +
        `${saves > 0 || from ? `${STREAM_FILES.learner} keeps the last good checkpoint (step ${lastCheckpoint.step})` : 'no checkpoint had been saved yet'}; try a lower --lr-base\n`,
    );
    return 1;
  }
  process.stdout.write(
    `${step} steps in ${formatDuration(seconds)} (${summary.stepsPerSecond.toFixed(0)} steps/s): prequential accuracy ${formatPercent(meter.overall.accuracy)} overall, ${formatPercent(meter.windowed.accuracy)} over the last ${options.window} steps\nrun folder: ${out}\n`,
  );
  return progress.interrupted ? 130 : 0;
}
