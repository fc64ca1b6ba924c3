/**
 * The fused engine's internal storage: plain JavaScript arrays of doubles, kept in V8's packed
 * double representation (unboxed, contiguous). Measured faster than Float64Array in these loops,
 * and unaffected by V8's typed-array detach checks: once any ArrayBuffer in the process has been
 * detached (as the wasm backend's memory growth does), optimised code re-checks every typed array
 * access, which cost the engine ≈ 40 %. Typed arrays remain the engine's interface.
 */

/** A dense array of doubles (never holey, never holding anything but numbers). */
export type Vec = number[];

/** `n` zeros, stored as unboxed doubles from the start (no elements-kind transition later). */
export function zeros(n: number): Vec {
  const out: Vec = [];
  for (let i = 0; i < n; i++) out.push(0.5);
  return out.fill(0);
}

/** A packed-double copy of `source`. */
export function vecFrom(source: ArrayLike<number>): Vec {
  const out = zeros(source.length);
  for (let i = 0; i < source.length; i++) out[i] = source[i]!;
  return out;
}

/** target[i] = source[i] for i < source.length. */
export function copyVec(target: Vec, source: Vec): void {
  for (let i = 0; i < source.length; i++) target[i] = source[i]!;
}
