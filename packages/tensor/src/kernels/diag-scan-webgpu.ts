/**
 * `OlrdDiagScan` on the tfjs `webgpu` backend. Like tfjs's own kernels, tiny inputs that still
 * live on the CPU are scanned there (`WEBGPU_CPU_FORWARD`): a dispatch costs ~0.1 ms, far more
 * than a T = 1 step. Otherwise {@link DiagScanProgram} runs once per output part.
 * Only types are imported from `@tensorflow/tfjs-backend-webgpu`.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { OlrdDiagScan, type OlrdDiagScanAttrs, type OlrdDiagScanInputs } from './kernel-names.js';
import { diagScanOnHost } from './diag-scan-values.js';
import { DiagScanProgram } from './diag-scan-webgpu-program.js';

function scanOnCpu(gpu: WebGPUBackend, inputs: OlrdDiagScanInputs, reverse: boolean): TensorInfo[] {
  return diagScanOnHost<TensorInfo>(inputs, reverse, {
    values: (info) => gpu.tensorMap.get(info.dataId).values as Float32Array,
    make: (shape, values) => gpu.makeTensorInfo(shape, 'float32', values),
  });
}

const diagScanWebGPU = (({ inputs, backend, attrs }) => {
  const scanInputs = inputs as OlrdDiagScanInputs;
  const { reverse } = attrs as unknown as OlrdDiagScanAttrs;
  const gpu = backend as WebGPUBackend;
  const { lambdaRe, lambdaIm, bRe, bIm } = scanInputs;
  const list = [lambdaRe, lambdaIm, bRe, bIm];
  if (gpu.shouldExecuteOnCPU(list)) return scanOnCpu(gpu, scanInputs, reverse);
  const run = (part: 0 | 1) =>
    gpu.runWebGPUProgram(
      new DiagScanProgram(bRe.shape),
      list,
      'float32',
      DiagScanProgram.uniformData(bRe.shape, reverse, part),
    );
  return [run(0), run(1)];
}) as KernelFunc;

/** `OlrdDiagScan` for backend `webgpu`. */
export const diagScanWebGPUConfig: KernelConfig = {
  kernelName: OlrdDiagScan,
  backendName: 'webgpu',
  kernelFunc: diagScanWebGPU,
};
