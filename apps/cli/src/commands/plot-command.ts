/**
 * `olrd plot RUN_DIR`: loss, accuracy and (when the run logged it) alignment charts (SVG or PNG) from
 * the run's metrics.jsonl, drawn with Vega-Lite and written atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { plotHelp } from '../help.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { accuracySpec, alignmentSpec, lossSpec } from './plot-specs.js';
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

/** Takes RUN_DIR out of the arguments, wherever it stands among the flags. */
function splitRunDir(args: readonly string[]): { runDir?: string; flags: string[] } {
  const flags: string[] = [];
  let runDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (STRING_FLAGS.includes(arg) && i + 1 < args.length) flags.push(arg, args[++i]!);
    else if (arg.startsWith('-') || runDir !== undefined) flags.push(arg);
    else runDir = arg;
  }
  return runDir === undefined ? { flags } : { runDir, flags };
}

/** Runs `olrd plot`; resolves to the exit code. */
export async function plotCommand(args: readonly string[]): Promise<number> {
  const { runDir, flags } = splitRunDir(args);
  const values = parseCommandArgs(
    flags,
    { out: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'olrd plot',
  );
  if (values.help) {
    process.stdout.write(plotHelp());
    return 0;
  }
  if (runDir === undefined)
    throw new UsageError(
      `olrd plot needs RUN_DIR (a run folder of 'olrd train'), e.g. 'olrd plot runs/copy'`,
    );
  const format = typeof values.format === 'string' ? values.format : 'svg';
  if (!FORMATS.includes(format))
    throw new UsageError(`flag --format must be svg or png, got '${format}'`);
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
  ] as const;
  const written: string[] = [];
  for (const [file, spec] of charts) {
    if (spec === undefined) continue;
    const path = join(outDir, `${file}.${format}`);
    const svg = await renderSvg(spec);
    await writeFileAtomic(path, format === 'png' ? await svgToPng(svg) : svg);
    written.push(path);
  }
  process.stdout.write(`${written.map((path) => `wrote ${path}\n`).join('')}`);
  if (metrics.alignment.length === 0) {
    process.stdout.write(
      `no alignment records: train with --log-n-batches N to get the alignment chart\n`,
    );
  }
  return 0;
}
