/**
 * The `./node` entry's `initBackend`, `probeBackends` and `listBackends`: the main entry's plus
 * WebGPU through Dawn (`webgpu` npm package) and the native `tensorflow`/`cuda` backends.
 */
import type { BackendName, ResolvedBackendName } from './backend-name.js';
import { NODE_ENVIRONMENT } from './node-environment.js';
import { resolveBackend } from './resolve-backend.js';
import { probeBackendsIn, type BackendProbe } from './probe-backends.js';

/**
 * Makes `name` the active tfjs backend in Node and registers olrd's fused kernels for it; resolves
 * to the backend that came up. `'auto'` (default) tries cuda, tensorflow, wasm, cpu, in that order
 * (never webgpu: Node only has software adapters here, slower than wasm). An explicitly named
 * backend never falls back. `'webgpu'` installs `navigator.gpu` from the `webgpu` npm package
 * (Mesa OpenGL ES with EGL_PLATFORM=surfaceless, else Vulkan, e.g. SwiftShader with
 * VK_ICD_FILENAMES) and keeps it referenced for the life of the process. `'tensorflow'` and
 * `'cuda'` load `@tensorflow/tfjs-node` / `-gpu` (both tfjs backend `'tensorflow'`, where olrd
 * ops run as composites). Repeating a call is cheap; switching works. Calls are serialised.
 *
 * @throws BackendUnavailableError naming what to install (e.g. `pnpm add @tensorflow/tfjs-node-gpu@4.22.0`,
 *   CUDA 11.2 + cuDNN 8.1) when the backend (or, for `auto`, every candidate) cannot come up;
 *   TypeError for an unknown name.
 * @example
 * ```ts
 * import { initBackend, diagScan, tf } from '@olrd/tensor/node';
 * const name = await initBackend(); // e.g. 'wasm' where tfjs-node is not installed
 * const [hRe, hIm] = tf.tidy(() =>
 *   diagScan(tf.tensor1d([0.9]), tf.tensor1d([0.1]), tf.ones([1, 4, 1]) as tf.Tensor3D, tf.zeros([1, 4, 1]) as tf.Tensor3D),
 * );
 * console.log(name, hRe.shape); // wasm [1, 4, 1]
 * tf.dispose([hRe, hIm]);
 * ```
 */
export function initBackend(name: BackendName = 'auto'): Promise<ResolvedBackendName> {
  return resolveBackend(NODE_ENVIRONMENT, name);
}

/**
 * Tries every backend of the Node entry (cpu, wasm, webgpu, tensorflow, cuda) and reports which
 * come up, with reasons and install hints for the rest. Restores the previously active backend.
 */
export function probeBackends(): Promise<BackendProbe[]> {
  return probeBackendsIn(NODE_ENVIRONMENT);
}

/** The backend names the Node entry knows, without trying them. */
export function listBackends(): readonly ResolvedBackendName[] {
  return NODE_ENVIRONMENT.listed;
}
