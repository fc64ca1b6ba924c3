/**
 * Registers olrd's fused kernels (and their gradients) for one tfjs backend. Idempotent and safe
 * with two copies of this package loaded: tfjs's registry is already process-global, and olrd's
 * own record of what it registered lives on `globalThis` under `Symbol.for('olrd.kernels')`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs-core';
import { diagScanCpuConfig } from './diag-scan-cpu.js';
import { diagScanWasmConfig } from './diag-scan-wasm.js';
import { diagScanWebGPUConfig } from './diag-scan-webgpu.js';
import { diagScanGradConfig } from './diag-scan-grad.js';
import { denseScanCpuConfigs, denseScanWasmConfigs } from './dense-scan-host.js';
import { denseScanGradConfig } from './dense-scan-grad.js';
import { registerWasmBatchMatMulFix } from './batch-mat-mul-wasm-fix.js';

/** One list per tfjs backend name; backends not listed (e.g. `tensorflow`, `webgl`) use composites. */
const KERNELS_BY_BACKEND: Readonly<Record<string, readonly KernelConfig[]>> = Object.freeze({
  cpu: [diagScanCpuConfig, ...denseScanCpuConfigs],
  wasm: [diagScanWasmConfig, ...denseScanWasmConfigs],
  webgpu: [diagScanWebGPUConfig],
});

const GRADIENTS: readonly GradConfig[] = [diagScanGradConfig, denseScanGradConfig];

const REGISTRY_KEY = Symbol.for('olrd.kernels');

/** backend name → names of the olrd kernels registered for it. */
type KernelRecord = Map<string, Set<string>>;

function kernelRecord(): KernelRecord {
  const holder = globalThis as { [REGISTRY_KEY]?: KernelRecord };
  return (holder[REGISTRY_KEY] ??= new Map());
}

/**
 * Names of the fused kernels olrd ships for a tfjs backend name (e.g. `['OlrdDiagScan']` for
 * `'cpu'`); empty for backends that run the composite versions.
 */
export function olrdKernelNames(backendName: string): string[] {
  return (KERNELS_BY_BACKEND[backendName] ?? []).map((config) => config.kernelName);
}

/**
 * Registers olrd's fused kernels for the tfjs backend `backendName` and the kernels' gradients.
 * `initBackend` calls this; call it yourself only after `tf.setBackend(...)` outside `initBackend`.
 * Cheap to repeat. Returns the kernel names now registered for that backend (possibly empty).
 */
export function registerOlrdKernels(backendName: string): string[] {
  for (const config of GRADIENTS) {
    if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
  }
  const names = kernelRecord().get(backendName) ?? new Set<string>();
  for (const config of KERNELS_BY_BACKEND[backendName] ?? []) {
    if (tf.getKernel(config.kernelName, backendName) == null) tf.registerKernel(config);
    names.add(config.kernelName);
  }
  kernelRecord().set(backendName, names);
  if (backendName === 'wasm') registerWasmBatchMatMulFix();
  return [...names];
}
