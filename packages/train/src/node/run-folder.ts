/**
 * A run folder (spec 0 "Files users read and write"): `config.json` (the resolved config),
 * `metrics.jsonl` (one JSON object per logged event), `best.safetensors` (best-by-val-loss
 * parameters with the model and training configs in `__metadata__`), `checkpoint.safetensors`
 * (the resumable state: parameters, optimiser state, loop position) and `summary.json`.
 * Every file but metrics.jsonl is replaced atomically; each metrics line is appended with a
 * single `O_APPEND` write, so a reader never sees interleaved lines (a crash can at most cut the
 * last line short, and resuming drops whatever came after the checkpoint). The folder belongs to
 * one run: it is claimed with a lock (see `claimRunFolder`).
 */
import { access, appendFile, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, parseSafetensors } from '@olrd/tensor';
import { TRAIN_CONFIG_KEY } from '../checkpoint/checkpoint.js';
import { serializeTrainState, type TrainSnapshot } from '../checkpoint/train-state.js';
import { ConfigError } from '../config/config-error.js';
import type { TrainConfig } from '../config/train-config.js';
import type { BestCheckpoint, MetricsEvent, TrainCallbacks } from '../loop/metrics-events.js';
import type { RunSummary } from '../loop/run-summary.js';
import { readBytes, saveCheckpointFile } from './checkpoint-file.js';
import { claimRunFolder, createUniqueFolder, type ClaimedRunFolder } from './claim-run-folder.js';
import { claimNewRun, keepFirstLines } from './run-files.js';
import { writeFileAtomic } from '@olrd/data/node';

/** File names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  best: 'best.safetensors',
  checkpoint: 'checkpoint.safetensors',
  summary: 'summary.json',
} as const;

/** Checkpoint metadata: how many metrics lines the folder held when it was taken. */
const METRICS_LINES_KEY = 'metrics_lines';

/** `runs/<yyyymmdd-hhmmss>-<dataset>-<rule>` for `date` (local time). */
export function defaultRunFolder(
  config: Pick<TrainConfig, 'dataset' | 'trainingMode'>,
  date = new Date(),
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return join('runs', `${stamp}-${config.dataset}-${config.trainingMode}`);
}

/** Writer for one run folder. */
export interface RunFolder {
  readonly path: string;
  /** Appends one event to metrics.jsonl. */
  appendMetrics(event: MetricsEvent | Record<string, unknown>): Promise<void>;
  /** Atomically writes best.safetensors. */
  writeBest(checkpoint: BestCheckpoint): Promise<void>;
  /** Atomically writes checkpoint.safetensors (the resumable state). */
  writeCheckpoint(snapshot: TrainSnapshot): Promise<void>;
  /** Atomically writes summary.json. */
  writeSummary(summary: RunSummary): Promise<void>;
  /** Callbacks for `train` that log metrics and persist the best and resumable checkpoints. */
  callbacks(): Pick<TrainCallbacks, 'onMetrics' | 'onBestCheckpoint' | 'onCheckpoint'>;
  /** Releases the folder's lock (also released when the process exits). */
  release(): Promise<void>;
  /**
   * For a new run that failed before its first step: removes what it wrote (and the folder,
   * when that leaves it empty), so a corrected command can use the same --out.
   */
  discard(): Promise<void>;
}

