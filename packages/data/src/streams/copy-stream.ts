/**
 * The copy task as a stream: copy sequences back to back (spec 3: pattern of length P on
 * channels 0–6, stop flag on channel 7 at t = P+7, recall at t ∈ [P+8, 2P+8)), each a fresh
 * pattern; `endOfSequence` marks the last step so the learner can reset its state.
 */
import { COPY_BITS, COPY_INPUT_DIM, COPY_PAD_LENGTH, copySeqLength } from '../copy-task.js';
import { mulberry32 } from '../prng.js';
import type { Stream, StreamStep } from './stream-types.js';

/** Options of {@link copyStream}. */
export interface CopyStreamOptions {
  patternLength?: number;
  batchSize?: number;
  seed?: number;
}

/** An endless stream of copy sequences for `batchSize` parallel learners. */
export function copyStream(options: CopyStreamOptions = {}): Stream {
  const patternLength = options.patternLength ?? 10;
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(patternLength) || patternLength < 1)
    throw new RangeError(`patternLength must be a positive integer, got ${patternLength}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const time = copySeqLength(patternLength);
  const recallStart = patternLength + COPY_PAD_LENGTH + 1;
  const stopStep = patternLength + COPY_PAD_LENGTH;
  return {
    name: 'copy',
    inputDim: COPY_INPUT_DIM,
    nClasses: 2,
    multidim: COPY_BITS,
    batchSize,
    description: `copy task, pattern length ${patternLength} (T = ${time}), sequences back to back`,
    *steps(): Generator<StreamStep> {
      const prng = mulberry32(options.seed ?? 0);
      const pattern = new Int32Array(batchSize * patternLength * COPY_BITS);
      for (;;) {
        for (let i = 0; i < pattern.length; i++) pattern[i] = prng.nextUint32() >>> 31;
        for (let t = 0; t < time; t++) {
          const x = new Float32Array(batchSize * COPY_INPUT_DIM);
          const y = new Int32Array(batchSize * COPY_BITS);
          const mask = new Float32Array(batchSize);
          for (let b = 0; b < batchSize; b++) {
            for (let bit = 0; bit < COPY_BITS; bit++) {
              if (t < patternLength)
                x[b * COPY_INPUT_DIM + bit] = pattern[
                  (b * patternLength + t) * COPY_BITS + bit
                ] as number;
              if (t >= recallStart)
                y[b * COPY_BITS + bit] = pattern[
                  (b * patternLength + t - recallStart) * COPY_BITS + bit
                ] as number;
            }
            if (t === stopStep) x[b * COPY_INPUT_DIM + COPY_BITS] = 1;
            mask[b] = t >= recallStart ? 1 : 0;
          }
          yield { x, y, mask, endOfSequence: t === time - 1, regime: 0 };
        }
      }
    },
  };
}
