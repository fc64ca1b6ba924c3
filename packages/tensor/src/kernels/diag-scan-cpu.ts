/**
 * `OlrdDiagScan` on the tfjs `cpu` backend: one pass of the shared JS loop over the backend's
 * own typed arrays (no copies in), two fresh float32 outputs. Only a type is imported from
 * `@tensorflow/tfjs-backend-cpu`, so this file never pulls the backend in by itself.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { OlrdDiagScan, type OlrdDiagScanAttrs, type OlrdDiagScanInputs } from './kernel-names.js';
import { diagScanOnHost } from './diag-scan-values.js';

const diagScanCpu = (({ inputs, backend, attrs }) => {
  const { reverse } = attrs as unknown as OlrdDiagScanAttrs;
  const cpu = backend as MathBackendCPU;
  return diagScanOnHost<TensorInfo>(inputs as OlrdDiagScanInputs, reverse, {
    values: (info) => cpu.data.get(info.dataId)!.values as Float32Array,
    make: (shape, values) => cpu.makeTensorInfo(shape, 'float32', values),
  });
}) as KernelFunc;

/** `OlrdDiagScan` for backend `cpu`. */
export const diagScanCpuConfig: KernelConfig = {
  kernelName: OlrdDiagScan,
  backendName: 'cpu',
  kernelFunc: diagScanCpu,
};
