/**
 * Errors thrown by `@olrd/data`. They carry a `Symbol.for` brand so that `isInstance` works even
 * when two copies of the package are loaded (spec 5 lesson 26).
 */
const datasetOptionsErrorBrand = Symbol.for('olrd.data.DatasetOptionsError');

/** Bad dataset name or options. The message names the key, the value and what is allowed. */
export class DatasetOptionsError extends Error {
  readonly [datasetOptionsErrorBrand] = true;
  override readonly name = 'DatasetOptionsError';

  /** True for any `DatasetOptionsError`, from any copy of this package. */
  static isInstance(error: unknown): error is DatasetOptionsError {
    return typeof error === 'object' && error !== null && datasetOptionsErrorBrand in error;
  }
}
