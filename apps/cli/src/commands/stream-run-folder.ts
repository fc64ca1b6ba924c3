/**
 * The run folder of `olrd stream`: config.json (the options, the model, the stream),
 * metrics.jsonl, learner.safetensors (the learner at the last checkpoint, with the stream's
 * position, the prequential meter and the plot points in its metadata, so both are saved in one
 * atomic write), prequential.svg and summary.json. A new run claims an empty folder; a resumed
 * run claims its own folder, checks that the flags given with --resume repeat its options, and
 * cuts metrics.jsonl back to the lines it had at the checkpoint. A folder written before the
 * flags took `olrd train`'s names (`rule`, `batchSize`, `lr`) resumes too, its config.json
 * rewritten with the new keys.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckpointError, parseSafetensors } from '@olrd/tensor';
import type { PrequentialMeterState } from '@olrd/rules';
import { toKebabCase } from '@olrd/train';
import {
  claimNewRun,
  claimRunFolder,
  createUniqueFolder,
  keepFirstLines,
  readBytes,
  writeFileAtomic,
  type ClaimedRunFolder,
} from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import type { PlotPoint } from './prequential-plot.js';
import { readSavedStreamOptions, type StreamOptions } from './stream-options.js';

export const STREAM_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  learner: 'learner.safetensors',
  plot: 'prequential.svg',
  summary: 'summary.json',
} as const;

/** Metadata key of the stream runner's state inside learner.safetensors. */
export const STREAM_STATE_KEY = 'stream_state';

/** Where the stream stood at a checkpoint. */
export interface StreamRunState {
  /** Stream steps consumed (the next step is number `step + 1`). */
  step: number;
  meter: PrequentialMeterState;
  points: PlotPoint[];
  /** Lines in metrics.jsonl at the checkpoint. */
  metricsLines: number;
  /** Stream seconds before the checkpoint (the resumed run's clock continues from here). */
  seconds: number;
}

/** A resumed stream run: its folder, its saved options and the checkpoint to continue from. */
export interface ResumedStream {
  claim: ClaimedRunFolder;
  options: StreamOptions;
  learnerBytes: Uint8Array;
  state: StreamRunState;
}

/** Options a resumed run may change: they do not change what is computed. */
const RESUME_MAY_CHANGE = new Set<keyof StreamOptions>([
  'steps',
  'backend',
  'logEvery',
  'checkpointEvery',
  'resume',
  'out',
  'overwrite',
  'given',
]);

/** Claims a folder for a new stream run and writes its config.json and an empty metrics.jsonl. */
export async function createStreamFolder(
  options: StreamOptions,
  config: Record<string, unknown>,
): Promise<ClaimedRunFolder> {
  const path =
    options.out ||
    (await createUniqueFolder(
      join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-stream-${options.task}`),
    ));
  return claimNewRun(path, options.overwrite, {
    [STREAM_FILES.config]: `${JSON.stringify({ ...config, out: path }, null, 2)}\n`,
    [STREAM_FILES.metrics]: '',
  });
}

/** `--resume` names the run folder, or the learner.safetensors inside it. */
async function runFolderOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined)
    throw new UsageError(
      `--resume ${path}: no such run folder; pass the --out folder of a stream run`,
    );
  return info.isDirectory() ? path : dirname(path);
}

/**
 * Opens a stream run folder to continue it.
 *
 * @throws UsageError when it is not a stream run, has no checkpoint, or the flags given with
 *   --resume change one of its options; CheckpointError naming the file when it is damaged.
 */
export async function resumeStreamFolder(given: StreamOptions): Promise<ResumedStream> {
  const path = await runFolderOf(given.resume);
  const claim = await claimRunFolder(path, 'resume');
  try {
    const configPath = join(path, STREAM_FILES.config);
    let saved: ReturnType<typeof readSavedStreamOptions>['options'];
    let upgraded: boolean;
    try {
      ({ options: saved, upgraded } = readSavedStreamOptions(
        JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>,
      ));
    } catch {
      throw new UsageError(
        `${path} is not a stream run folder (${basename(configPath)} is missing or not JSON)`,
      );
    }
    const learnerPath = join(path, STREAM_FILES.learner);
    const learnerBytes = await readBytes(learnerPath).catch(() => {
      throw new UsageError(
        `${path} has no ${STREAM_FILES.learner} to resume from (the run stopped before its first checkpoint); start it again with --overwrite`,
      );
    });
    let state: StreamRunState;
    try {
      const text = parseSafetensors(learnerBytes).metadata[STREAM_STATE_KEY];
      if (text === undefined)
        throw new CheckpointError(
          `metadata '${STREAM_STATE_KEY}' is missing (written by an older olrd, it cannot continue the stream)`,
        );
      state = JSON.parse(text) as StreamRunState;
    } catch (error) {
      const reason = CheckpointError.isInstance(error)
        ? error.message
        : `metadata '${STREAM_STATE_KEY}' is not valid JSON`;
      throw new CheckpointError(`${learnerPath}: ${reason}`);
    }
    const differing = given.given.filter(
      (key) =>
        !RESUME_MAY_CHANGE.has(key) && JSON.stringify(given[key]) !== JSON.stringify(saved[key]),
    );
    if (differing.length > 0)
      throw new UsageError(
        `a resumed run keeps its options, but ${differing
          .map(
            (key) =>
              `--${toKebabCase(key)} ${JSON.stringify(given[key])} (the run has ${JSON.stringify(saved[key])})`,
          )
          .join(', ')} differ; drop those flags, or start a new run with another --out`,
      );
    if (given.steps <= state.step && given.given.includes('steps'))
      throw new UsageError(
        `--steps ${given.steps} is not past the checkpoint at step ${state.step}: --steps is the stream's total length`,
      );
    if (upgraded) await writeFileAtomic(configPath, `${JSON.stringify(saved, null, 2)}\n`);
    const metricsPath = join(path, STREAM_FILES.metrics);
    await keepFirstLines(metricsPath, state.metricsLines);
    const options: StreamOptions = {
      ...saved,
      ...Object.fromEntries(given.given.map((key) => [key, given[key]])),
      out: path,
      resume: path,
      overwrite: false,
      given: given.given,
    };
    return { claim, options, learnerBytes, state };
  } catch (error) {
    await claim.release();
    throw error;
  }
}
