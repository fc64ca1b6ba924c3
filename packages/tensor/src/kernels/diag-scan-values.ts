/**
 * The diagonal complex scan over flat float32 arrays: the one JS loop shared by the cpu and wasm
 * kernels (and the webgpu kernel's CPU forwarding of tiny inputs). Each (batch, unit) chain runs
 * with its state in local float64 numbers, rounded once per store, so the result is at least as
 * accurate as float32 stock ops. Chain-major order measured 1.5× faster than time-major with
 * state arrays (0.46 vs 0.69 ms at [50, 48, 64] in Node 20).
 */

/** Shape of a `[B, T, N]` scan input. */
export interface ScanShape {
  batch: number;
  time: number;
  units: number;
}

/**
 * Writes h (re, im) of `h_t = λ ⊙ h_{t∓1} + b_t` into `outRe`/`outIm` (same layout as `bRe`).
 * Inputs are read only; `outRe`/`outIm` must not alias them.
 */
export function diagScanValues(
  lambdaRe: ArrayLike<number>,
  lambdaIm: ArrayLike<number>,
  bRe: ArrayLike<number>,
  bIm: ArrayLike<number>,
  { batch, time, units }: ScanShape,
  reverse: boolean,
  outRe: Float32Array,
  outIm: Float32Array,
): void {
  const first = reverse ? time - 1 : 0;
  const stride = reverse ? -units : units;
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < units; n++) {
      const ar = lambdaRe[n]!;
      const ai = lambdaIm[n]!;
      let hRe = 0;
      let hIm = 0;
      let i = (b * time + first) * units + n;
      for (let step = 0; step < time; step++, i += stride) {
        const nextRe = ar * hRe - ai * hIm + bRe[i]!;
        hIm = ar * hIm + ai * hRe + bIm[i]!;
        hRe = nextRe;
        outRe[i] = hRe;
        outIm[i] = hIm;
      }
    }
  }
}

/** `[B, T, N]` of a scan input's shape. */
export function scanShapeOf(shape: readonly number[]): ScanShape {
  return { batch: shape[0] ?? 0, time: shape[1] ?? 0, units: shape[2] ?? 0 };
}

/** How a backend keeps data on the host: read an input's values, wrap output values. */
export interface HostTensorAccess<Info> {
  values(info: Info): Float32Array;
  make(shape: number[], values: Float32Array): Info;
}

/**
 * Runs the scan on host-resident inputs (lambdaRe, lambdaIm, bRe, bIm) of a backend, returning
 * the two outputs [re, im]. Shared by the cpu kernel and webgpu's forwarding of tiny inputs.
 */
export function diagScanOnHost<Info extends { shape: number[] }>(
  inputs: { lambdaRe: Info; lambdaIm: Info; bRe: Info; bIm: Info },
  reverse: boolean,
  access: HostTensorAccess<Info>,
): [Info, Info] {
  const { lambdaRe, lambdaIm, bRe, bIm } = inputs;
  const size = bRe.shape.reduce((a, b) => a * b, 1);
  const outRe = new Float32Array(size);
  const outIm = new Float32Array(size);
  diagScanValues(
    access.values(lambdaRe),
    access.values(lambdaIm),
    access.values(bRe),
    access.values(bIm),
    scanShapeOf(bRe.shape),
    reverse,
    outRe,
    outIm,
  );
  return [access.make(bRe.shape, outRe), access.make(bRe.shape, outIm)];
}
