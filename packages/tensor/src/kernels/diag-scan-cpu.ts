/**
 * `OlrdDiagScan` on the tfjs `cpu` backend: one pass of the shared JS loop over the backend's
 * own typed arrays (no copies in), two fresh float32 outputs. Only a type is imported from
 * `@tensorflow/tfjs-backend-cpu`, so this file never pulls the backend in by itself.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { OlrdDiagScan, type OlrdDiagScanAttrs, type OlrdDiagScanInputs } from './kernel-names.js';
import { diagScanValues, scanShapeOf } from './diag-scan-values.js';

const diagScanCpu = (({ inputs, backend, attrs }) => {
  const { lambdaRe, lambdaIm, bRe, bIm } = inputs as OlrdDiagScanInputs;
  const { reverse } = attrs as unknown as OlrdDiagScanAttrs;
  const cpu = backend as MathBackendCPU;
  const values = (info: TensorInfo) => cpu.data.get(info.dataId)!.values as Float32Array;
  const size = bRe.shape.reduce((a, b) => a * b, 1);
  const outRe = new Float32Array(size);
  const outIm = new Float32Array(size);
  diagScanValues(
    values(lambdaRe),
    values(lambdaIm),
    values(bRe),
    values(bIm),
    scanShapeOf(bRe.shape),
    reverse,
    outRe,
    outIm,
  );
  return [
    cpu.makeTensorInfo(bRe.shape, 'float32', outRe),
    cpu.makeTensorInfo(bRe.shape, 'float32', outIm),
  ];
}) as KernelFunc;

/** `OlrdDiagScan` for backend `cpu`. */
export const diagScanCpuConfig: KernelConfig = {
  kernelName: OlrdDiagScan,
  backendName: 'cpu',
  kernelFunc: diagScanCpu,
};
