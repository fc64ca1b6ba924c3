/**
 * `OlrdDenseScan` and `OlrdDenseScanAdjoint` on the tfjs `cpu` and `wasm` backends, in JS: the
 * loops of dense-scan-values.ts over the backend's own memory (cpu: its typed arrays; wasm: views
 * of the heap). One kernel replaces the T matMul/add/activation ops per step that a stock-ops scan
 * runs, and the tape of all of them under autodiff (BPTT over a 784-step linear RNN).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  OlrdDenseScan,
  OlrdDenseScanAdjoint,
  type OlrdDenseScanAdjointInputs,
  type OlrdDenseScanAttrs,
  type OlrdDenseScanInputs,
} from './kernel-names.js';
import { denseScanAdjointValues, denseScanShapeOf, denseScanValues } from './dense-scan-values.js';

/** How a kernel reads an input and makes its output on one backend. */
interface HostMemory {
  /** Allocates the output first (wasm: malloc may grow the heap and detach earlier views). */
  output(shape: number[]): TensorInfo;
  values(info: TensorInfo): Float32Array;
}

function cpuMemory(backend: unknown): HostMemory {
  const cpu = backend as MathBackendCPU;
  return {
    output: (shape) =>
      cpu.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((x, y) => x * y, 1))),
    values: (info) => cpu.data.get(info.dataId)!.values as Float32Array,
  };
}

function wasmMemory(backend: unknown): HostMemory {
  const wasm = backend as BackendWasm;
  return {
    output: (shape) => wasm.makeOutput(shape, 'float32'),
    values: (info) => wasm.typedArrayFromHeap(info) as Float32Array,
  };
}

function scanKernel(memory: (backend: unknown) => HostMemory): KernelFunc {
  return (({ inputs, backend, attrs }) => {
    const { a, b, initial } = inputs as OlrdDenseScanInputs;
    const { activation } = attrs as unknown as OlrdDenseScanAttrs;
    const host = memory(backend);
    const h = host.output(b.shape);
    const shape = denseScanShapeOf(b.shape);
    denseScanValues(
      host.values(a),
      host.values(b),
      host.values(initial),
      shape,
      activation,
      host.values(h),
    );
    return h;
  }) as KernelFunc;
}

function adjointKernel(memory: (backend: unknown) => HostMemory): KernelFunc {
  return (({ inputs, backend, attrs }) => {
    const { a, h, g } = inputs as OlrdDenseScanAdjointInputs;
    const { activation } = attrs as unknown as OlrdDenseScanAttrs;
    const host = memory(backend);
    const epsilon = host.output(g.shape);
    const shape = denseScanShapeOf(g.shape);
    denseScanAdjointValues(
      host.values(a),
      host.values(h),
      host.values(g),
      shape,
      activation,
      host.values(epsilon),
    );
    return epsilon;
  }) as KernelFunc;
}

/** Both dense-scan kernels for backend `cpu`. */
export const denseScanCpuConfigs: KernelConfig[] = [
  { kernelName: OlrdDenseScan, backendName: 'cpu', kernelFunc: scanKernel(cpuMemory) },
  { kernelName: OlrdDenseScanAdjoint, backendName: 'cpu', kernelFunc: adjointKernel(cpuMemory) },
];

/** Both dense-scan kernels for backend `wasm`. */
export const denseScanWasmConfigs: KernelConfig[] = [
  { kernelName: OlrdDenseScan, backendName: 'wasm', kernelFunc: scanKernel(wasmMemory) },
  { kernelName: OlrdDenseScanAdjoint, backendName: 'wasm', kernelFunc: adjointKernel(wasmMemory) },
];
