/**
 * `olrd train`: resolve the config (defaults ← --config file ← flags), start the backend, train
 * with live progress on stderr, and write the run folder. Ctrl-C stops after the current step
 * and still writes summary.json; a second Ctrl-C exits at once.
 */
import { initBackend } from '@olrd/tensor/node';
import {
  configFlagOptions,
  configLayerFromFlags,
  disposeTree,
  flagDefaults,
  flagOptions,
  readFlags,
  resolveTrainConfig,
  summarizeRun,
  toKebabCase,
  train,
  type TrainConfig,
} from '@olrd/train';
import { createRunFolder, readConfigFile, resumeRunFolder, type RunFolder } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { formatDuration, formatLoss, formatPercent } from '../format.js';
import { trainHelp } from '../help.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import {
  RUN_FOLDER_FIELDS,
  checkRunFolderFlags,
  describeCheckpointEvery,
  type CheckpointEvery,
} from './run-flags.js';

/** What `olrd train` was asked to do: a new run, or the continuation of one. */
export type TrainInvocation = { checkpointEvery: CheckpointEvery } & (
  | {
      kind: 'new';
      config: TrainConfig;
      /** Clear a non-empty --out folder first. */
      overwrite: boolean;
    }
  | {
      kind: 'resume';
      /** The run folder to continue. */
      folder: string;
      /** The settings given beside --resume (flags and --config file), to check. */
      given: Partial<TrainConfig>;
    }
);

