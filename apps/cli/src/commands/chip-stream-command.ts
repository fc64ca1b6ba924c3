/**
 * `olrd stream --precision …`: the stream run on the chip learner (online_full at batch 1 in
 * the given number formats, a hardware optimiser) instead of the OnlineLearner. The other flags
 * are `olrd stream`'s; the run folder is the same (config.json, metrics.jsonl, prequential.svg,
 * summary.json) with the parameters in chip.safetensors, which `olrd export --target c` reads.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { paramShapes } from '@olrd/core';
import { copyStream, driftStream, type Stream } from '@olrd/data';
import { formatPrecision, type ChipOptimizerName, type Precision } from '@olrd/rules';
import { initBackend, serializeSafetensors } from '@olrd/tensor/node';
import { writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { formatDuration, formatPercent } from '../format.js';
import { optimizerFlag, precisionFlag } from './chip-flags.js';
import { createChipLearner, runChipStream } from './chip-stream.js';
import { prequentialSvg, type PlotPoint } from './prequential-plot.js';
import { startStreamProgress } from './stream-progress.js';
import { parseStreamOptions, type StreamOptions } from './stream-options.js';
import { STREAM_FILES, createStreamFolder } from './stream-run-folder.js';

/** The chip run's parameter file in the run folder. */
export const CHIP_CHECKPOINT = 'chip.safetensors';

/** Default learning rate per optimiser (tuned for fp32 on the drift stream). */
const DEFAULT_LR: Record<ChipOptimizerName, number> = {
  sgd: 0.005,
  momentum: 0.0005,
  'sign-sgd': 0.0005,
  adam: 0.003,
};

/** Help lines `olrd stream --help` shows for the chip learner. */
export const CHIP_STREAM_HELP = `  --precision P              run the on-chip learner (online_full, batch 1, LRU, no post block)
                             in these number formats: a preset (fp32, bf16, int16, int8) or
                             CLASS=FORMAT[:ROUNDING],… (docs/on-chip.md)
  --optimizer O              with --precision: sgd | momentum | sign-sgd | adam (default sgd;
                             --lr-base defaults to 0.005, 0.0005, 0.0005, 0.003)
  --momentum B               with --optimizer momentum: β (default 0.9)`;

/** True when `args` ask for the chip learner. */
export function wantsChipLearner(args: readonly string[]): boolean {
  return args.some((a) => a === '--precision' || a.startsWith('--precision='));
}

/** Takes `--precision`, `--optimizer`, `--momentum` out of `args`. */
function splitChipFlags(args: readonly string[]): {
  rest: string[];
  chip: Record<string, string>;
} {
  const rest: string[] = [];
  const chip: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--(precision|optimizer|momentum)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    chip[match[1]!] = value;
  }
  return { rest, chip };
}

function checkChipOptions(options: StreamOptions): void {
  const refuse = (flag: string, why: string) => {
    throw new UsageError(`--precision runs the on-chip learner, which ${why}; drop ${flag}`);
  };
  const given = new Set<string>(options.given);
  if (given.has('trainingMode') && options.trainingMode !== 'online_full')
    refuse('--training-mode', 'learns with online_full only');
  if (given.has('layerCls') && options.layerCls !== 'LRU') refuse('--layer-cls', 'runs the LRU');
  if (options.bsz !== 1) refuse('--bsz', 'learns one stream at a time');
  if (options.updateEvery !== 1) refuse('--update-every', 'updates every step');
  if (options.resume) refuse('--resume', 'does not resume yet (its runs are short)');
  if (given.has('engine')) refuse('--engine', 'has its own engine');
  if (given.has('lrFactor')) refuse('--lr-factor', 'uses one learning rate');
}

function makeStream(options: StreamOptions): Stream {
  return options.task === 'copy'
    ? copyStream({ patternLength: options.copyPatternLength, seed: options.seed })
    : driftStream({ switchEvery: options.switchEvery, seed: options.seed });
}

