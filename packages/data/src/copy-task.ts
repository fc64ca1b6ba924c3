/**
 * The copy task of the online-LRU paper (spec 1 §6, spec 3): a 7-bit pattern of length P is shown
 * on channels 0–6 at t ∈ [0, P), a stop flag appears on channel 7 at t = P + 7 (the reference's
 * hidden pad length is 7), and the model must reproduce the pattern at t ∈ [P + 8, 2P + 8).
 * Unlike the reference (torch's unseeded global RNG) the data is generated from an explicit seed.
 */
import { generatedSplit, materialiseSplit } from './generated-split.js';
import { mulberry32At } from './prng.js';
import type { GeneratedSplit, MaskedDenseSplit } from './split-types.js';

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
 * `size` copy-task sequences, written on demand (a {@link GeneratedSplit}: nothing of length T is
 * stored, so long sequences cost no memory until a batch reads them).
 *
 * Each bit is an independent Bernoulli(½) draw (the top bit of a mulberry32 output). Sample i
 * takes draws i·P·7 … (i+1)·P·7 − 1 of `mulberry32(seed)` (the generator seeks there), so a
 * larger split extends a smaller one with the same seed and every pass sees the same sequences.
 *
 * Rows: x `[T, 8]` (the pattern on channels 0–6 at t < P, the stop flag on channel 7 at
 * t = P + 7), y `[T, 7]` (the pattern at the last P steps, 0 elsewhere), valid steps the last P.
 */
export function lazyCopySplit(size: number, patternLength: number, seed: number): GeneratedSplit {
  const seqLength = copySeqLength(patternLength);
  const recallStart = patternLength + COPY_PAD_LENGTH + 1;
  const stopStep = patternLength + COPY_PAD_LENGTH;
  const drawsPerSample = patternLength * COPY_BITS;
  return generatedSplit({
    size,
    xShape: [seqLength, COPY_INPUT_DIM],
    yShape: [seqLength, COPY_BITS],
    validRange: [recallStart, seqLength],
    writeRow: (row, { x, y }) => {
      const prng = mulberry32At(seed, row * drawsPerSample);
      for (let t = 0; t < patternLength; t++) {
        for (let bit = 0; bit < COPY_BITS; bit++) {
          const value = prng.nextUint32() >>> 31;
          x[t * COPY_INPUT_DIM + bit] = value;
          y[(recallStart + t) * COPY_BITS + bit] = value;
        }
      }
      x[stopStep * COPY_INPUT_DIM + COPY_BITS] = 1;
    },
  });
}

/**
 * Generates `size` copy-task sequences as stored arrays: {@link lazyCopySplit} written out (the
 * same sequences; for small splits and tests).
 *
 * @returns x `[size, T, 8]` float32, y `[size, T, 7]` int32 (the pattern at the last P steps, 0
 *   elsewhere), mask `[size, T]` float32 and validSteps `[size, 2]` (the last P steps).
 */
export function generateCopySplit(
  size: number,
  patternLength: number,
  seed: number,
): MaskedDenseSplit {
  return materialiseSplit(lazyCopySplit(size, patternLength, seed));
}
