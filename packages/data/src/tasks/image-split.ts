/**
 * Building byte-image splits: `x [n, T, d]` u8 with a per-channel affine map, one sequence label,
 * and every step valid (spec 3: images use the whole sequence).
 */
import type { Uint8Split } from '../split-types.js';

/**
 * A {@link Uint8Split} over `count` sequences of `seqLength × inputDim` bytes.
 *
 * @param scale - per-channel scale (length inputDim), or one value for every channel
 * @param offset - per-channel offset, or one value for every channel
 */
export function imageSplit(
  x: Uint8Array,
  labels: ArrayLike<number>,
  seqLength: number,
  inputDim: number,
  scale: number | readonly number[],
  offset: number | readonly number[],
): Uint8Split {
  const count = labels.length;
  const validSteps = new Int32Array(count * 2);
  for (let i = 0; i < count; i++) validSteps[2 * i + 1] = seqLength;
  const perChannel = (value: number | readonly number[]) =>
    Float32Array.from({ length: inputDim }, (_, c) =>
      typeof value === 'number' ? value : value[c]!,
    );
  return {
    encoding: 'uint8',
    x,
    scale: perChannel(scale),
    offset: perChannel(offset),
    y: Int32Array.from(labels),
    yShape: [],
    validSteps,
    size: count,
    xShape: [seqLength, inputDim],
  };
}
