/**
 * The BP(λ) toy task ("linedraw", spec 2 §9): a fixed random 10-bit pattern is shown at the first
 * step only, zeros after; the target is a 2-D point at the last step, learned by MSE. With P
 * patterns, pattern k maps to (sin 2πk/P, cos 2πk/P)·magnitude; with the reference's single
 * pattern every sequence is the same and the target is (0, magnitude). The reference draws the
 * pattern from numpy's RandomState(123); here it comes from mulberry32 seeded with `patternSeed`.
 */
import { readInteger, readNumber, rejectUnknownOptions } from '../options.js';
import { deriveSeed, mulberry32 } from '../prng.js';
import type { DenseSplit, MaskedDenseSplit } from '../split-types.js';
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
 * Generates `size` toy sequences.
 *
 * @returns x `[size, T, 10]`, targets `[size, 2]`, y zeros `[size]`, mask/validSteps on the last step.
 */
export function generateBpToySplit(
  size: number,
  settings: BpToySettings,
  seed: number,
): MaskedDenseSplit {
  const { seqLength: T, points, magnitude } = settings;
  const patterns = bpToyPatterns(points, settings.patternSeed);
  const prng = mulberry32(seed);
  const x = new Float32Array(size * T * BP_TOY_INPUT_DIM);
  const targets = new Float32Array(size * 2);
  const mask = new Float32Array(size * T);
  const validSteps = new Int32Array(size * 2);
  for (let s = 0; s < size; s++) {
    const k = points === 1 ? 0 : prng.nextInt(points);
    x.set(
      patterns.subarray(k * BP_TOY_INPUT_DIM, (k + 1) * BP_TOY_INPUT_DIM),
      s * T * BP_TOY_INPUT_DIM,
    );
    targets[2 * s] = Math.sin((2 * Math.PI * k) / points) * magnitude;
    targets[2 * s + 1] = Math.cos((2 * Math.PI * k) / points) * magnitude;
    mask[s * T + T - 1] = 1;
    validSteps[2 * s] = T - 1;
    validSteps[2 * s + 1] = T;
  }
  return {
    encoding: 'dense',
    x,
    y: new Int32Array(size),
    yShape: [],
    mask,
    validSteps,
    size,
    xShape: [T, BP_TOY_INPUT_DIM],
    targets,
    targetShape: [2],
  };
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

function createBpToyDataset(options: Readonly<Record<string, unknown>>): Dataset<DenseSplit> {
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
    generateBpToySplit(size, settings, deriveSeed(seed, 'bp-toy', name));
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
