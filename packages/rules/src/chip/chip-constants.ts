/**
 * Constants of the chip learner's arithmetic that the C export writes verbatim: changing one
 * changes the bits both produce.
 */

/** ε of the chip's LayerNorm (Flax's default, as the fused engine's). */
export const LAYER_NORM_EPSILON_CHIP = 1e-6;

/** Fraction bits of the learning rate and momentum constants when the params are fixed point. */
export const CONSTANT_FRAC_BITS = 16;

/** log2(e) with 16 fraction bits (the fixed-point softmax's exp is 2^(x·log2 e)). */
export const LOG2E_Q16 = 94548;

/**
 * 2^f ≈ 1 + f·(c1 + f·(c2 + f·c3)) on f ∈ [0, 1), coefficients with 16 fraction bits
 * (a cubic least-squares fit; relative error about 1.2·10⁻⁴, ample for a softmax's ranks).
 */
export const EXP2_Q16: readonly [number, number, number] = [45576, 14873, 5071];