function openFolder(claim: ClaimedRunFolder, config: TrainConfig, metricsLines: number): RunFolder {
  const path = claim.path;
  let lines = metricsLines;
  const folder: RunFolder = {
    path,
    appendMetrics: async (event) => {
      await appendFile(join(path, RUN_FILES.metrics), `${JSON.stringify(event)}\n`);
      lines++;
    },
    writeBest: ({ params, modelConfig, epoch, val, test }) =>
      saveCheckpointFile(join(path, RUN_FILES.best), params, modelConfig, {
        [TRAIN_CONFIG_KEY]: JSON.stringify(config),
        epoch: String(epoch),
        val_loss: String(val.loss),
        test_accuracy: String(test.accuracy),
      }),
    writeCheckpoint: (snapshot) =>
      writeFileAtomic(
        join(path, RUN_FILES.checkpoint),
        serializeTrainState(snapshot, config, { [METRICS_LINES_KEY]: String(lines) }),
      ),
    writeSummary: (summary) =>
      writeFileAtomic(join(path, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`),
    callbacks: () => ({
      onMetrics: folder.appendMetrics,
      onBestCheckpoint: folder.writeBest,
      onCheckpoint: folder.writeCheckpoint,
    }),
    release: () => claim.release(),
    discard: async () => {
      for (const name of [RUN_FILES.config, RUN_FILES.metrics])
        await rm(join(path, name), { force: true });
      await claim.release();
      await rmdir(path).catch(() => undefined); // not empty: someone else's files stay
    },
  };
  return folder;
}

/**
 * Starts a new run in `path`: claims the folder (absent or empty; with `overwrite`, cleared
 * first) and writes `config.json` and an empty `metrics.jsonl`. With no `path`, a unique folder
 * `defaultRunFolder(config)` (or `…-2`, `…-3`) is created.
 *
 * @throws ConfigError naming the folder and the fix when it holds another run's files or is in
 *   use by a live run.
 */
export async function createRunFolder(
  path: string | undefined,
  config: TrainConfig,
  options: { overwrite?: boolean } = {},
): Promise<RunFolder> {
  const target = path || (await createUniqueFolder(defaultRunFolder(config)));
  const claim = await claimNewRun(target, options.overwrite === true, {
    [RUN_FILES.config]: `${JSON.stringify({ ...config, out: target }, null, 2)}\n`,
    [RUN_FILES.metrics]: '',
  });
  return openFolder(claim, { ...config, out: target }, 0);
}

/** A run folder opened to continue its run. */
export interface ResumedRun {
  folder: RunFolder;
  /** The run's config as `config.json` holds it. */
  config: TrainConfig;
  /** The bytes of `checkpoint.safetensors`, for `train(…, { resume })`. */
  checkpoint: Uint8Array;
  /** summary.json, when the run had ended (finished, stopped early, or interrupted). */
  summary?: RunSummary;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function readJson<T>(path: string, what: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, 'resume');
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConfigError(
      `${path} is not valid JSON (${what}); the run cannot be resumed`,
      'resume',
    );
  }
}

/**
 * Opens `path` to resume its run: claims it, reads `config.json` and `checkpoint.safetensors`,
 * and cuts `metrics.jsonl` back to the lines it had when the checkpoint was taken (a killed run
 * may have logged steps after it; they are logged again, identically, when the run continues).
 *
 * @throws ConfigError when the folder is not a run folder or has no checkpoint, naming the fix.
 */
export async function resumeRunFolder(path: string): Promise<ResumedRun> {
  const claim = await claimRunFolder(path, 'resume');
  try {
    const config = await readJson<TrainConfig>(join(path, RUN_FILES.config), 'the run config');
    if (config === undefined)
      throw new ConfigError(
        `${path} is not a run folder (no ${RUN_FILES.config}); pass the folder a run wrote, e.g. runs/<name>`,
        'resume',
      );
    const checkpointPath = join(path, RUN_FILES.checkpoint);
    if (!(await exists(checkpointPath)))
      throw new ConfigError(
        `${path} has no ${RUN_FILES.checkpoint} to resume from (the run stopped before its first ` +
          `checkpoint, or was started by an older olrd); start it again with --overwrite`,
        'resume',
      );
    const checkpoint = await readBytes(checkpointPath);
    let metadata: Readonly<Record<string, string>>;
    try {
      metadata = parseSafetensors(checkpoint).metadata;
    } catch (error) {
      throw CheckpointError.isInstance(error)
        ? new CheckpointError(`${checkpointPath}: ${error.message}`)
        : error;
    }
    const lines = Number(metadata[METRICS_LINES_KEY] ?? Number.NaN);
    const metricsPath = join(path, RUN_FILES.metrics);
    await keepFirstLines(metricsPath, Number.isInteger(lines) ? lines : 0);
    const summary = await readJson<RunSummary>(join(path, RUN_FILES.summary), 'the run summary');
    return {
      folder: openFolder(claim, config, Number.isInteger(lines) ? lines : 0),
      config,
      checkpoint,
      ...(summary ? { summary } : {}),
    };
  } catch (error) {
    await claim.release();
    throw error;
  }
}
