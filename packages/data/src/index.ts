/**
 * @olrd/data: datasets for olrd as tensor-free typed arrays (isomorphic: Node and browser).
 */
export type { Dataset, DatasetEntry, DatasetFactory, DatasetSplit } from './types.js';
export { DatasetOptionsError } from './errors.js';
export { deriveSeed, mulberry32 } from './prng.js';
export type { Prng } from './prng.js';
export { seededPermutation } from './shuffle.js';
export { countBatches, iterateBatches } from './batches.js';
export type { ArrayBatch, BatchOptions } from './batches.js';
export {
  COPY_BITS,
  COPY_INPUT_DIM,
  COPY_PAD_LENGTH,
  copySeqLength,
  generateCopySplit,
} from './copy-task.js';
export { COPY_DATASET_DEFAULTS, copyDatasetEntry, createCopyDataset } from './copy-dataset.js';
export type { CopyDatasetOptions } from './copy-dataset.js';
export {
  datasetNames,
  datasets,
  getDatasetEntry,
  loadDataset,
  registerDataset,
} from './registry.js';
