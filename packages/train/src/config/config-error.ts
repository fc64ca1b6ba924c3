/**
 * The error for invalid training configurations (files and flags). Branded with `Symbol.for` so
 * `isInstance` works across two loaded copies of the package (spec 5 lesson 26).
 */
const configErrorBrand = Symbol.for('olrd.train.ConfigError');

/** An unknown key, a wrong type or an out-of-range value; the message names the key and the fix. */
export class ConfigError extends Error {
  readonly [configErrorBrand] = true;
  override readonly name = 'ConfigError';

  /**
   * @param message - full human message
   * @param key - the offending config key (canonical camelCase), when there is one
   */
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
  }

  /** True for any `ConfigError`, from any copy of this package. */
  static isInstance(error: unknown): error is ConfigError {
    return typeof error === 'object' && error !== null && configErrorBrand in error;
  }
}
