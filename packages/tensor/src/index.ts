/**
 * `@olrd/tensor`: the one backend-agnostic tensor interface of olrd (browser-safe entry).
 * Node-only backends (WebGPU through Dawn, tfjs-node, tfjs-node-gpu) are in `@olrd/tensor/node`.
 */
export { tf } from './tf.js';
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Scalar, Variable, Rank } from './tf.js';
export { diagScan, hasFusedDiagScan } from './diag-scan.js';
export type { DiagScanOptions } from './diag-scan.js';
export { diagScanComposite } from './diag-scan-composite.js';
export { denseScan, denseScanComposite, hasFusedDenseScan } from './dense-scan.js';
export type { DenseScanOptions } from './dense-scan.js';
export { initBackend, probeBackends, listBackends } from './backends/init-backend.js';
export { currentBackend } from './backends/current-backend.js';
export { setWasmPaths, WASM_BINARY_NAMES } from './backends/wasm-paths.js';
export type { WasmBinaryName, WasmPathOptions, WasmPaths } from './backends/wasm-paths.js';
export { isBackendName, TFJS_BACKEND_OF } from './backends/backend-name.js';
export type { BackendName, ResolvedBackendName } from './backends/backend-name.js';
export { BackendUnavailableError } from './backends/backend-unavailable-error.js';
export type { BackendFailure } from './backends/backend-unavailable-error.js';
export type { BackendProbe } from './backends/probe-backends.js';
export { registerOlrdKernels, olrdKernelNames } from './kernels/register-kernels.js';
// Every kernel name and its input/attribute types are public.
export * from './kernels/kernel-names.js';
export {
  allFinite,
  disposeTree,
  cloneTree,
  mapTree,
  forEachTensor,
  numTensors,
  tidyTree,
} from './memory/tensor-tree.js';
export type { TensorTree } from './memory/tensor-tree.js';
export { treeFromSafetensors, treeToSafetensors } from './memory/tree-safetensors.js';
export type { FlatTree } from './memory/tree-safetensors.js';
export { CheckpointError } from './safetensors/checkpoint-error.js';
export { parseSafetensors } from './safetensors/safetensors-parse.js';
export { serializeSafetensors } from './safetensors/safetensors-serialize.js';
export {
  formatShape,
  shapeSize,
  SAFETENSORS_DTYPE_BYTES,
} from './safetensors/safetensors-types.js';
export {
  bfloat16ToFloat,
  floatTensor,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
  tensorToFloat32,
} from './safetensors/safetensors-floats.js';
export type {
  SafetensorsBF16,
  SafetensorsDtype,
  SafetensorsF16,
  SafetensorsF32,
  SafetensorsF64,
  SafetensorsFile,
  SafetensorsFloatDtype,
  SafetensorsI32,
  SafetensorsTensor,
} from './safetensors/safetensors-types.js';
