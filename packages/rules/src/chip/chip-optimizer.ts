/**
 * Hardware-friendly optimisers of the chip learner, applied every learning step:
 * `sgd` (Δ = lr·g), `momentum` (m ← β·m + g, Δ = lr·m; m in the accumulators' format),
 * `sign-sgd` (Δ = lr·sign g) and, when the params are floats, `adam`. Δ is rounded into the
 * `updates` class (stochastic rounding keeps small steps alive in expectation), then
 * p ← p − Δ into `params`, saturating. With fixed-point params lr and β are constants with
 * 16 fraction bits. Two projections keep the LRU stable and its spec-0 names defined: a unit
 * whose new λ would have |λ| ≥ 1 keeps its old λ, and γ never steps to ≤ 0.
 */
import { CONSTANT_FRAC_BITS } from './chip-constants.js';
import { namedChipArrays, type ChipParams } from './chip-model.js';
import { read, type ChipArray, type ChipNumerics } from './chip-numerics.js';

/** Optimiser names of the chip learner. */
export type ChipOptimizerName = 'sgd' | 'momentum' | 'sign-sgd' | 'adam';

/** Every chip optimiser name. */
export const CHIP_OPTIMIZERS: readonly ChipOptimizerName[] = [
  'sgd',
  'momentum',
  'sign-sgd',
  'adam',
];

/** Options of the chip optimiser. */
export interface ChipOptimizerOptions {
  name: ChipOptimizerName;
  learningRate: number;
  /** β of `momentum` (default 0.9). */
  momentum?: number;
}

interface AdamMoments {
  first: Float32Array;
  second: Float32Array;
}

/** The constant `value` as the chip stores it: 16 fraction bits when the params are fixed. */
export function chipConstant(numerics: ChipNumerics, value: number, what: string): number {
  if (!numerics.isFixed('params')) return Math.fround(value);
  const raw = Math.round(value * 2 ** CONSTANT_FRAC_BITS);
  if (raw <= 0 || raw >= 2 ** 22)
    throw new RangeError(
      `chip optimiser: ${what} ${value} is outside (2^-17, 64), the range of a constant with ${CONSTANT_FRAC_BITS} fraction bits`,
    );
  return raw * 2 ** -CONSTANT_FRAC_BITS;
}

/** The optimiser's state and update rule. */
export class ChipOptimizer {
  readonly options: Required<ChipOptimizerOptions>;
  private readonly numerics: ChipNumerics;
  private readonly learningRate: number;
  private readonly beta: number;
  private readonly momenta: ChipArray[] | null;
  private readonly adam: AdamMoments[] | null;
  private steps = 0;

  constructor(numerics: ChipNumerics, params: ChipParams, options: ChipOptimizerOptions) {
    this.options = { momentum: 0.9, ...options };
    this.numerics = numerics;
    if (options.name === 'adam' && numerics.isFixed('params'))
      throw new RangeError(
        'chip optimiser: adam needs float params (its square roots and divides are what a fixed-point chip avoids); use sgd, momentum or sign-sgd, or params=fp32/bf16/fp16',
      );
    if (!(options.learningRate > 0))
      throw new RangeError(
        `chip optimiser: learning rate must be > 0, got ${options.learningRate}`,
      );
    this.learningRate = chipConstant(numerics, options.learningRate, 'learning rate');
    this.beta = chipConstant(numerics, this.options.momentum, 'momentum');
    const arrays = namedChipArrays(params).map(([, array]) => array);
    this.momenta =
      options.name === 'momentum'
        ? arrays.map((array) => numerics.allocate('accumulators', array.data.length))
        : null;
    this.adam =
      options.name === 'adam'
        ? arrays.map((array) => ({
            first: new Float32Array(array.data.length),
            second: new Float32Array(array.data.length),
          }))
        : null;
  }

  /** The optimiser state arrays (momentum), for budgets and comparisons. */
  stateArrays(): ChipArray[] {
    return this.momenta ?? [];
  }

  /** Δ of element `i` of parameter array `index` from its gradient `g`. */
  private delta(index: number, i: number, g: number): number {
    const { numerics, learningRate } = this;
    switch (this.options.name) {
      case 'sgd':
        return numerics.value('updates', learningRate * g);
      case 'sign-sgd':
        return numerics.value('updates', learningRate * Math.sign(g));
      case 'momentum': {
        const m = this.momenta![index]!;
        numerics.set(m, i, this.beta * read(m, i) + g);
        return numerics.value('updates', learningRate * read(m, i));
      }
      case 'adam': {
        const { first, second } = this.adam![index]!;
        first[i] = 0.9 * first[i]! + 0.1 * g;
        second[i] = 0.999 * second[i]! + 0.001 * g * g;
        const mHat = first[i]! / (1 - 0.9 ** this.steps);
        const vHat = second[i]! / (1 - 0.999 ** this.steps);
        return numerics.value('updates', (learningRate * mHat) / (Math.sqrt(vHat) + 1e-8));
      }
    }
  }

  /** Applies one update of `params` from `grads` (same layout). */
  apply(params: ChipParams, grads: ChipParams): void {
    this.steps += 1;
    const { numerics } = this;
    const named = namedChipArrays(params);
    const gradArrays = namedChipArrays(grads);
    let lambdaRe: Float64Array | null = null;
    named.forEach(([name, p], index) => {
      const g = gradArrays[index]![1];
      const candidates = new Float64Array(p.data.length);
      for (let i = 0; i < p.data.length; i++)
        candidates[i] = numerics.value('params', read(p, i) - this.delta(index, i, read(g, i)));
      if (name.endsWith('rec.lambda_re')) {
        lambdaRe = candidates;
        return;
      }
      if (name.endsWith('rec.lambda_im')) {
        const re = named[index - 1]![1];
        for (let j = 0; j < candidates.length; j++) {
          const newRe = lambdaRe![j]!;
          const newIm = candidates[j]!;
          if (newRe * newRe + newIm * newIm >= 1) continue;
          re.data[j] = numerics.rawNearest('params', newRe);
          p.data[j] = numerics.rawNearest('params', newIm);
        }
        return;
      }
      const positive = name.endsWith('rec.gamma');
      for (let i = 0; i < candidates.length; i++)
        if (!positive || candidates[i]! > 0)
          p.data[i] = numerics.rawNearest('params', candidates[i]!);
    });
  }
}
