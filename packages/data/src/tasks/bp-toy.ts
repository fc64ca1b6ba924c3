/**
 * The BP(λ) toy task ("linedraw", spec 2 §9): a fixed random 10-bit pattern is shown at the first
 * step only, zeros after; the target is a 2-D point at the last step, learned by MSE. With P
 * patterns, pattern k maps to (sin 2πk/P, cos 2πk/P)·magnitude; with the reference's single
 * pattern every sequence is the same and the target is (0, magnitude). The reference draws the
 * pattern from numpy's RandomState(123); here it comes from mulberry32 seeded with `patternSeed`.
 */
import { readInteger, readNumber, rejectUnknownOptions } from '../options.js';
import { generatedSplit, materialiseSplit } from '../generated-split.js';
import { deriveSeed, mulberry32, mulberry32At } from '../prng.js';
import type { GeneratedSplit, MaskedDenseSplit } from '../split-types.js';
import type { Dataset, DatasetEntry } from '../types.js';

/** Input channels of the toy task. */
export const BP_TOY_INPUT_DIM = 10;

/** Settings of the toy task. */
export interface BpToySettings {
  readonly seqLength: number;
  readonly points: number;
  readonly magnitude: number;
  readonly patternSeed: number;
}

/** The P fixed binary patterns `[P, 10]` (0/1). */
export function bpToyPatterns(points: number, patternSeed: number): Float32Array {
  const prng = mulberry32(patternSeed);
  return Float32Array.from({ length: points * BP_TOY_INPUT_DIM }, () => prng.nextUint32() >>> 31);
}

/**
 * `size` toy sequences, written on demand (a {@link GeneratedSplit}). With several patterns,
 * sample s draws its pattern k from draw s of `mulberry32(seed)` (one draw per sample, none with
 * a single pattern). Rows: x `[T, 10]` (pattern k at step 0), targets `[2]`, y a zero `[]` label,
 * valid steps the last step.
 */
export function lazyBpToySplit(
  size: number,
  settings: BpToySettings,
  seed: number,
): GeneratedSplit {
  const { seqLength: T, points, magnitude } = settings;
  const patterns = bpToyPatterns(points, settings.patternSeed);
  return generatedSplit({
    size,
    xShape: [T, BP_TOY_INPUT_DIM],
    yShape: [],
    targetShape: [2],
    validRange: [T - 1, T],
    writeRow: (row, { x, targets }) => {
      const k = points === 1 ? 0 : mulberry32At(seed, row).nextInt(points);
      x.set(patterns.subarray(k * BP_TOY_INPUT_DIM, (k + 1) * BP_TOY_INPUT_DIM));
      if (targets === undefined) throw new Error('bp-toy: a row needs its regression target');
      targets[0] = Math.sin((2 * Math.PI * k) / points) * magnitude;
      targets[1] = Math.cos((2 * Math.PI * k) / points) * magnitude;
    },
  });
}

/**
 * Generates `size` toy sequences as stored arrays: {@link lazyBpToySplit} written out (the same
 * sequences).
 *
 * @returns x `[size, T, 10]`, targets `[size, 2]`, y zeros `[size]`, mask/validSteps on the last step.
 */
export function generateBpToySplit(
  size: number,
  settings: BpToySettings,
  seed: number,
): MaskedDenseSplit {
  return materialiseSplit(lazyBpToySplit(size, settings, seed));
}

const DEFAULTS = {
  seqLength: 10,
  points: 1,
  magnitude: 1,
  patternSeed: 123,
  trainSamples: 1000,
  valSamples: 100,
  testSamples: 100,
  seed: 0,
};

function createBpToyDataset(options: Readonly<Record<string, unknown>>): Dataset<GeneratedSplit> {
  rejectUnknownOptions('bp-toy', options, Object.keys(DEFAULTS));
  const int = (key: keyof typeof DEFAULTS, min: number, max?: number) =>
    readInteger('bp-toy', options, key, DEFAULTS[key], min, max);
  const settings: BpToySettings = {
    seqLength: int('seqLength', 2, 100000),
    points: int('points', 1, 1000),
    magnitude: readNumber('bp-toy', options, 'magnitude', DEFAULTS.magnitude, 0, 1e6),
    patternSeed: int('patternSeed', 0, 4294967295),
  };
  const counts = {
    trainSamples: int('trainSamples', 1),
    valSamples: int('valSamples', 1),
    testSamples: int('testSamples', 1),
  };
  const seed = int('seed', 0, 4294967295);
  const split = (name: string, size: number) =>
    lazyBpToySplit(size, settings, deriveSeed(seed, 'bp-toy', name));
  return {
    name: 'bp-toy',
    description: `BP(λ) toy task: a 10-bit pattern at step 0, a 2-D MSE target at step T−1 (T=${settings.seqLength}, ${settings.points} pattern(s))`,
    kind: 'regression',
    train: split('train', counts.trainSamples),
    val: split('val', counts.valSamples),
    test: split('test', counts.testSamples),
    seqLength: settings.seqLength,
    inputDim: BP_TOY_INPUT_DIM,
    nClasses: 0,
    multidim: 2,
    trainSize: counts.trainSamples,
    options: { ...settings, ...counts, seed },
    view: { kind: 'grid' },
  };
}

/** Registry entry of `bp-toy`. */
export const bpToyEntry: DatasetEntry = {
  name: 'bp-toy',
  description:
    'BP(λ) toy task: a fixed 10-D binary pattern at t=1, a 2-D MSE target at the last step (regression)',
  options: {
    seqLength: 'sequence length T (default 10; the paper goes up to 60)',
    points: 'number of patterns/target points on the circle (default 1, the reference)',
    magnitude: 'radius of the target points (default 1)',
    patternSeed: 'seed of the fixed patterns (default 123)',
    trainSamples: 'training sequences (default 1000)',
    valSamples: 'val sequences (default 100)',
    testSamples: 'test sequences (default 100)',
    seed: 'seed of the pattern choice per sequence (default 0)',
  },
  create: createBpToyDataset,
};
