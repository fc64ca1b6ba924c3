/**
 * Where the wasm backend finds its `.wasm` binaries. tfjs-backend-wasm fetches them next to the
 * script that loaded it, which a bundler breaks (the binaries become hashed assets elsewhere), and
 * its own `setWasmPaths` must configure the very module instance `initBackend` loads, which an app
 * cannot import when `@tensorflow/tfjs-backend-wasm` is only a dependency of this package. So the
 * setting is kept here, process-wide, and handed to tfjs when the wasm package is loaded.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The three binaries of tfjs-backend-wasm 4.22 (plain, SIMD, threaded SIMD). */
export const WASM_BINARY_NAMES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** One of {@link WASM_BINARY_NAMES}. */
export type WasmBinaryName = (typeof WASM_BINARY_NAMES)[number];

/**
 * A folder (URL or, in Node, file path; ends with `/`) holding all three binaries under their own
 * names, or the URL of each binary.
 */
export type WasmPaths = string | Readonly<Record<WasmBinaryName, string>>;

/** Options of {@link setWasmPaths}. */
export interface WasmPathOptions {
  /** Fetch the binaries with the platform's `fetch` (tfjs's `usePlatformFetch`); default false. */
  usePlatformFetch?: boolean;
}

/** The part of the tfjs-backend-wasm module this file talks to. */
export interface WasmBackendModule {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
}

interface WasmPathState {
  setting?: { paths: WasmPaths; usePlatformFetch: boolean };
  /** The loaded tfjs-backend-wasm module, once a loader imported it. */
  module?: WasmBackendModule;
}

// On globalThis, like the backend state, so two copies of this package agree.
const STATE_KEY = Symbol.for('olrd.wasmPaths');

function wasmPathState(): WasmPathState {
  const holder = globalThis as { [STATE_KEY]?: WasmPathState };
  return (holder[STATE_KEY] ??= {});
}

function checkPaths(paths: WasmPaths): void {
  if (typeof paths === 'string') {
    if (paths === '') throw new TypeError('setWasmPaths: the folder must not be empty');
    return;
  }
  const missing = WASM_BINARY_NAMES.filter(
    (name) => typeof paths?.[name] !== 'string' || paths[name] === '',
  );
  if (missing.length > 0)
    throw new TypeError(
      `setWasmPaths: give a URL for every binary (missing ${missing.join(', ')}), or one folder`,
    );
}

function hand(module: WasmBackendModule, setting: NonNullable<WasmPathState['setting']>): void {
  const paths = typeof setting.paths === 'string' ? setting.paths : { ...setting.paths };
  module.setWasmPaths(paths, setting.usePlatformFetch);
}

/**
 * Sets where the wasm backend loads its `.wasm` binaries from. Call it before the first
 * `initBackend('wasm')`, `initBackend('auto')` or `probeBackends()` in the process (the binaries
 * are fetched when the backend initialises); afterwards it throws. Without it tfjs looks next to
 * its own script, which is right in Node and for unbundled pages.
 *
 * @throws TypeError for an empty folder or a map that misses a binary; Error when the wasm
 *   backend is already initialised.
 * @example
 * ```ts
 * // Vite: the binaries become hashed assets; hand their URLs over, then start the backend.
 * import { initBackend, setWasmPaths } from '@olrd/tensor';
 * import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
 * import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
 * import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
 * setWasmPaths({
 *   'tfjs-backend-wasm.wasm': plain,
 *   'tfjs-backend-wasm-simd.wasm': simd,
 *   'tfjs-backend-wasm-threaded-simd.wasm': threaded,
 * });
 * await initBackend('wasm');
 * // Or a folder that serves all three under their own names:
 * // setWasmPaths('https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@4.22.0/dist/');
 * ```
 */
export function setWasmPaths(paths: WasmPaths, options: WasmPathOptions = {}): void {
  checkPaths(paths);
  if (tf.findBackend('wasm') != null) {
    throw new Error(
      "setWasmPaths: the wasm backend is already initialised; call it before the first initBackend('wasm' or 'auto') or probeBackends()",
    );
  }
  const state = wasmPathState();
  state.setting = { paths, usePlatformFetch: options.usePlatformFetch ?? false };
  // The package may be loaded already (a probe that failed before the backend came up).
  if (state.module) hand(state.module, state.setting);
}

/** The current setting (undefined: tfjs's default, next to its script). */
export function wasmPaths(): WasmPaths | undefined {
  return wasmPathState().setting?.paths;
}

/** Called by the wasm loader with the module it imported: applies the setting before init. */
export function applyWasmPaths(module: WasmBackendModule): void {
  const state = wasmPathState();
  state.module = module;
  if (state.setting) hand(module, state.setting);
}
