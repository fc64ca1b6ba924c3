/**
 * The chip learner's output error: per head, δ = (softmax(z) − onehot(label))/heads, the
 * gradient of the cross-entropy averaged over heads (as the fused engine's). With fixed-point
 * logits the softmax needs no float: e^d = 2^(d·log2 e) by an integer split into a shift and a
 * cubic in the fraction (chip-constants.ts), then one integer divide per class. The loss is for
 * reporting only and is computed in doubles from the same probabilities.
 */
import { EXP2_Q16, LOG2E_Q16 } from './chip-constants.js';
import { read, type ChipArray, type ChipNumerics } from './chip-numerics.js';

const ONE_Q16 = 65536;

/**
 * 2^(t/2^frac) for a non-positive raw t with `frac` fraction bits, in 16 fraction bits
 * (floor shifts throughout, as C's >> on non-negative integers).
 */
export function exp2Q16(t: number, frac: number): number {
  const unit = 2 ** frac;
  const whole = Math.floor(t / unit);
  const fraction = Math.floor(((t - whole * unit) * ONE_Q16) / unit);
  const [c1, c2, c3] = EXP2_Q16;
  let poly = Math.floor((c3 * fraction) / ONE_Q16);
  poly = Math.floor(((c2 + poly) * fraction) / ONE_Q16);
  poly = Math.floor(((c1 + poly) * fraction) / ONE_Q16);
  const shift = -whole;
  return shift >= 31 ? 0 : Math.floor((ONE_Q16 + poly) / 2 ** shift);
}

/** What the head gives per step. */
export interface HeadResult {
  /** Σ over heads of −ln p(label), divided by the heads (0 without labels). */
  loss: number;
  /** The argmax class per head (the first on ties). */
  prediction: Int32Array;
}

/**
 * Predictions from `logits` [heads·classes] (state) and, with labels, δ into `delta` (errors)
 * and the loss.
 */
export function softmaxHead(
  numerics: ChipNumerics,
  logits: ChipArray,
  labels: Int32Array | null,
  delta: ChipArray,
  classes: number,
  heads: number,
): HeadResult {
  const prediction = new Int32Array(heads);
  let loss = 0;
  for (let head = 0; head < heads; head++) {
    const base = head * classes;
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (logits.data[base + c]! > logits.data[base + best]!) best = c;
    prediction[head] = best;
    if (labels === null) continue;
    const label = labels[head]!;
    if (!(Number.isInteger(label) && label >= 0 && label < classes))
      throw new RangeError(`chip learner: label ${label} (head ${head}) is not in [0, ${classes})`);
    const max = read(logits, base + best);
    if (numerics.isFixed('state')) {
      const frac = -Math.log2(logits.scale);
      const maxRaw = logits.data[base + best]!;
      const exps: number[] = [];
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = exp2Q16((logits.data[base + c]! - maxRaw) * LOG2E_Q16, frac + 16);
        exps.push(e);
        sum += e;
      }
      for (let c = 0; c < classes; c++) {
        const target = c === label ? sum : 0;
        numerics.setNearest(delta, base + c, (exps[c]! - target) / (sum * heads));
      }
      loss -= Math.log(Math.max(exps[label]!, 1) / sum);
    } else {
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(read(logits, base + c) - max);
      const logSum = Math.log(sum);
      for (let c = 0; c < classes; c++) {
        const p = Math.exp(read(logits, base + c) - max - logSum);
        numerics.set(delta, base + c, (p - (c === label ? 1 : 0)) / heads);
      }
      loss -= read(logits, base + label) - max - logSum;
    }
  }
  return { loss: loss / heads, prediction };
}
