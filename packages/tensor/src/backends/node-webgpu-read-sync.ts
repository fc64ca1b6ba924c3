/**
 * tfjs-webgpu reads GPU data synchronously (`dataSync`, `arraySync`, `bufferSync`) through an
 * `OffscreenCanvas`, which Node does not have: the read dies with "OffscreenCanvas is not defined".
 * In Node this turns that into an error that says what to do instead; data still on the CPU is
 * read synchronously as before.
 */
const PATCHED = Symbol.for('olrd.webgpu.readSyncMessage');

type ReadSync = (dataId: object) => unknown;

/** Patches `WebGPUBackend.prototype.readSync` once per process (no-op where OffscreenCanvas exists). */
export function explainSyncReadsInNode(WebGPUBackend: { prototype: object }): void {
  const prototype = WebGPUBackend.prototype as { readSync: ReadSync; [PATCHED]?: true };
  if (
    prototype[PATCHED] ||
    typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined'
  )
    return;
  const readSync = prototype.readSync;
  prototype.readSync = function (this: unknown, dataId: object) {
    try {
      return readSync.call(this, dataId);
    } catch (error) {
      if (!(error instanceof ReferenceError) || !/OffscreenCanvas/.test(error.message)) throw error;
      throw new Error(
        'webgpu in Node cannot read GPU data synchronously (tfjs-webgpu needs OffscreenCanvas): ' +
          'use `await tensor.data()` / `await tensor.array()` instead of dataSync()/arraySync()/bufferSync()',
        { cause: error },
      );
    }
  };
  prototype[PATCHED] = true;
}
