/**
 * The error for unreadable or mismatching checkpoints and safetensors files (here, beside the
 * format code, so every package that reads checkpoints shares one class). Branded with
 * `Symbol.for` so `isInstance` works across two loaded copies of the package (spec 5 lesson 26).
 */
const checkpointErrorBrand = Symbol.for('olrd.train.CheckpointError');

/** A malformed safetensors file, or a checkpoint whose tensors do not match the model. */
export class CheckpointError extends Error {
  readonly [checkpointErrorBrand] = true;
  override readonly name = 'CheckpointError';

  /** True for any `CheckpointError`, from any copy of this package. */
  static isInstance(error: unknown): error is CheckpointError {
    return typeof error === 'object' && error !== null && checkpointErrorBrand in error;
  }
}
