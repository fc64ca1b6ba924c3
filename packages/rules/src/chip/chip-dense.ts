/**
 * Dense layers of the chip learner (kernels [in, out] as spec 0), each output a sum of exact
 * products rounded once into its class.
 */
import { read, type ChipArray, type ChipNumerics } from './chip-numerics.js';

/** out[o] = bias[o] + Σ_i kernel[i, o]·x[i]. */
export function denseForward(
  numerics: ChipNumerics,
  x: ChipArray,
  kernel: ChipArray,
  bias: ChipArray,
  out: ChipArray,
  inDim: number,
  outDim: number,
): void {
  for (let o = 0; o < outDim; o++) {
    let sum = read(bias, o);
    for (let i = 0; i < inDim; i++) sum += read(kernel, i * outDim + o) * read(x, i);
    numerics.set(out, o, sum);
  }
}

/** gradKernel[i, o] += x[i]·dy[o] and gradBias[o] += dy[o]. */
export function denseGradient(
  numerics: ChipNumerics,
  x: ChipArray,
  dy: ChipArray,
  gradKernel: ChipArray,
  gradBias: ChipArray,
  inDim: number,
  outDim: number,
): void {
  for (let i = 0; i < inDim; i++) {
    const xi = read(x, i);
    for (let o = 0; o < outDim; o++) {
      const at = i * outDim + o;
      numerics.set(gradKernel, at, read(gradKernel, at) + xi * read(dy, o));
    }
  }
  for (let o = 0; o < outDim; o++) numerics.set(gradBias, o, read(gradBias, o) + read(dy, o));
}

/** dx[i] = Σ_o kernel[i, o]·dy[o]. */
export function denseInputError(
  numerics: ChipNumerics,
  kernel: ChipArray,
  dy: ChipArray,
  dx: ChipArray,
  inDim: number,
  outDim: number,
): void {
  for (let i = 0; i < inDim; i++) {
    let sum = 0;
    for (let o = 0; o < outDim; o++) sum += read(kernel, i * outDim + o) * read(dy, o);
    numerics.set(dx, i, sum);
  }
}
