/**
 * The `copy` dataset factory: validates options, then builds train/val/test splits from
 * independent seeds derived from one data seed, so the splits differ and every run is repeatable.
 * The splits are generated on demand (a batch writes its sequences), so a long T costs no memory
 * beyond the batch being read.
 */
import { COPY_BITS, COPY_INPUT_DIM, copySeqLength, lazyCopySplit } from './copy-task.js';
import { readInteger, rejectUnknownOptions } from './options.js';
import { deriveSeed } from './prng.js';
import type { GeneratedSplit } from './split-types.js';
import type { Dataset, DatasetEntry } from './types.js';

/** Options of the `copy` dataset; every field is optional. */
export interface CopyDatasetOptions {
  /** Pattern length P (default 20, as in the paper's sweeps; the reference CLI default is 10). */
  patternLength?: number;
  /** Training sequences (default 20000, as in the paper's sweeps). */
  trainSamples?: number;
  /** Validation sequences (default 1000). */
  valSamples?: number;
  /** Test sequences (default 1000). */
  testSamples?: number;
  /** Data seed (default 0). Independent of the model seed, as in the reference. */
  seed?: number;
}

/** Defaults of {@link CopyDatasetOptions}. */
export const COPY_DATASET_DEFAULTS: Required<CopyDatasetOptions> = Object.freeze({
  patternLength: 20,
  trainSamples: 20000,
  valSamples: 1000,
  testSamples: 1000,
  seed: 0,
});

const OPTION_NAMES = Object.keys(COPY_DATASET_DEFAULTS);

/**
 * Builds the copy dataset.
 *
 * @throws DatasetOptionsError on an unknown option or a value that is not an integer in range.
 */
export function createCopyDataset(
  options: Readonly<CopyDatasetOptions> = {},
): Dataset<GeneratedSplit> {
  const raw = options as Readonly<Record<string, unknown>>;
  rejectUnknownOptions('copy', raw, OPTION_NAMES);
  const defaults = COPY_DATASET_DEFAULTS;
  const resolved: Required<CopyDatasetOptions> = {
    patternLength: readInteger('copy', raw, 'patternLength', defaults.patternLength, 1, 100000),
    trainSamples: readInteger('copy', raw, 'trainSamples', defaults.trainSamples, 1),
    valSamples: readInteger('copy', raw, 'valSamples', defaults.valSamples, 1),
    testSamples: readInteger('copy', raw, 'testSamples', defaults.testSamples, 1),
    seed: readInteger('copy', raw, 'seed', defaults.seed, 0, 4294967295),
  };
  const { patternLength, seed } = resolved;
  return {
    name: 'copy',
    kind: 'classification',
    view: { kind: 'grid' },
    description:
      `copy task: P=${patternLength}, T=${copySeqLength(patternLength)}, ` +
      `train/val/test ${resolved.trainSamples}/${resolved.valSamples}/${resolved.testSamples}, data seed ${seed}`,
    train: lazyCopySplit(resolved.trainSamples, patternLength, deriveSeed(seed, 'copy', 'train')),
    val: lazyCopySplit(resolved.valSamples, patternLength, deriveSeed(seed, 'copy', 'val')),
    test: lazyCopySplit(resolved.testSamples, patternLength, deriveSeed(seed, 'copy', 'test')),
    seqLength: copySeqLength(patternLength),
    inputDim: COPY_INPUT_DIM,
    nClasses: 2,
    multidim: COPY_BITS,
    trainSize: resolved.trainSamples,
    options: resolved,
  };
}

/** Registry entry for `copy`. */
export const copyDatasetEntry: DatasetEntry = {
  name: 'copy',
  description: 'copy task (spec 1 §6): recall a 7-bit pattern of length P after a stop flag',
  options: {
    patternLength: `pattern length P, T = 2P + 8 (default ${COPY_DATASET_DEFAULTS.patternLength})`,
    trainSamples: `training sequences (default ${COPY_DATASET_DEFAULTS.trainSamples})`,
    valSamples: `validation sequences (default ${COPY_DATASET_DEFAULTS.valSamples})`,
    testSamples: `test sequences (default ${COPY_DATASET_DEFAULTS.testSamples})`,
    seed: `data seed (default ${COPY_DATASET_DEFAULTS.seed})`,
  },
  create: (options) => createCopyDataset(options as CopyDatasetOptions),
};
