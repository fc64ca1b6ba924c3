/**
 * The in-memory form of a safetensors file (https://github.com/huggingface/safetensors): named
 * little-endian tensors plus a `__metadata__` string → string map. olrd reads and writes float32
 * (`F32`), int32 (`I32`), and the other float formats PyTorch and JAX write: float16 (`F16`),
 * bfloat16 (`BF16`) and float64 (`F64`); any other dtype is rejected with a message naming the
 * tensor. F16 and BF16 data are the raw 16-bit patterns (`safetensors-floats.ts` converts).
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

/** An IEEE half-precision tensor: the raw binary16 bit patterns, row-major. */
export interface SafetensorsF16 {
  readonly dtype: 'F16';
  readonly shape: readonly number[];
  readonly data: Uint16Array;
}

/** A bfloat16 tensor: the raw bit patterns (a float32's upper 16 bits), row-major. */
export interface SafetensorsBF16 {
  readonly dtype: 'BF16';
  readonly shape: readonly number[];
  readonly data: Uint16Array;
}

/** A float64 tensor, row-major. */
export interface SafetensorsF64 {
  readonly dtype: 'F64';
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** One tensor of a safetensors file. */
export type SafetensorsTensor =
  SafetensorsF32 | SafetensorsI32 | SafetensorsF16 | SafetensorsBF16 | SafetensorsF64;

/** The dtypes olrd reads and writes. */
export type SafetensorsDtype = SafetensorsTensor['dtype'];

/** The floating-point dtypes: every one converts to and from float32. */
export type SafetensorsFloatDtype = Exclude<SafetensorsDtype, 'I32'>;

/** A whole safetensors file. */
export interface SafetensorsFile {
  /** Tensor name → tensor. */
  readonly tensors: Readonly<Record<string, SafetensorsTensor>>;
  /** The `__metadata__` map (string → string; olrd stores JSON strings such as the config). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Bytes per element of the supported dtypes. */
export const SAFETENSORS_DTYPE_BYTES = { F32: 4, I32: 4, F16: 2, BF16: 2, F64: 8 } as const;

/** Number of elements of a shape (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** `[2,3]` → `"[2, 3]"`, for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
