/**
 * Plain-array trees for the optimisers' typed-array form (`GradientTransformation.arrays`): the
 * fused engine keeps parameters in Float32Arrays, so its learner updates them in place instead of
 * round-tripping through tensors every step. `f32` rounds as a float32 tensor op stores its
 * result, which is what makes the array form equal to the tensor form on the cpu backend.
 */
import { tf } from '@olrd/tensor';
import type { ArrayOptState, ArrayParams } from '@olrd/core/spec';
import type { OptState } from './tree.js';

/** Rounds to float32, as storing a tensor op's result does. */
export const f32 = Math.fround;

/** Zeros shaped like each array. */
export function zerosLikeArrays(params: ArrayParams): ArrayParams {
  const out: ArrayParams = {};
  for (const [name, values] of Object.entries(params)) out[name] = new Float32Array(values.length);
  return out;
}

/** `params[name]`, or an error naming the parameter. */
export function arrayAt(params: ArrayParams, name: string): Float32Array {
  const values = params[name];
  if (values === undefined) throw new Error(`optimiser arrays: no array for parameter '${name}'`);
  return values;
}

/** p ← p + u in place (float32), the array form of `applyUpdates`. */
export function applyUpdatesInPlace(params: ArrayParams, updates: ArrayParams): void {
  for (const [name, p] of Object.entries(params)) {
    const u = arrayAt(updates, name);
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i]! + u[i]!);
  }
}

/** The tensor-form state as plain arrays (copies), laid out the same way. */
export function stateToArrays(state: OptState): ArrayOptState {
  if (typeof state === 'number') return state;
  if (state instanceof tf.Tensor) return Float32Array.from(state.dataSync());
  if (Array.isArray(state)) return state.map((child: OptState) => stateToArrays(child));
  const out: { [key: string]: ArrayOptState } = {};
  for (const [key, child] of Object.entries(state as Record<string, OptState>))
    out[key] = stateToArrays(child);
  return out;
}

/**
 * The array-form state as tensors (copies), shaped like `template` (a tensor-form state of the same
 * optimiser, e.g. its `init(params)`; it is read, not kept or disposed).
 *
 * @throws Error naming the path where the two layouts differ
 */
export function stateFromArrays(
  arrays: ArrayOptState,
  template: OptState,
  path = 'state',
): OptState {
  if (typeof template === 'number') {
    if (typeof arrays !== 'number') throw layoutError(path, 'a number');
    return arrays;
  }
  if (template instanceof tf.Tensor) {
    if (!(arrays instanceof Float32Array) || arrays.length !== template.size)
      throw layoutError(path, `${template.size} float32 values`);
    // A copy: tf.tensor keeps a typed array by reference on the cpu backend.
    return tf.tensor(arrays.slice(), template.shape, 'float32');
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(arrays) || arrays.length !== template.length)
      throw layoutError(path, `${template.length} states`);
    return template.map((child: OptState, i) =>
      stateFromArrays(arrays[i]!, child, `${path}[${i}]`),
    );
  }
  if (typeof arrays !== 'object' || arrays instanceof Float32Array || Array.isArray(arrays))
    throw layoutError(path, 'a record');
  const out: Record<string, OptState> = {};
  for (const [key, child] of Object.entries(template as Record<string, OptState>)) {
    const value = arrays[key];
    if (value === undefined) throw layoutError(`${path}.${key}`, 'a value');
    out[key] = stateFromArrays(value, child, `${path}.${key}`);
  }
  return out;
}

function layoutError(path: string, expected: string): Error {
  return new Error(
    `optimiser state: ${path} should hold ${expected}; the arrays come from another optimiser`,
  );
}
