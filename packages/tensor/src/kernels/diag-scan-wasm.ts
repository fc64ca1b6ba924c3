/**
 * `OlrdDiagScan` on the tfjs `wasm` backend, written in JS: the shared loop reads the inputs
 * straight from the wasm heap and writes into outputs allocated there. A C++ kernel would need
 * a custom build of tfjs-backend-wasm; a JIT-compiled loop over B·N sequential chains is already
 * memory-bound at our sizes.
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { OlrdDiagScan, type OlrdDiagScanAttrs, type OlrdDiagScanInputs } from './kernel-names.js';
import { diagScanValues, scanShapeOf } from './diag-scan-values.js';

const diagScanWasm = (({ inputs, backend, attrs }) => {
  const { lambdaRe, lambdaIm, bRe, bIm } = inputs as OlrdDiagScanInputs;
  const { reverse } = attrs as unknown as OlrdDiagScanAttrs;
  const wasm = backend as BackendWasm;
  // Allocate before taking views: malloc may grow the heap and detach earlier views.
  const hRe = wasm.makeOutput(bRe.shape, 'float32');
  const hIm = wasm.makeOutput(bRe.shape, 'float32');
  const view = wasm.typedArrayFromHeap.bind(wasm);
  diagScanValues(
    view(lambdaRe),
    view(lambdaIm),
    view(bRe),
    view(bIm),
    scanShapeOf(bRe.shape),
    reverse,
    view(hRe) as Float32Array,
    view(hIm) as Float32Array,
  );
  return [hRe, hIm];
}) as KernelFunc;

/** `OlrdDiagScan` for backend `wasm`. */
export const diagScanWasmConfig: KernelConfig = {
  kernelName: OlrdDiagScan,
  backendName: 'wasm',
  kernelFunc: diagScanWasm,
};
