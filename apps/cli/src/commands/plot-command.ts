/**
 * `olrd plot RUN_DIR`: loss, accuracy and (when the run logged it) alignment charts (SVG or PNG) from
 * the run's metrics.jsonl, drawn with Vega-Lite and written atomically; `olrd plot RUN_A RUN_B …
 * --out DIR` compares BP(λ) runs' learning-signal alignment.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { RUN_FILES, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { plotHelp } from '../help.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { accuracySpec, alignmentSpec, lossSpec, signalSpec } from './plot-specs.js';
import { renderSvg, svgToPng } from './render-svg.js';
import { readRunMetrics } from './run-metrics.js';

const FORMATS = ['svg', 'png'];

/** "online_full on copy" from the run's config.json, or the folder name when it has none. */
async function runTitle(runDir: string): Promise<string> {
  try {
    const config = JSON.parse(await readFile(join(runDir, RUN_FILES.config), 'utf8')) as {
      trainingMode?: unknown;
      dataset?: unknown;
    };
    if (typeof config.trainingMode === 'string' && typeof config.dataset === 'string')
      return `${config.trainingMode} on ${config.dataset}`;
  } catch {
    // A run folder without a readable config.json still plots, titled by its path.
  }
  return runDir;
}

const STRING_FLAGS = ['--out', '--format'];

/** Takes the RUN_DIRs out of the arguments, wherever they stand among the flags. */
function splitRunDirs(args: readonly string[]): { runDirs: string[]; flags: string[] } {
  const flags: string[] = [];
  const runDirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (STRING_FLAGS.includes(arg) && i + 1 < args.length) flags.push(arg, args[++i]!);
    else if (arg.startsWith('-')) flags.push(arg);
    else runDirs.push(arg);
  }
  return { runDirs, flags };
}

/** Renders `spec` to `outDir/file.format` atomically; returns the path. */
async function writeChart(
  spec: TopLevelSpec,
  outDir: string,
  file: string,
  format: string,
): Promise<string> {
  const path = join(outDir, `${file}.${format}`);
  const svg = await renderSvg(spec);
  await writeFileAtomic(path, format === 'png' ? await svgToPng(svg) : svg);
  return path;
}

/**
 * `olrd plot RUN_A RUN_B … --out DIR`: the runs' learning-signal alignment in one chart, one
 * colour per run (and layer): BP(λ) for several λ, as the paper's Figures 2 and 3.
 */
async function compareRuns(runDirs: string[], outDir: string, format: string): Promise<void> {
  const points = [];
  for (const runDir of runDirs) {
    const metrics = await readRunMetrics(runDir);
    for (const warning of metrics.warnings) process.stderr.write(`olrd: warning: ${warning}\n`);
    if (metrics.signal.length === 0) {
      throw new UsageError(
        `${join(runDir, RUN_FILES.metrics)} has no learning-signal alignment: compare bp_lambda runs trained with --log-n-batches N`,
      );
    }
    const layers = new Set(metrics.signal.map((p) => p.series)).size;
    const label = basename(resolve(runDir));
    for (const p of metrics.signal)
      points.push({ ...p, series: layers > 1 ? `${label}, ${p.series}` : label });
  }
  const spec = signalSpec(points, runDirs.map((d) => basename(resolve(d))).join(' vs '));
  const path = await writeChart(spec as TopLevelSpec, outDir, 'signal-alignment', format);
  process.stdout.write(`wrote ${path}\n`);
}

/** Runs `olrd plot`; resolves to the exit code. */
export async function plotCommand(args: readonly string[]): Promise<number> {
  const { runDirs, flags } = splitRunDirs(args);
  const values = parseCommandArgs(
    flags,
    { out: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'olrd plot',
  );
  if (values.help) {
    process.stdout.write(plotHelp());
    return 0;
  }
  const [runDir] = runDirs;
  if (runDir === undefined)
    throw new UsageError(
      `olrd plot needs RUN_DIR (a run folder of 'olrd train'), e.g. 'olrd plot runs/copy'`,
    );
  const format = typeof values.format === 'string' ? values.format : 'svg';
  if (!FORMATS.includes(format))
    throw new UsageError(`flag --format must be svg or png, got '${format}'`);
  if (runDirs.length > 1) {
    if (typeof values.out !== 'string')
      throw new UsageError(`olrd plot with several run folders needs --out DIR for the comparison`);
    await compareRuns(runDirs, values.out, format);
    return 0;
  }
  const metrics = await readRunMetrics(runDir);
  for (const warning of metrics.warnings) process.stderr.write(`olrd: warning: ${warning}\n`);
  if (metrics.steps.length === 0 && metrics.epochs.length === 0) {
    throw new UsageError(
      `${join(runDir, RUN_FILES.metrics)} has no step or epoch records yet: nothing to plot`,
    );
  }
  const outDir = typeof values.out === 'string' ? values.out : runDir;
  const title = await runTitle(runDir);
  const charts = [
    ['loss', lossSpec(metrics, title)],
    ['accuracy', accuracySpec(metrics, title)],
    ['alignment', alignmentSpec(metrics, title)],
    ['signal-alignment', signalSpec(metrics.signal, title)],
  ] as const;
  const written: string[] = [];
  for (const [file, spec] of charts) {
    if (spec !== undefined) written.push(await writeChart(spec, outDir, file, format));
  }
  process.stdout.write(`${written.map((path) => `wrote ${path}\n`).join('')}`);
  if (metrics.alignment.length === 0) {
    process.stdout.write(
      `no alignment records: train with --log-n-batches N to get the alignment chart\n`,
    );
  }
  return 0;
}
