/**
 * The in-memory form of a safetensors file (https://github.com/huggingface/safetensors): named
 * little-endian tensors plus a `__metadata__` string → string map. olrd reads and writes float32
 * (`F32`) and int32 (`I32`) only; any other dtype is rejected with a message naming the tensor.
 */

/** A float32 tensor: row-major data whose length is the product of `shape`. */
export interface SafetensorsF32 {
  readonly dtype: 'F32';
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** An int32 tensor: row-major data whose length is the product of `shape`. */
export interface SafetensorsI32 {
  readonly dtype: 'I32';
  readonly shape: readonly number[];
  readonly data: Int32Array;
}

/** One tensor of a safetensors file. */
export type SafetensorsTensor = SafetensorsF32 | SafetensorsI32;

/** A whole safetensors file. */
export interface SafetensorsFile {
  /** Tensor name → tensor. */
  readonly tensors: Readonly<Record<string, SafetensorsTensor>>;
  /** The `__metadata__` map (string → string; olrd stores JSON strings such as the config). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Bytes per element of the supported dtypes. */
export const SAFETENSORS_DTYPE_BYTES = { F32: 4, I32: 4 } as const;

/** Number of elements of a shape (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** `[2,3]` → `"[2, 3]"`, for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
