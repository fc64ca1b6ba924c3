/**
 * The backend names users type (CLI `--device`, configs, the web app) and the one frozen table
 * that maps each to the tfjs backend it runs on.
 */

/**
 * A backend name accepted by `initBackend`:
 * - `cpu`: tfjs pure JS; `wasm`: tfjs WebAssembly (SIMD; single-threaded in Node);
 * - `webgpu`: the browser's `navigator.gpu`, or in Node (via `@olrd/tensor/node`) Dawn from the
 *   `webgpu` npm package, which also runs on a software adapter;
 * - `webgl`: browser only, needs `@tensorflow/tfjs-backend-webgl` imported by the app;
 * - `tensorflow`: `@tensorflow/tfjs-node` (CPU libtensorflow, Node only);
 * - `cuda`: `@tensorflow/tfjs-node-gpu` (CUDA libtensorflow, Node only);
 * - `auto`: the fastest that comes up, in a measured order (see `initBackend`).
 */
export type BackendName = 'auto' | 'cpu' | 'wasm' | 'webgpu' | 'webgl' | 'tensorflow' | 'cuda';

/** A concrete backend name: what `initBackend` resolves `auto` to. */
export type ResolvedBackendName = Exclude<BackendName, 'auto'>;

/** Every concrete backend name, in the order used for listings. */
export const RESOLVED_BACKEND_NAMES: readonly ResolvedBackendName[] = Object.freeze([
  'cpu',
  'wasm',
  'webgpu',
  'webgl',
  'tensorflow',
  'cuda',
]);

/**
 * The tfjs backend each name runs on. `cuda` and `tensorflow` share tfjs's `'tensorflow'`: it is the
 * name that tfjs-node and tfjs-node-gpu both register under.
 */
export const TFJS_BACKEND_OF: Readonly<Record<ResolvedBackendName, string>> = Object.freeze({
  cpu: 'cpu',
  wasm: 'wasm',
  webgpu: 'webgpu',
  webgl: 'webgl',
  tensorflow: 'tensorflow',
  cuda: 'tensorflow',
});

/** True for the names `initBackend` accepts (including `auto`). */
export function isBackendName(value: unknown): value is BackendName {
  return value === 'auto' || (RESOLVED_BACKEND_NAMES as readonly unknown[]).includes(value);
}
