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

/**
 * Reads a string option that must be one of `values`, or `fallback` when absent.
 *
 * @throws DatasetOptionsError naming the allowed values.
 */
export function readEnum<T extends string>(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: T,
  values: readonly T[],
): T {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !values.includes(value as T)) {
    throw new DatasetOptionsError(
      `dataset '${dataset}': option '${key}' must be one of: ${values.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/**
 * Reads a finite number option in `[min, max]`, or `fallback` when absent.
 *
 * @throws DatasetOptionsError when the value is not a number in range.
 */
export function readNumber(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new DatasetOptionsError(
      `dataset '${dataset}': option '${key}' must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Reads an optional string option ('' counts as absent).
 *
 * @throws DatasetOptionsError when the value is not a string.
 */
export function readOptionalString(
  dataset: string,
  options: Readonly<Record<string, unknown>>,
  key: string,
): string | undefined {
  const value = options[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new DatasetOptionsError(
      `dataset '${dataset}': option '${key}' must be a string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
