/**
 * Options shared by every file-backed dataset: where the files are (`store` or `dataDir`), how to
 * subsample (`maxTrainSamples`, `maxEvalSamples`), the split seed, and where messages go.
 */
import { DatasetOptionsError } from '../errors.js';
import { readInteger, readOptionalString, rejectUnknownOptions } from '../options.js';
import { resolveDataStore, type DataStore } from '../store/data-store.js';

/** The resolved shared options. */
export interface FileTaskOptions {
  readonly store: DataStore;
  /** Keep at most this many training sequences (0 = all), a seeded random subset. */
  readonly maxTrainSamples: number;
  /** Keep at most this many val and test sequences each (0 = all). */
  readonly maxEvalSamples: number;
  /** Seed of the random splits and subsets (default 42, the reference's). */
  readonly splitSeed: number;
  /** Receives warnings (default `console.warn`). */
  readonly warn: (message: string) => void;
  /** Receives progress notes such as cache rebuilds (default: silent). */
  readonly notice: (message: string) => void;
  /** The JSON-safe part, for `Dataset.options`. */
  readonly recorded: Readonly<Record<string, unknown>>;
}

/** Option names every file-backed dataset accepts, with their help lines. */
export const FILE_TASK_OPTION_HELP: Readonly<Record<string, string>> = {
  dataDir: "data folder ('' = $OLRD_DATA_DIR or the user cache folder, e.g. ~/.cache/olrd)",
  maxTrainSamples: 'keep at most this many training sequences, a seeded random subset (0 = all)',
  maxEvalSamples: 'keep at most this many val and test sequences each (0 = all)',
  splitSeed: 'seed of the random val split and of subsets (default 42)',
};

const CALLBACK_OPTIONS = ['store', 'onWarning', 'onNotice'];

function readCallback(dataset: string, options: Readonly<Record<string, unknown>>, key: string) {
  const value = options[key];
  if (value !== undefined && typeof value !== 'function') {
    throw new DatasetOptionsError(`dataset '${dataset}': option '${key}' must be a function`);
  }
  return value as ((message: string) => void) | undefined;
}

/** The shared options without the store: split seed, limits and message sinks. */
export type SplitTaskOptions = Omit<FileTaskOptions, 'store'>;

/**
 * Validates `options` (the shared ones plus `own`) without resolving a store, for the generated
 * sources of file tasks (they read no files, so they also run where no store is set).
 *
 * @throws DatasetOptionsError on an unknown option or a bad value.
 */
export function readSplitTaskOptions(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  own: readonly string[],
): SplitTaskOptions {
  rejectUnknownOptions(dataset, options, [
    ...Object.keys(FILE_TASK_OPTION_HELP),
    ...CALLBACK_OPTIONS,
    ...own,
  ]);
  const dataDir = readOptionalString(dataset, options, 'dataDir');
  const maxTrainSamples = readInteger(dataset, options, 'maxTrainSamples', 0, 0);
  const maxEvalSamples = readInteger(dataset, options, 'maxEvalSamples', 0, 0);
  const splitSeed = readInteger(dataset, options, 'splitSeed', 42, 0, 4294967295);
  return {
    maxTrainSamples,
    maxEvalSamples,
    splitSeed,
    warn: readCallback(dataset, options, 'onWarning') ?? ((message) => console.warn(message)),
    notice: readCallback(dataset, options, 'onNotice') ?? (() => {}),
    recorded: { ...(dataDir ? { dataDir } : {}), maxTrainSamples, maxEvalSamples, splitSeed },
  };
}

/**
 * Validates `options` (the shared ones plus `own`) and resolves the store.
 *
 * @throws DatasetOptionsError on an unknown option or a bad value, or when no store is available.
 */
export function readFileTaskOptions(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  own: readonly string[],
): FileTaskOptions {
  const shared = readSplitTaskOptions(dataset, options, own);
  return { store: resolveDataStore(dataset, options), ...shared };
}
