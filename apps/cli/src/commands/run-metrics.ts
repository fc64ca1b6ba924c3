/**
 * Reads a run folder's `metrics.jsonl` for `olrd plot`: one JSON object per line, checked just
 * enough that a plot never silently draws garbage. A bad line is an error naming the file and
 * line; records of types this version does not know are skipped (newer runs stay plottable);
 * an incomplete final line (no newline: the run is still writing it, or was cut short) is
 * skipped with a warning, since that is the one damage a crash can do to the file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';

/** Loss and accuracy of a `step` record or of one split of an `epoch` record. */
export interface LossAccuracyPoint {
  step: number;
  loss: number;
  accuracy: number;
}

/** One alignment statistic pair per scope. */
export interface AlignmentPoint {
  step: number;
  epoch: number;
  /** `overall`, `layer 0`, `layer 1`, …, `layer mean` */
  scope: string;
  cosine: number;
  /** Null when infinite (a zero BPTT gradient), as JSON writes it. */
  relativeNorm: number | null;
}

/** BP(λ)'s learning-signal alignment of one logged batch and layer (its mean over the steps). */
export interface SignalPoint {
  step: number;
  epoch: number;
  /** `layer 0`, `layer 1`, … */
  series: string;
  cosine: number;
}

/** What `olrd plot` draws. */
export interface RunMetrics {
  steps: LossAccuracyPoint[];
  epochs: Array<{
    epoch: number;
    train: LossAccuracyPoint;
    val: LossAccuracyPoint;
    test: LossAccuracyPoint;
    /**
     * The epoch's mean cosine with BPTT per scope (`overall`, `layer mean`, `layer 0`, …, and the
     * modules by name, `layers.1.rec`), when the run logged alignment.
     */
    alignment?: Record<string, number>;
  }>;
  alignment: AlignmentPoint[];
  /** From `bp_lambda` runs' alignment records (empty otherwise). */
  signal: SignalPoint[];
  /** Things skipped, for the user. */
  warnings: string[];
}

type Json = Record<string, unknown>;

class LineError extends Error {}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function numberAt(record: Json, path: string, nullable = false): number {
  let value: unknown = record;
  for (const key of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  if (nullable && value === null) return NaN;
  if (typeof value !== 'number') {
    throw new LineError(`a '${String(record['type'])}' record needs a number at '${path}'`);
  }
  return value;
}

function lossAccuracy(record: Json, prefix: string, step: number): LossAccuracyPoint {
  return {
    step,
    loss: numberAt(record, `${prefix}loss`),
    // null in the JSON (NaN) for a regression run, which has no accuracy.
    accuracy: numberAt(record, `${prefix}accuracy`, true),
  };
}

function alignmentPoints(record: Json): AlignmentPoint[] {
  const step = numberAt(record, 'step');
  const epoch = numberAt(record, 'epoch');
  const layers = record['layers'];
  if (!Array.isArray(layers)) throw new LineError(`an 'alignment' record needs a 'layers' list`);
  const scopes: Array<[string, string]> = [['overall', 'overall']];
  layers.forEach((_, i) => scopes.push([`layer ${i}`, `layers.${i}`]));
  if (layers.length > 1) scopes.push(['layer mean', 'averageLayers']);
  return scopes.map(([scope, path]) => {
    const relativeNorm = numberAt(record, `${path}.relativeNorm`, true);
    return {
      step,
      epoch,
      scope,
      cosine: numberAt(record, `${path}.cosine`),
      relativeNorm: Number.isNaN(relativeNorm) ? null : relativeNorm,
    };
  });
}

function signalPoints(record: Json): SignalPoint[] {
  const signal = record['signal'];
  if (signal === undefined) return [];
  const perLayer = isObject(signal) ? signal['perLayer'] : undefined;
  if (!Array.isArray(perLayer))
    throw new LineError(`an 'alignment' record's 'signal' needs a 'perLayer' list`);
  const step = numberAt(record, 'step');
  const epoch = numberAt(record, 'epoch');
  return perLayer.flatMap((steps: unknown, i) => {
    if (!Array.isArray(steps) || steps.some((v) => v !== null && typeof v !== 'number'))
      throw new LineError(`'signal.perLayer[${i}]' must list numbers (or null) per step`);
    const values = steps.filter((v): v is number => v !== null);
    if (values.length === 0) return [];
    const cosine = values.reduce((a, b) => a + b, 0) / values.length;
    return [{ step, epoch, series: `layer ${i}`, cosine }];
  });
}

/** An epoch record's `alignment` (the mean of its batches) as cosine per scope. */
function epochAlignment(record: Json): Record<string, number> | undefined {
  const alignment = record['alignment'];
  if (!isObject(alignment)) return undefined;
  const cosines: Record<string, number> = {};
  const add = (scope: string, value: unknown) => {
    if (isObject(value) && typeof value['cosine'] === 'number') cosines[scope] = value['cosine'];
  };
  add('overall', alignment['overall']);
  add('layer mean', alignment['averageLayers']);
  const layers = alignment['layers'];
  if (Array.isArray(layers)) layers.forEach((layer, i) => add(`layer ${i}`, layer));
  const modules = alignment['modules'];
  if (isObject(modules)) for (const [name, value] of Object.entries(modules)) add(name, value);
  return Object.keys(cosines).length > 0 ? cosines : undefined;
}

/**
 * Parses the text of a metrics.jsonl file.
 *
 * @param name - the file as shown in errors
 * @throws UsageError naming the file and the line of the first bad record.
 */
export function parseRunMetrics(text: string, name: string): RunMetrics {
  const metrics: RunMetrics = { steps: [], epochs: [], alignment: [], signal: [], warnings: [] };
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      if (index === lines.length - 1 && !complete) {
        metrics.warnings.push(
          `${name} line ${lineNumber} is incomplete (the run is still writing it, or was cut short); skipped`,
        );
        return;
      }
      throw new UsageError(
        `${name} line ${lineNumber}: not valid JSON (${(error as Error).message})`,
      );
    }
    try {
      if (!isObject(record) || typeof record['type'] !== 'string')
        throw new LineError(`expected a JSON object with a string 'type'`);
      const type = record['type'];
      if (type === 'step') metrics.steps.push(lossAccuracy(record, '', numberAt(record, 'step')));
      else if (type === 'epoch') {
        const step = numberAt(record, 'step');
        metrics.epochs.push({
          epoch: numberAt(record, 'epoch'),
          train: lossAccuracy(record, 'train.', step),
          val: lossAccuracy(record, 'val.', step),
          test: lossAccuracy(record, 'test.', step),
        });
        const alignment = epochAlignment(record);
        if (alignment) metrics.epochs.at(-1)!.alignment = alignment;
      } else if (type === 'alignment') {
        metrics.alignment.push(...alignmentPoints(record));
        metrics.signal.push(...signalPoints(record));
      }
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      throw new UsageError(`${name} line ${lineNumber}: ${error.message}`);
    }
  });
  return metrics;
}

/**
 * Reads `runDir/metrics.jsonl`.
 *
 * @throws UsageError when the folder or the file is missing, or a line is bad.
 */
export async function readRunMetrics(runDir: string): Promise<RunMetrics> {
  const path = join(runDir, RUN_FILES.metrics);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new UsageError(
      existsSync(runDir)
        ? `${path} does not exist: RUN_DIR must be a run folder written by 'olrd train'`
        : `run folder ${runDir} does not exist: give the folder 'olrd train --out' wrote`,
    );
  }
  return parseRunMetrics(text, path);
}