/** Parses flags and the config file, or `undefined` after `--help`. */
export async function resolveTrainArgs(
  args: readonly string[],
): Promise<TrainInvocation | undefined> {
  const values = parseCommandArgs(
    args,
    {
      ...configFlagOptions(),
      ...flagOptions(RUN_FOLDER_FIELDS),
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd train',
  );
  if (values.help) {
    process.stdout.write(trainHelp());
    return undefined;
  }
  checkRunFolderFlags(values);
  const runFolder = readFlags(RUN_FOLDER_FIELDS, values).values;
  const { overwrite, checkpointEvery } = { ...flagDefaults(RUN_FOLDER_FIELDS), ...runFolder };
  const fileLayer = typeof values.config === 'string' ? await readConfigFile(values.config) : {};
  const flagLayer = configLayerFromFlags(values);
  if (runFolder.resume !== undefined) {
    // The config comes from the run folder; what was given beside --resume must agree with it.
    return {
      kind: 'resume',
      folder: runFolder.resume,
      given: { ...fileLayer, ...flagLayer },
      checkpointEvery,
    };
  }
  return {
    kind: 'new',
    config: resolveTrainConfig(fileLayer, flagLayer),
    overwrite,
    checkpointEvery,
  };
}

/** Keys a resumed run may change: they do not change what is computed. */
const RESUME_MAY_CHANGE = new Set<string>(['backend', 'out']);

/**
 * Opens the run folder of `--resume` and checks that the flags and config file given with it
 * repeat the run's config (a resumed run is the same run, so it cannot change its settings).
 */
async function openResumedRun(path: string, given: Partial<TrainConfig>) {
  const run = await resumeRunFolder(path);
  const saved = resolveTrainConfig(run.config as Partial<TrainConfig>);
  const differing = Object.keys(given).filter(
    (key) =>
      !RESUME_MAY_CHANGE.has(key) &&
      JSON.stringify(given[key as keyof TrainConfig]) !==
        JSON.stringify(saved[key as keyof TrainConfig]),
  );
  if (differing.length > 0) {
    await run.folder.release();
    const list = differing
      .map(
        (key) =>
          `--${toKebabCase(key)} ${JSON.stringify(given[key as keyof TrainConfig])} (the run has ${JSON.stringify(saved[key as keyof TrainConfig])})`,
      )
      .join(', ');
    throw new UsageError(
      `a resumed run keeps its config, but ${list} differ; drop those flags, or start a new run with another --out`,
    );
  }
  const backend = given.backend ?? saved.backend;
  return { ...run, config: { ...saved, backend, out: path } };
}

/** Runs `olrd train`; resolves to the exit code. */
export async function trainCommand(args: readonly string[]): Promise<number> {
  const invocation = await resolveTrainArgs(args);
  if (!invocation) return 0;
  let resumeBytes: Uint8Array | undefined;
  let folder: RunFolder;
  let config: TrainConfig;
  if (invocation.kind === 'resume') {
    const run = await openResumedRun(invocation.folder, invocation.given);
    if (run.summary && run.summary.stoppedBy !== 'aborted') {
      await run.folder.release();
      process.stdout.write(
        `run ${run.folder.path} already finished (stopped by ${run.summary.stoppedBy} after ${run.summary.steps} steps); nothing to resume\n`,
      );
      return 0;
    }
    folder = run.folder;
    config = run.config;
    resumeBytes = run.checkpoint;
  } else {
    config = invocation.config;
    folder = await createRunFolder(config.out || undefined, config, {
      overwrite: invocation.overwrite,
    });
    config = { ...config, out: folder.path };
  }
  let backend: string;
  try {
    backend = await initBackend(config.backend);
  } catch (error) {
    await (resumeBytes ? folder.release() : folder.discard());
    throw error;
  }
  const reporter = createProgressReporter(process.stderr, { epochs: config.epochs });
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    reporter.finish();
    process.stderr.write('olrd: stopping after this step (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onInterrupt);
  let parameterCount = 0;
  let started = false;
  const runFiles = folder.callbacks();
  try {
    const result = await train(
      config,
      {
        onStart: (info) => {
          started = true;
          parameterCount = info.parameterCount;
          process.stderr.write(
            `olrd: backend ${backend}; run folder ${folder.path}` +
              `${resumeBytes ? ' (resumed)' : ''}; checkpoint ${describeCheckpointEvery(invocation.checkpointEvery)}\n`,
          );
          reporter.start(info);
        },
        onProgress: reporter.progress,
        onMetrics: async (event) => {
          await runFiles.onMetrics?.(event);
          if (event.type === 'epoch') reporter.epoch(event);
        },
        onBestCheckpoint: runFiles.onBestCheckpoint,
        onCheckpoint: runFiles.onCheckpoint,
        onNotice: (message) => {
          reporter.finish();
          process.stderr.write(`olrd: note: ${message}\n`);
        },
      },
      {
        signal: controller.signal,
        checkpointEvery: invocation.checkpointEvery,
        ...(resumeBytes ? { resume: resumeBytes } : {}),
      },
    );
    reporter.finish();
    disposeTree(result.params);
    await folder.writeSummary(
      summarizeRun(result, {
        dataset: config.dataset,
        trainingMode: config.trainingMode,
        backend,
        parameterCount,
      }),
    );
    const best = result.best;
    process.stdout.write(
      (best
        ? `best epoch ${best.epoch + 1}: val loss ${formatLoss(best.val.loss)}, test loss ${formatLoss(best.test.loss)}` +
          // A regression run (bp-toy) has no accuracy: its metric is the loss.
          (Number.isNaN(best.test.accuracy)
            ? ''
            : `, test accuracy ${formatPercent(best.test.accuracy)}`)
        : 'no epoch finished') +
        ` (${result.steps} steps, ${formatDuration(result.wallSeconds)}, stopped by ${result.stoppedBy})\n` +
        `run folder: ${folder.path}\n`,
    );
    if (result.stoppedBy === 'diverged') {
      process.stderr.write(
        `olrd: error: the loss became non-finite at step ${result.steps}; try a lower --lr-base or --clip-grad-norm 1\n`,
      );
      return 1;
    }
    return result.stoppedBy === 'aborted' ? 130 : 0;
  } catch (error) {
    // A new run refused before its first step (a bad dataset option, say) leaves no folder behind.
    if (!started && !resumeBytes) await folder.discard();
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    await folder.release();
  }
}
