/**
 * The BP(λ) copy-repeat task (spec 2 §9, after Graves et al.'s NTM repeat copy): an 8-bit pattern
 * of length N is shown once and must be written out R times, then an end flag. Layout of one
 * sequence, T = (R + 1)·N + 3:
 * - step 0: start flag (input channel 8);
 * - steps 1…N: the pattern (input channels 0–7);
 * - step N + 1: the repeat count R/10 (input channel 9);
 * - steps N + 2 … N + 1 + R·N: target = the pattern R times (outputs 0–7);
 * - the last step: target end flag (output 8).
 * The loss covers steps N + 2 … T − 1; each of the 9 outputs is a binary (sigmoid) decision, here
 * a 2-way softmax per output (the same model class as the copy task).
 */
import { generatedSplit, materialiseSplit } from '../generated-split.js';
import { mulberry32At } from '../prng.js';
import type { GeneratedSplit, MaskedDenseSplit } from '../split-types.js';

/** Bits per pattern step. */
export const COPY_REPEAT_BITS = 8;
/** Input channels: 8 bits, the start flag, the repeat count. */
export const COPY_REPEAT_INPUT_DIM = 10;
/** Outputs per step: 8 bits and the end flag. */
export const COPY_REPEAT_OUTPUTS = 9;

/** T = (R + 1)·N + 3. */
export function copyRepeatSeqLength(patternLength: number, repeats: number): number {
  return (repeats + 1) * patternLength + 3;
}

/**
 * `size` copy-repeat sequences at level (N, R), written on demand (a {@link GeneratedSplit}).
 * Sample s takes draws s·N·8 … (s+1)·N·8 − 1 of `mulberry32(seed)`, so every pass sees the same
 * sequences. Rows: x `[T, 10]`, y `[T, 9]` (0/1), valid steps `[N + 2, T)`.
 */
export function lazyCopyRepeatSplit(
  size: number,
  patternLength: number,
  repeats: number,
  seed: number,
): GeneratedSplit {
  const T = copyRepeatSeqLength(patternLength, repeats);
  const outputStart = patternLength + 2;
  return generatedSplit({
    size,
    xShape: [T, COPY_REPEAT_INPUT_DIM],
    yShape: [T, COPY_REPEAT_OUTPUTS],
    validRange: [outputStart, T],
    writeRow: (row, { x, y }) => {
      const xAt = (t: number, c: number) => t * COPY_REPEAT_INPUT_DIM + c;
      const yAt = (t: number, c: number) => t * COPY_REPEAT_OUTPUTS + c;
      const prng = mulberry32At(seed, row * patternLength * COPY_REPEAT_BITS);
      x[xAt(0, 8)] = 1;
      for (let t = 0; t < patternLength; t++) {
        for (let bit = 0; bit < COPY_REPEAT_BITS; bit++) {
          const value = prng.nextUint32() >>> 31;
          x[xAt(1 + t, bit)] = value;
          for (let r = 0; r < repeats; r++)
            y[yAt(outputStart + r * patternLength + t, bit)] = value;
        }
      }
      x[xAt(patternLength + 1, 9)] = repeats / 10;
      y[yAt(T - 1, 8)] = 1;
    },
  });
}

/**
 * Generates `size` copy-repeat sequences at level (N, R) as stored arrays:
 * {@link lazyCopyRepeatSplit} written out (the same sequences).
 *
 * @returns x `[size, T, 10]`, y `[size, T, 9]` (0/1), mask and validSteps covering `[N + 2, T)`.
 */
export function generateCopyRepeatSplit(
  size: number,
  patternLength: number,
  repeats: number,
  seed: number,
): MaskedDenseSplit {
  return materialiseSplit(lazyCopyRepeatSplit(size, patternLength, repeats, seed));
}
