/**
 * Errors thrown by `@olrd/data`. Each class carries a `Symbol.for` brand so that `isInstance`
 * works even when two copies of the package are loaded (spec 5 lesson 26).
 */
const datasetOptionsErrorBrand = Symbol.for('olrd.data.DatasetOptionsError');
const dataFormatErrorBrand = Symbol.for('olrd.data.DataFormatError');
const dataMissingErrorBrand = Symbol.for('olrd.data.DataMissingError');

/** Bad dataset name or options. The message names the key, the value and what is allowed. */
export class DatasetOptionsError extends Error {
  readonly [datasetOptionsErrorBrand] = true;
  override readonly name = 'DatasetOptionsError';

  /** True for any `DatasetOptionsError`, from any copy of this package. */
  static isInstance(error: unknown): error is DatasetOptionsError {
    return typeof error === 'object' && error !== null && datasetOptionsErrorBrand in error;
  }
}

/** Where in a file a format error was found: a byte offset or a 1-based line number. */
export type FormatErrorLocation = { readonly byte: number } | { readonly line: number };

/**
 * A malformed or truncated data file. The message names the file and the byte offset or line
 * where parsing failed, e.g. `train-images-idx3-ubyte.gz: at byte 16: ...`.
 */
export class DataFormatError extends Error {
  readonly [dataFormatErrorBrand] = true;
  override readonly name = 'DataFormatError';
  /** The file (path or archive member) that failed to parse. */
  readonly file: string;
  /** Where it failed. */
  readonly location: FormatErrorLocation;

  constructor(file: string, location: FormatErrorLocation, problem: string) {
    const where = 'byte' in location ? `at byte ${location.byte}` : `line ${location.line}`;
    super(`${file}: ${where}: ${problem}`);
    this.file = file;
    this.location = location;
  }

  /** True for any `DataFormatError`, from any copy of this package. */
  static isInstance(error: unknown): error is DataFormatError {
    return typeof error === 'object' && error !== null && dataFormatErrorBrand in error;
  }
}

/**
 * A dataset's source files are not available locally. The message says which files are missing,
 * where they were looked for, and how to get them (`olrd data download TASK` or a manual copy).
 */
export class DataMissingError extends Error {
  readonly [dataMissingErrorBrand] = true;
  override readonly name = 'DataMissingError';
  /** The task whose files are missing. */
  readonly task: string;

  constructor(task: string, message: string) {
    super(message);
    this.task = task;
  }

  /** True for any `DataMissingError`, from any copy of this package. */
  static isInstance(error: unknown): error is DataMissingError {
    return typeof error === 'object' && error !== null && dataMissingErrorBrand in error;
  }
}
