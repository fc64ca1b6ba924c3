/** A guard that fails when a function leaves tensors behind. */
import { numTensors } from '../memory/tensor-tree.js';

/**
 * Runs `fn` (sync or async) and throws if the number of live tensors differs afterwards, i.e. if
 * `fn` leaked (or disposed tensors it did not own). `fn` must dispose everything it creates,
 * including what it returns. Resolves to `fn`'s result.
 *
 * @throws Error "`label` leaked N tensor(s)" when the count changed.
 * @example
 * ```ts
 * await expectNoLeak(() => tf.tidy(() => { diagScan(lRe, lIm, bRe, bIm); }), 'diagScan');
 * ```
 */
export async function expectNoLeak<T>(fn: () => T | Promise<T>, label = 'function'): Promise<T> {
  const before = numTensors();
  const result = await fn();
  const delta = numTensors() - before;
  if (delta !== 0) {
    throw new Error(
      `${label} ${delta > 0 ? 'leaked' : 'disposed'} ${Math.abs(delta)} tensor(s) (${before} before, ${before + delta} after)`,
    );
  }
  return result;
}
