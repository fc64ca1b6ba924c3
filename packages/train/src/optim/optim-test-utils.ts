// Helpers shared by the optimiser tests (not exported from the package).
import { tf } from '@olrd/tensor';
import type { Params } from '@olrd/core';

/** A params record from plain arrays: name → [values, shape]. */
export function paramsOf(spec: Record<string, [number[], number[]]>): Params {
  return Object.fromEntries(
    Object.entries(spec).map(([name, [values, shape]]) => [name, tf.tensor(values, shape)]),
  );
}

/** Synchronously reads every tensor as a plain array. */
export function valuesOf(params: Params): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(params).map(([name, tensor]) => [name, [...tensor.dataSync()]]),
  );
}

/** expect-style closeness check with a readable failure. */
export function closeTo(actual: number[], expected: number[], tolerance = 1e-6): boolean {
  return (
    actual.length === expected.length &&
    actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance)
  );
}
