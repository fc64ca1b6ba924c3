/**
 * A run folder (spec 0 "Files users read and write"): `config.json` (the resolved config),
 * `metrics.jsonl` (one JSON object per logged event), `best.safetensors` (best-by-val-loss
 * parameters with the model and training configs in `__metadata__`) and `summary.json`.
 * `config.json`, `best.safetensors` and `summary.json` are replaced atomically; each metrics
 * line is appended with a single `O_APPEND` write, so a reader never sees interleaved lines
 * (a crash can at most cut the last line short).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TRAIN_CONFIG_KEY } from '../checkpoint/checkpoint.js';
import type { TrainConfig } from '../config/train-config.js';
import type { BestCheckpoint, MetricsEvent, TrainCallbacks } from '../loop/metrics-events.js';
import type { RunSummary } from '../loop/run-summary.js';
import { saveCheckpointFile } from './checkpoint-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** File names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  best: 'best.safetensors',
  summary: 'summary.json',
} as const;

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
  /** Atomically writes summary.json. */
  writeSummary(summary: RunSummary): Promise<void>;
  /** Callbacks for `train` that log metrics and persist the best checkpoint. */
  callbacks(): Pick<TrainCallbacks, 'onMetrics' | 'onBestCheckpoint'>;
}

/**
 * Creates the folder and writes `config.json`. An existing metrics.jsonl is truncated.
 */
export async function createRunFolder(path: string, config: TrainConfig): Promise<RunFolder> {
  await mkdir(path, { recursive: true });
  await writeFileAtomic(join(path, RUN_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
  await writeFileAtomic(join(path, RUN_FILES.metrics), '');
  const folder: RunFolder = {
    path,
    appendMetrics: (event) =>
      appendFile(join(path, RUN_FILES.metrics), `${JSON.stringify(event)}\n`),
    writeBest: ({ params, modelConfig, epoch, val, test }) =>
      saveCheckpointFile(join(path, RUN_FILES.best), params, modelConfig, {
        [TRAIN_CONFIG_KEY]: JSON.stringify(config),
        epoch: String(epoch),
        val_loss: String(val.loss),
        test_accuracy: String(test.accuracy),
      }),
    writeSummary: (summary) =>
      writeFileAtomic(join(path, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`),
    callbacks: () => ({ onMetrics: folder.appendMetrics, onBestCheckpoint: folder.writeBest }),
  };
  return folder;
}
