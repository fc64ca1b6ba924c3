/**
 * Points tfjs-backend-wasm at its .wasm binaries, which Vite emits as hashed assets (`?url`).
 * Without this the backend looks next to the bundled script and fails to start. The package is
 * not a dependency of this app: `vite.config.ts` aliases it to the copy @olrd/tensor imports, so
 * this configures the very module instance that `initBackend('wasm')` loads.
 */
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured: Promise<void> | undefined;

/** Must finish before the first `initBackend('wasm')` (or a probe); repeated calls share one. */
export function configureWasmPaths(): Promise<void> {
  configured ??= import('@tensorflow/tfjs-backend-wasm').then(({ setWasmPaths }) =>
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainUrl,
      'tfjs-backend-wasm-simd.wasm': simdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
    }),
  );
  return configured;
}
