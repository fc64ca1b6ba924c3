/**
 * The copy task of the online-LRU paper (spec 1 §6, spec 3): a 7-bit pattern of length P is shown
 * on channels 0–6 at t ∈ [0, P), a stop flag appears on channel 7 at t = P + 7 (the reference's
 * hidden pad length is 7), and the model must reproduce the pattern at t ∈ [P + 8, 2P + 8).
 * Unlike the reference (torch's unseeded global RNG) the data is generated from an explicit seed.
 */
import { mulberry32 } from './prng.js';
import type { MaskedDenseSplit } from './split-types.js';

/** Steps of silence between the pattern and the stop flag (the reference's effective `pad_length`). */
export const COPY_PAD_LENGTH = 7;
/** Bits per pattern step (channels 0–6), i.e. binary outputs per step. */
export const COPY_BITS = 7;
/** Input channels: 7 pattern bits plus the stop flag on channel 7. */
export const COPY_INPUT_DIM = COPY_BITS + 1;

/** Sequence length of a copy sequence with pattern length `patternLength`: T = 2P + 8. */
export function copySeqLength(patternLength: number): number {
  return 2 * patternLength + COPY_PAD_LENGTH + 1;
}

/**
 * Generates `size` copy-task sequences.
 *
 * Each bit is an independent Bernoulli(½) draw (the top bit of a mulberry32 output). Sample i
 * depends only on `seed` and the draws before it, so a larger split extends a smaller one with the
 * same seed.
 *
 * @returns x `[size, T, 8]` float32, y `[size, T, 7]` int32 (the pattern at the last P steps, 0
 *   elsewhere), mask `[size, T]` float32 and validSteps `[size, 2]` (the last P steps).
 */
export function generateCopySplit(
  size: number,
  patternLength: number,
  seed: number,
): MaskedDenseSplit {
  const seqLength = copySeqLength(patternLength);
  const recallStart = patternLength + COPY_PAD_LENGTH + 1;
  const stopStep = patternLength + COPY_PAD_LENGTH;
  const x = new Float32Array(size * seqLength * COPY_INPUT_DIM);
  const y = new Int32Array(size * seqLength * COPY_BITS);
  const mask = new Float32Array(size * seqLength);
  const validSteps = new Int32Array(size * 2);
  const prng = mulberry32(seed);
  for (let sample = 0; sample < size; sample++) {
    const xBase = sample * seqLength * COPY_INPUT_DIM;
    const yBase = sample * seqLength * COPY_BITS;
    for (let t = 0; t < patternLength; t++) {
      for (let bit = 0; bit < COPY_BITS; bit++) {
        const value = prng.nextUint32() >>> 31;
        x[xBase + t * COPY_INPUT_DIM + bit] = value;
        y[yBase + (recallStart + t) * COPY_BITS + bit] = value;
      }
    }
    x[xBase + stopStep * COPY_INPUT_DIM + COPY_BITS] = 1;
    mask.fill(1, sample * seqLength + recallStart, (sample + 1) * seqLength);
    validSteps[2 * sample] = recallStart;
    validSteps[2 * sample + 1] = seqLength;
  }
  return {
    encoding: 'dense',
    x,
    y,
    mask,
    validSteps,
    size,
    xShape: [seqLength, COPY_INPUT_DIM],
    yShape: [seqLength, COPY_BITS],
  };
}
