/**
 * The backends of the `./node` entry. `auto` order: cuda, tensorflow (native libtensorflow), then
 * wasm, then cpu. WebGPU is left out of `auto`: Dawn in Node here only finds software adapters
 * (Mesa llvmpipe; SwiftShader), and they were slower than wasm on every olrd workload measured
 * (Node 20, 2 cores, llvmpipe via OpenGL ES): diagScan forward+backward at [50, 48, 64] 15.9 vs
 * 5.9 ms, an LRU layer (H = 128, N = 64) forward+backward at B = 50, T = 48 131 vs 87 ms, a
 * B = 1, T = 1 streaming step 11.4 vs 0.6 ms, 512² matMul 42–66 vs 9.4 ms (spec 4). Node users who
 * want WebGPU (e.g. a real GPU through Vulkan) ask for 'webgpu' by name.
 */
import type { BackendEnvironment } from './backend-environment.js';
import { NODE_HINTS } from './install-hints.js';
import { loadCpu, loadWasm } from './browser-loaders.js';
import { NODE_LOADERS } from './node-loaders.js';

/** The `./node` entry's {@link BackendEnvironment}. */
export const NODE_ENVIRONMENT: BackendEnvironment = Object.freeze({
  loaders: Object.freeze({ cpu: loadCpu, wasm: loadWasm, ...NODE_LOADERS }),
  autoLoaders: Object.freeze({}),
  autoOrder: Object.freeze(['cuda', 'tensorflow', 'wasm', 'cpu'] as const),
  hints: NODE_HINTS,
  listed: Object.freeze(['cpu', 'wasm', 'webgpu', 'tensorflow', 'cuda'] as const),
});
