/**
 * `OlrdDenseScan` and `OlrdDenseScanAdjoint` on the tfjs `cpu` and `wasm` backends, in JS: the
 * loops of dense-scan-values.ts over the backend's own memory (cpu: its typed arrays; wasm: views
 * of the heap). One kernel replaces the T matMul/add/activation ops per step that a stock-ops scan
 * runs, and the tape of all of them under autodiff (BPTT over a 784-step linear RNN).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { OlrdDenseScan, OlrdDenseScanAdjoint, type OlrdDenseScanAttrs } from './kernel-names.js';
import {
  denseScanAdjointValues,
  denseScanShapeOf,
  denseScanValues,
  type DenseScanShape,
} from './dense-scan-values.js';

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

/**
 * A kernel whose one output is shaped like its input `like`, filled by `fill` from the inputs'
 * memory: both dense-scan kernels, on either backend.
 */
function hostKernel(
  memory: (backend: unknown) => HostMemory,
  like: string,
  fill: (
    values: Record<string, Float32Array>,
    shape: DenseScanShape,
    attrs: OlrdDenseScanAttrs,
    out: Float32Array,
  ) => void,
): KernelFunc {
  return (({ inputs, backend, attrs }) => {
    const host = memory(backend);
    const named = inputs as Record<string, TensorInfo>;
    const out = host.output(named[like]!.shape);
    const values = Object.fromEntries(Object.entries(named).map(([k, v]) => [k, host.values(v)]));
    fill(
      values,
      denseScanShapeOf(out.shape),
      attrs as unknown as OlrdDenseScanAttrs,
      host.values(out),
    );
    return out;
  }) as KernelFunc;
}

const scanKernel = (memory: (backend: unknown) => HostMemory): KernelFunc =>
  hostKernel(memory, 'b', (v, shape, { activation }, h) =>
    denseScanValues(v['a']!, v['b']!, v['initial']!, shape, activation, h),
  );

const adjointKernel = (memory: (backend: unknown) => HostMemory): KernelFunc =>
  hostKernel(memory, 'g', (v, shape, { activation }, epsilon) =>
    denseScanAdjointValues(v['a']!, v['h']!, v['g']!, shape, activation, epsilon),
  );

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
