/**
 * The dataset registry: name → {@link DatasetEntry}. It lives on `globalThis` under
 * `Symbol.for('olrd.datasets')` so that two loaded copies of this package share one registry
 * (spec 5 lesson 26). Built-in datasets are present from the start; more are added with
 * {@link registerDataset}.
 */
import { BUILTIN_DATASETS } from './builtin-datasets.js';
import { DatasetOptionsError } from './errors.js';
import type { Dataset, DatasetEntry } from './types.js';

const registryKey = Symbol.for('olrd.datasets');

function registry(): Map<string, DatasetEntry> {
  const holder = globalThis as { [registryKey]?: Map<string, DatasetEntry> };
  holder[registryKey] ??= new Map<string, DatasetEntry>();
  const map = holder[registryKey];
  for (const entry of BUILTIN_DATASETS) if (!map.has(entry.name)) map.set(entry.name, entry);
  return map;
}

/** The live registry, read-only: dataset name → entry. */
export const datasets: ReadonlyMap<string, DatasetEntry> = registry();

/**
 * Adds a dataset. Throws if the name is taken, unless `replace` is set.
 *
 * @throws DatasetOptionsError on a duplicate name.
 */
export function registerDataset(entry: DatasetEntry, options: { replace?: boolean } = {}): void {
  const map = registry();
  if (map.has(entry.name) && !options.replace) {
    throw new DatasetOptionsError(`dataset '${entry.name}' is already registered`);
  }
  map.set(entry.name, entry);
}

/** Names of all registered datasets, sorted. */
export function datasetNames(): string[] {
  return [...registry().keys()].sort();
}

/** Every registered entry: the built-ins in their listing order, then the others by name. */
export function datasetEntries(): DatasetEntry[] {
  const builtin = new Set(BUILTIN_DATASETS.map((entry) => entry.name));
  const map = registry();
  return [
    ...BUILTIN_DATASETS.map((entry) => map.get(entry.name) ?? entry),
    ...[...map.values()]
      .filter((entry) => !builtin.has(entry.name))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ];
}

/**
 * Looks up a dataset entry by name.
 *
 * @throws DatasetOptionsError naming the registered datasets when `name` is unknown.
 */
export function getDatasetEntry(name: string): DatasetEntry {
  const entry = registry().get(name);
  if (!entry) {
    throw new DatasetOptionsError(
      `unknown dataset '${name}'; available datasets: ${datasetNames().join(', ')}`,
    );
  }
  return entry;
}

/**
 * Builds a registered dataset.
 *
 * @param options - dataset-specific options (see the entry's `options`); unknown keys are errors.
 * @throws DatasetOptionsError for an unknown name or bad options.
 */
export async function loadDataset(
  name: string,
  options: Readonly<Record<string, unknown>> = {},
): Promise<Dataset> {
  return getDatasetEntry(name).create(options);
}