/** Runs `olrd stream --precision …`; resolves to the exit code. */
export async function chipStreamCommand(
  args: readonly string[],
  help: () => string,
): Promise<number> {
  const { rest, chip } = splitChipFlags(args);
  const options = parseStreamOptions(rest, help);
  if (!options) return 0;
  checkChipOptions(options);
  const precision: Precision = precisionFlag(chip['precision']!);
  const optimizer = optimizerFlag(chip['optimizer'] ?? 'sgd');
  if (chip['momentum'] !== undefined && optimizer !== 'momentum')
    throw new UsageError('--momentum is for --optimizer momentum');
  const momentum = chip['momentum'] === undefined ? 0.9 : Number(chip['momentum']);
  if (!(momentum >= 0 && momentum < 1))
    throw new UsageError(`--momentum must be in [0, 1), got '${chip['momentum']}'`);
  const learningRate = options.given.includes('lrBase') ? options.lrBase : DEFAULT_LR[optimizer];
  // tfjs only draws the initial parameters; the learner is plain JS.
  await initBackend('cpu');
  const stream = makeStream(options);
  let learner;
  try {
    learner = createChipLearner(
      options,
      stream,
      precision,
      { name: optimizer, learningRate, momentum },
      options.seed,
    );
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const description = {
    precision: formatPrecision(precision),
    optimizer: { name: optimizer, learningRate, momentum },
  };
  const claim = await createStreamFolder(options, {
    ...options,
    engine: 'chip',
    chip: description,
    model: learner.config,
    stream: stream.description,
  });
  try {
    const out = claim.path;
    process.stderr.write(
      `olrd: ${stream.description}; online_full on the chip learner (${description.precision}; ${optimizer}, lr ${learningRate}); run folder ${out}\n`,
    );
    const points: PlotPoint[] = [];
    const lines: string[] = [];
    const start = performance.now();
    const progress = startStreamProgress(options);
    let steps = 0;
    let diverged = false;
    const meter = runChipStream(learner, stream, options.steps, options.window, (report) => {
      steps = report.step;
      if (report.total > 0 && !Number.isFinite(report.meter.windowed.loss)) diverged = true;
      if (report.step % options.logEvery === 0 || report.step === options.steps) {
        const window = report.meter.windowed;
        const elapsed = (performance.now() - start) / 1000;
        const line = {
          step: report.step,
          loss: window.loss,
          accuracy: window.accuracy,
          overallAccuracy: report.meter.overall.accuracy,
          regime: report.item.regime,
          updates: learner.steps,
          stepsPerSecond: report.step / elapsed,
        };
        lines.push(JSON.stringify(line));
        points.push({ step: report.step, accuracy: window.accuracy, regime: report.item.regime });
        progress.show(report.step, window, elapsed);
      }
      return !progress.interrupted && !diverged;
    });
    progress.close();
    await appendFile(join(out, STREAM_FILES.metrics), lines.map((l) => `${l}\n`).join(''));
    const params = learner.exportParams();
    const shapes = paramShapes(learner.config);
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [name, data] of Object.entries(params))
      tensors[name] = { dtype: 'F32', shape: shapes[name] ?? [data.length], data };
    await writeFileAtomic(
      join(out, CHIP_CHECKPOINT),
      serializeSafetensors(tensors, {
        // An olrd checkpoint (spec-0 names, float32) with the chip settings beside the model.
        format: 'olrd-checkpoint-v1',
        model_config: JSON.stringify(learner.config),
        chip: JSON.stringify(description),
        seed: String(options.seed),
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    await writeFileAtomic(
      join(out, STREAM_FILES.plot),
      prequentialSvg(
        points,
        `${stream.name}: online_full on the chip learner (${description.precision})`,
      ),
    );
    const summary = {
      steps,
      seconds,
      stepsPerSecond: steps / seconds,
      updates: learner.steps,
      prequential: meter.overall,
      lastWindow: meter.windowed,
      bytesByClass: learner.bytesByClass(),
      interrupted: progress.interrupted,
      diverged,
    };
    await writeFileAtomic(join(out, STREAM_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    if (diverged) {
      process.stderr.write(
        `olrd: error: the chip learner diverged at step ${steps}; try a lower --lr-base\n`,
      );
      return 1;
    }
    process.stdout.write(
      `${steps} steps in ${formatDuration(seconds)} (${summary.stepsPerSecond.toFixed(0)} steps/s): prequential accuracy ${formatPercent(meter.overall.accuracy)} overall, ${formatPercent(meter.windowed.accuracy)} over the last ${options.window} steps\nrun folder: ${out}\n`,
    );
    return progress.interrupted ? 130 : 0;
  } finally {
    await claim.release();
  }
}
