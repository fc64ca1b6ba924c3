/**
 * Points the wasm backend at its .wasm binaries, which Vite emits as hashed assets (`?url`):
 * tfjs-backend-wasm would look next to the bundled script and fail to start. `setWasmPaths` from
 * @olrd/tensor hands the URLs to the copy of tfjs-backend-wasm that `initBackend` loads. The
 * package is a dependency of @olrd/tensor, not of this app, so `vite.config.ts` resolves these
 * three asset paths from @olrd/tensor.
 */
import { setWasmPaths } from '@olrd/tensor';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Must run before the first `initBackend('wasm')` (or a probe). */
export function configureWasmPaths(): void {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
  });
}
