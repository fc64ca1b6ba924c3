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
  resolveTrainConfig,
  summarizeRun,
  train,
  type TrainConfig,
} from '@olrd/train';
import { createRunFolder, defaultRunFolder, readConfigFile } from '@olrd/train/node';
import { formatDuration, formatLoss, formatPercent } from '../format.js';
import { trainHelp } from '../help.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { createProgressReporter } from '../progress/progress-reporter.js';

/** Parses flags and the config file into the resolved config, or `undefined` after `--help`. */
export async function resolveTrainArgs(args: readonly string[]): Promise<TrainConfig | undefined> {
  const values = parseCommandArgs(
    args,
    { ...configFlagOptions(), config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'olrd train',
  );
  if (values.help) {
    process.stdout.write(trainHelp());
    return undefined;
  }
  const fileLayer = typeof values.config === 'string' ? await readConfigFile(values.config) : {};
  return resolveTrainConfig(fileLayer, configLayerFromFlags(values));
}

/** Runs `olrd train`; resolves to the exit code. */
export async function trainCommand(args: readonly string[]): Promise<number> {
  const resolved = await resolveTrainArgs(args);
  if (!resolved) return 0;
  const backend = await initBackend(resolved.backend);
  const config: TrainConfig = { ...resolved, out: resolved.out || defaultRunFolder(resolved) };
  const folder = await createRunFolder(config.out, config);
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
  const runFiles = folder.callbacks();
  try {
    const result = await train(
      config,
      {
        onStart: (info) => {
          parameterCount = info.parameterCount;
          process.stderr.write(`olrd: backend ${backend}; run folder ${folder.path}\n`);
          reporter.start(info);
        },
        onProgress: reporter.progress,
        onMetrics: async (event) => {
          await runFiles.onMetrics?.(event);
          if (event.type === 'epoch') reporter.epoch(event);
        },
        onBestCheckpoint: runFiles.onBestCheckpoint,
        onNotice: (message) => {
          reporter.finish();
          process.stderr.write(`olrd: note: ${message}\n`);
        },
      },
      { signal: controller.signal },
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
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
