/**
 * Optimiser parameter groups (spec 1 §5.1). A parameter's group follows from its leaf name (the
 * last dotted component of its spec-0 name), as in the reference:
 *
 * | optConfig        | `rec` (Adam, rec_lr, no decay)        | `B` (B_re, B_im, B)     | `regular`    |
 * |------------------|---------------------------------------|-------------------------|--------------|
 * | standard         | nu, theta, gamma_log, A, B_re, B_im, B | (in rec)                | AdamW(lr,wd) |
 * | Bdecay           | nu, theta, gamma_log, A               | AdamW(rec_lr, wd)       | AdamW(lr,wd) |
 * | Bfast_and_decay  | nu, theta, gamma_log, A               | regular: AdamW(lr, wd)  | AdamW(lr,wd) |
 *
 * BP(λ)'s synthesisers (`layers.{i}.synth.kernel|bias`) form a `synth` group: Adam at `synthLr`,
 * no weight decay.
 *
 * LayerNorm scale/bias (`….norm.scale|bias`) form a `norm` group: Adam at lr **without** weight
 * decay. This is the reference's stated intent ("no weight decay on norm"), which its code never
 * achieved (its rec set lists `norm`, but the leaves are named scale/bias, so they fell into
 * `regular` and were decayed). `normWeightDecay: true` restores the reference's actual behaviour.
 */
import { LAYER_CLASSES, cellOf } from '@olrd/core';
import type { OptConfig } from '../config/train-config.js';

/** The group labels. */
export type ParamGroup = 'rec' | 'B' | 'norm' | 'synth' | 'regular';

/** Every cell's `optimizerGroups`, by leaf name (the cells declare them; core's cell files). */
const REC_LEAVES = new Set(LAYER_CLASSES.flatMap((cls) => cellOf(cls).optimizerGroups?.rec ?? []));
const B_LEAVES = new Set(LAYER_CLASSES.flatMap((cls) => cellOf(cls).optimizerGroups?.B ?? []));

/** The last dotted component: `layers.0.rec.nu` → `nu`. */
export function leafName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** True for LayerNorm parameters (`….norm.scale`, `….norm.bias`). */
export function isNormParam(name: string): boolean {
  return /(^|\.)norm\.(scale|bias)$/.test(name);
}

/** The group of parameter `name` under `optConfig`. */
export function paramGroup(
  name: string,
  optConfig: OptConfig,
  normWeightDecay = false,
): ParamGroup {
  // BP(λ)'s synthesisers learn at their own rate, without weight decay (spec 2 §9).
  if (/^layers\.\d+\.synth\./.test(name)) return 'synth';
  const leaf = leafName(name);
  if (REC_LEAVES.has(leaf)) return 'rec';
  if (B_LEAVES.has(leaf)) {
    if (optConfig === 'standard') return 'rec';
    if (optConfig === 'Bdecay') return 'B';
    return 'regular';
  }
  if (!normWeightDecay && isNormParam(name)) return 'norm';
  return 'regular';
}
