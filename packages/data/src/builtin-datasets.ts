/** The datasets registered from the start, in the order `olrd data list` shows them. */
import { copyDatasetEntry } from './copy-dataset.js';
import { aanEntry } from './tasks/aan.js';
import { bpToyEntry } from './tasks/bp-toy.js';
import { cifarEntries } from './tasks/cifar.js';
import { copyRepeatEntry } from './tasks/copy-repeat-dataset.js';
import { imdbEntry } from './tasks/imdb.js';
import { listOpsEntry } from './tasks/listops.js';
import { mnistFamilyEntries } from './tasks/mnist-family.js';
import { pathfinderEntries } from './tasks/pathfinder.js';
import type { DatasetEntry } from './types.js';

/** Every built-in dataset entry. */
export const BUILTIN_DATASETS: readonly DatasetEntry[] = [
  copyDatasetEntry,
  copyRepeatEntry,
  bpToyEntry,
  ...mnistFamilyEntries,
  ...cifarEntries,
  imdbEntry,
  listOpsEntry,
  aanEntry,
  ...pathfinderEntries,
];
