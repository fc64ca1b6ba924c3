/**
 * Small option readers shared by dataset factories: each either returns a checked value or
 * throws a {@link DatasetOptionsError} that names the dataset, the key, the bad value and the rule.
 */
import { DatasetOptionsError } from './errors.js';

/** Throws if `options` has a key outside `allowed`, listing the allowed keys. */
export function rejectUnknownOptions(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined && !allowed.includes(key)) {
      throw new DatasetOptionsError(
        `dataset '${dataset}': unknown option '${key}'; allowed options: ${allowed.join(', ')}`,
      );
    }
  }
}

/**
 * Reads an integer option in `[min, max]`, or `fallback` when it is absent.
 *
 * @throws DatasetOptionsError when the value is not an integer in range.
 */
export function readInteger(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DatasetOptionsError(
      `dataset '${dataset}': option '${key}' must be an integer ${range}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
