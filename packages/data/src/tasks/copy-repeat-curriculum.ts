/**
 * The copy-repeat curriculum (spec 2 §9): start at N = 1, R = 1; after every training batch, if
 * its mean per-output loss is below 0.15 bits (nats / ln 2), the level is solved: R grows while
 * R < N, else N grows — (1,1) → (2,1) → (2,2) → (3,2) → (3,3) → … The score is how far it gets.
 */
import { gatherBatch } from '../batches.js';
import type { DenseArrayBatch } from '../batch-types.js';
import { allRows } from '../split-rows.js';
import type { DenseSplit } from '../split-types.js';
import type { TrainingCurriculum } from '../types.js';
import { copyRepeatSeqLength, generateCopyRepeatSplit } from './copy-repeat-task.js';

/** Settings of a {@link CopyRepeatCurriculum}. */
export interface CopyRepeatCurriculumOptions {
  /** Starting pattern length N (default 1). */
  readonly patternLength?: number;
  /** Starting repeats R (default 1). */
  readonly repeats?: number;
  /** Solved below this many bits per output (default 0.15). */
  readonly thresholdBits?: number;
}

/** A mutable curriculum state; one per training run. */
export class CopyRepeatCurriculum implements TrainingCurriculum {
  private patternLength: number;
  private repeats: number;
  private readonly thresholdBits: number;

  constructor(options: CopyRepeatCurriculumOptions = {}) {
    this.patternLength = options.patternLength ?? 1;
    this.repeats = options.repeats ?? 1;
    this.thresholdBits = options.thresholdBits ?? 0.15;
  }

  /** `{ patternLength, repeats, seqLength }` of the current level. */
  level(): Readonly<Record<string, number>> {
    return {
      patternLength: this.patternLength,
      repeats: this.repeats,
      seqLength: copyRepeatSeqLength(this.patternLength, this.repeats),
    };
  }

  nextBatch(batchSize: number, seed: number): DenseArrayBatch {
    return gatherBatch(
      generateCopyRepeatSplit(batchSize, this.patternLength, this.repeats, seed),
      allRows(batchSize),
    );
  }

  /** @param loss - the batch's mean per-output cross-entropy in nats */
  observe(loss: number): boolean {
    if (!(loss / Math.LN2 < this.thresholdBits)) return false;
    if (this.repeats < this.patternLength) this.repeats++;
    else this.patternLength++;
    return true;
  }

  /** @throws RangeError when `level` lacks a positive integer patternLength or repeats */
  restore(level: Readonly<Record<string, number>>): void {
    const { patternLength, repeats } = level;
    for (const [key, value] of Object.entries({ patternLength, repeats }))
      if (!(Number.isInteger(value) && (value as number) >= 1))
        throw new RangeError(`curriculum level: ${key} must be a positive integer, got ${value}`);
    this.patternLength = patternLength as number;
    this.repeats = repeats as number;
  }

  evaluationSplit(size: number, seed: number): DenseSplit {
    return generateCopyRepeatSplit(size, this.patternLength, this.repeats, seed);
  }
}
