/**
 * The `copy-repeat` dataset: fixed (generated) splits at the starting level (so it batches like any dataset)
 * plus `createCurriculum`, which the training loop uses to draw a fresh batch per step at the
 * current curriculum level (spec 2 §9: the reference generates every batch).
 */
import { readInteger, readNumber, rejectUnknownOptions } from '../options.js';
import { deriveSeed } from '../prng.js';
import type { GeneratedSplit } from '../split-types.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { CopyRepeatCurriculum } from './copy-repeat-curriculum.js';
import {
  COPY_REPEAT_INPUT_DIM,
  COPY_REPEAT_OUTPUTS,
  copyRepeatSeqLength,
  lazyCopyRepeatSplit,
} from './copy-repeat-task.js';

const DEFAULTS = {
  patternLength: 1,
  repeats: 1,
  thresholdBits: 0.15,
  trainSamples: 1000,
  valSamples: 100,
  testSamples: 100,
  seed: 0,
};

function createCopyRepeatDataset(
  options: Readonly<Record<string, unknown>>,
): Dataset<GeneratedSplit> {
  rejectUnknownOptions('copy-repeat', options, Object.keys(DEFAULTS));
  const int = (key: keyof typeof DEFAULTS, min: number, max?: number) =>
    readInteger('copy-repeat', options, key, DEFAULTS[key], min, max);
  const resolved = {
    patternLength: int('patternLength', 1, 1000),
    repeats: int('repeats', 1, 1000),
    thresholdBits: readNumber(
      'copy-repeat',
      options,
      'thresholdBits',
      DEFAULTS.thresholdBits,
      0,
      100,
    ),
    trainSamples: int('trainSamples', 1),
    valSamples: int('valSamples', 1),
    testSamples: int('testSamples', 1),
    seed: int('seed', 0, 4294967295),
  };
  const { patternLength: N, repeats: R, seed } = resolved;
  const split = (name: string, size: number) =>
    lazyCopyRepeatSplit(size, N, R, deriveSeed(seed, 'copy-repeat', name));
  return {
    name: 'copy-repeat',
    description: `copy-repeat (BP(λ)): start level N=${N}, R=${R} (T=${copyRepeatSeqLength(N, R)}), curriculum threshold ${resolved.thresholdBits} bits, ${resolved.trainSamples} sequences per epoch`,
    kind: 'classification',
    train: split('train', resolved.trainSamples),
    val: split('val', resolved.valSamples),
    test: split('test', resolved.testSamples),
    seqLength: copyRepeatSeqLength(N, R),
    inputDim: COPY_REPEAT_INPUT_DIM,
    nClasses: 2,
    multidim: COPY_REPEAT_OUTPUTS,
    trainSize: resolved.trainSamples,
    options: resolved,
    view: { kind: 'grid' },
    createCurriculum: () =>
      new CopyRepeatCurriculum({
        patternLength: N,
        repeats: R,
        thresholdBits: resolved.thresholdBits,
      }),
  };
}

/** Registry entry of `copy-repeat`. */
export const copyRepeatEntry: DatasetEntry = {
  name: 'copy-repeat',
  description:
    'BP(λ) copy-repeat with its curriculum: repeat an 8-bit pattern R times, 10 inputs, 9 binary outputs',
  options: {
    patternLength: 'starting pattern length N (default 1)',
    repeats: 'starting repeats R (default 1)',
    thresholdBits: 'the level is solved below this batch loss in bits (default 0.15)',
    trainSamples: 'sequences per training epoch (default 1000; the reference: 10 batches of 100)',
    valSamples: 'val sequences at the current level (default 100)',
    testSamples: 'test sequences at the current level (default 100)',
    seed: 'data seed (default 0)',
  },
  create: createCopyRepeatDataset,
};
