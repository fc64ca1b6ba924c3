/**
 * tfjs-backend-wasm 4.22 runs BatchMatMul about 10× slower when `transposeA`/`transposeB` is set
 * (measured: [2400,128]ᵀ·[2400,64] 11.4 ms vs 1.7 ms with an explicit transpose first), and
 * autodiff's matmul gradients always set one of them. This wraps the wasm kernel so that a
 * transposed operand is materialised by the (fast) Transpose kernel and the plain matmul runs.
 */
import { tf } from '../tf.js';

const PATCHED = Symbol.for('olrd.wasmBatchMatMulFix');

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackendLike {
  disposeData(dataId: object): void;
}

/** Installs the wrapper once; a no-op when the wasm BatchMatMul kernel is absent. */
export function registerWasmBatchMatMulFix(): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (
    original === undefined ||
    transpose === undefined ||
    (original as unknown as Record<symbol, boolean>)[PATCHED]
  )
    return;
  const swapLast = (x: TensorInfoLike, backend: WasmBackendLike): TensorInfoLike => {
    const perm = x.shape.map((_, i) => i);
    const rank = perm.length;
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1] as number, perm[rank - 2] as number];
    return transpose.kernelFunc({
      inputs: { x } as never,
      backend: backend as never,
      attrs: { perm },
    }) as unknown as TensorInfoLike;
  };
  const kernelFunc: tf.KernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const inputs = args.inputs as unknown as { a: TensorInfoLike; b: TensorInfoLike };
    const a = transposeA ? swapLast(inputs.a, backend) : inputs.a;
    const b = transposeB ? swapLast(inputs.b, backend) : inputs.b;
    const out = original.kernelFunc({
      ...args,
      inputs: { a, b } as never,
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    if (transposeA) backend.disposeData(a.dataId);
    if (transposeB) backend.disposeData(b.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  const config = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[PATCHED] = true;
  tf.registerKernel(config);
}
