/**
 * The pre-norm LayerNorm of the chip learner, forward and backward, without floats when the
 * state is fixed point: the mean and variance are integer divides rounded to nearest, the
 * standard deviation an integer square root (⌊√(var + ε)⌋ on the state's grid, at least one
 * step), and x̂ = (z − mean)/sd one more divide. Float states use double arithmetic rounded to
 * their format. The C export mirrors the fixed-point branch line for line.
 */
import { LAYER_NORM_EPSILON_CHIP } from './chip-constants.js';
import {
  divideNearest,
  integerSqrt,
  read,
  type ChipArray,
  type ChipNumerics,
} from './chip-numerics.js';

/**
 * Normalises z [H] into `xhat` [H] (state) and u = x̂ ⊙ scale + bias into `u` (state); returns
 * the standard deviation sd as a value (the backward pass divides by it).
 */
export function normForward(
  numerics: ChipNumerics,
  z: ChipArray,
  scale: ChipArray,
  bias: ChipArray,
  xhat: ChipArray,
  u: ChipArray,
  width: number,
): number {
  let sum = 0;
  for (let i = 0; i < width; i++) sum += read(z, i);
  let sd: number;
  if (numerics.isFixed('state')) {
    // Raw integers at the state's n fraction bits; the variance has 2n.
    const unit = 1 / z.scale;
    const meanRaw = divideNearest(sum * unit, width);
    let squares = 0;
    for (let i = 0; i < width; i++) {
      const centred = z.data[i]! - meanRaw;
      squares += centred * centred;
    }
    const epsilonRaw = Math.max(1, Math.round(LAYER_NORM_EPSILON_CHIP * unit * unit));
    const sdRaw = Math.max(1, integerSqrt(divideNearest(squares, width) + epsilonRaw));
    for (let i = 0; i < width; i++)
      numerics.setNearest(xhat, i, ((z.data[i]! - meanRaw) * unit) / sdRaw / unit);
    sd = sdRaw / unit;
  } else {
    const mean = sum / width;
    let squares = 0;
    for (let i = 0; i < width; i++) squares += (read(z, i) - mean) ** 2;
    sd = Math.sqrt(squares / width + LAYER_NORM_EPSILON_CHIP);
    for (let i = 0; i < width; i++) numerics.setNearest(xhat, i, (read(z, i) - mean) / sd);
  }
  for (let i = 0; i < width; i++)
    numerics.set(u, i, read(xhat, i) * read(scale, i) + read(bias, i));
  return sd;
}

/**
 * LayerNorm backward from ∂L/∂u (`dU`, errors): gradScale += dU ⊙ x̂, gradBias += dU, and
 * dz += (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂))/sd with dx̂ = dU ⊙ scale. `dxhat` is scratch
 * (errors); `dz` holds the residual's error on entry and is added to.
 */
export function normBackward(
  numerics: ChipNumerics,
  dU: ChipArray,
  xhat: ChipArray,
  sd: number,
  scale: ChipArray,
  gradScale: ChipArray,
  gradBias: ChipArray,
  dxhat: ChipArray,
  dz: ChipArray,
  width: number,
): void {
  let sumGrad = 0;
  let sumGradXhat = 0;
  for (let i = 0; i < width; i++) {
    const g = read(dU, i);
    const xh = read(xhat, i);
    numerics.set(gradScale, i, read(gradScale, i) + g * xh);
    numerics.set(gradBias, i, read(gradBias, i) + g);
    numerics.set(dxhat, i, g * read(scale, i));
    const stored = read(dxhat, i);
    sumGrad += stored;
    sumGradXhat += stored * xh;
  }
  // Quotients round to nearest, as the C export's integer divides do.
  const meanGrad = numerics.valueNearest('errors', sumGrad / width);
  const meanGradXhat = numerics.valueNearest('errors', sumGradXhat / width);
  for (let i = 0; i < width; i++) {
    const bracket = read(dxhat, i) - meanGrad - read(xhat, i) * meanGradXhat;
    const term = numerics.valueNearest('errors', bracket / sd);
    numerics.set(dz, i, read(dz, i) + term);
  }
}
