/**
 * Loaders of the browser-safe main entry: tfjs backend packages are imported dynamically, so an
 * app pays only for the backends it asks for. No Node built-ins and no `webgpu` npm package here.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedBackendName } from './backend-name.js';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import type { BackendLoader } from './backend-environment.js';
import { BROWSER_HINTS } from './install-hints.js';
import { describeAdapter, isSoftwareAdapter, navigatorGpu } from './webgpu-adapter.js';
import { loadWebGPUBackendPackage } from './webgpu-backend-package.js';
import { applyWasmPaths } from './wasm-paths.js';

/** Imports the tfjs cpu backend package (registers tfjs backend `cpu`). */
export const loadCpu: BackendLoader = async () => {
  await import('@tensorflow/tfjs-backend-cpu');
};

/**
 * Imports the tfjs wasm backend package (registers tfjs backend `wasm`) and hands it the binaries'
 * location set with `setWasmPaths`, before `tf.setBackend` initialises it.
 */
export const loadWasm: BackendLoader = async () => {
  applyWasmPaths(await import('@tensorflow/tfjs-backend-wasm'));
};

function webgpuLoader(
  hints: Readonly<Record<ResolvedBackendName, string>>,
  hardwareOnly: boolean,
): BackendLoader {
  return async () => {
    const gpu = navigatorGpu();
    if (gpu == null)
      throw BackendUnavailableError.forBackend(
        'webgpu',
        'navigator.gpu is missing (no WebGPU here)',
        hints.webgpu,
      );
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter == null)
      throw BackendUnavailableError.forBackend(
        'webgpu',
        'navigator.gpu found no adapter',
        hints.webgpu,
      );
    if (hardwareOnly && isSoftwareAdapter(adapter)) {
      const reason = `only a software adapter (${describeAdapter(adapter)}), which auto skips: it is slower than wasm`;
      throw BackendUnavailableError.forBackend(
        'webgpu',
        reason,
        "ask for 'webgpu' by name to use it anyway",
      );
    }
    await loadWebGPUBackendPackage();
  };
}

/** Uses `navigator.gpu` (any adapter) with `hints` in its errors. */
export const makeWebGPULoader = (
  hints: Readonly<Record<ResolvedBackendName, string>>,
): BackendLoader => webgpuLoader(hints, false);

/** Like {@link makeWebGPULoader} but refuses software adapters (for `auto`). */
export const makeHardwareWebGPULoader = (
  hints: Readonly<Record<ResolvedBackendName, string>>,
): BackendLoader => webgpuLoader(hints, true);

/** WebGL needs the app to import `@tensorflow/tfjs-backend-webgl` itself (no dependency here). */
export const loadWebGL: BackendLoader = async () => {
  if (tf.findBackendFactory('webgl') == null) {
    const reason =
      "no tfjs 'webgl' backend is registered (@tensorflow/tfjs-backend-webgl was not imported)";
    throw BackendUnavailableError.forBackend('webgl', reason, BROWSER_HINTS.webgl);
  }
};
