/**
 * Chooses the streaming engine of a learner. For the LRU, `fused` (typed-array loops, no tfjs op
 * per step) is the default: it supports every online rule and model configuration, is exact to the
 * tfjs engine (tested) and is much faster per step; `tfjs` runs the same maths through tfjs
 * autodiff. Other cells run on the generic tfjs cell engine (`auto` and `tfjs`), and the BP(λ)
 * rules on their own tfjs engine (sg-engine.ts) on every cell.
 */
import type { ModelConfig } from '@olrd/core';
import { createFusedEngine } from './fused/fused-engine.js';
import { createCellEngine } from './cell-engine.js';
import { requireClassificationEngine } from './engine-loss.js';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import { isLearnerSgRule, type LearnerRuleName } from './rule-names.js';
import { createSgEngine } from './sg-engine.js';
import type { StreamingEngine } from './streaming-engine.js';
import { createTfjsEngine } from './tfjs-engine.js';

/** The engine a learner runs on; `auto` picks `fused`. */
export type EngineKind = 'auto' | 'fused' | 'tfjs';

/** Creates the engine of `kind` and reports which one it is. */
export function createEngine(
  kind: EngineKind,
  rule: LearnerRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  synthetic: SyntheticGradientOptions = {},
): { kind: Exclude<EngineKind, 'auto'>; engine: StreamingEngine } {
  requireClassificationEngine(config, `engine '${kind}'`);
  if (isLearnerSgRule(rule)) {
    if (kind === 'fused')
      throw new RangeError(
        `the fused engine runs the LRU's online rules only; '${rule}' runs on engine 'tfjs' (or 'auto')`,
      );
    if (kind !== 'auto' && kind !== 'tfjs')
      throw new RangeError(`unknown engine '${String(kind)}': use auto, fused or tfjs`);
    return { kind: 'tfjs', engine: createSgEngine(rule, params, config, batchSize, synthetic) };
  }
  if (config.layerCls !== 'LRU') {
    if (rule === 'online_full') {
      throw new RangeError(
        `rule 'online_full' needs a diagonal recurrence (the LRU); for ${config.layerCls} use 'snap1'`,
      );
    }
    if (kind === 'fused') {
      throw new RangeError(
        `the fused engine runs the LRU only; ${config.layerCls} runs on engine 'tfjs' (or 'auto')`,
      );
    }
    if (kind !== 'auto' && kind !== 'tfjs') {
      throw new RangeError(`unknown engine '${String(kind)}': use auto, fused or tfjs`);
    }
    return { kind: 'tfjs', engine: createCellEngine(rule, params, config, batchSize) };
  }
  // On the LRU SnAp-1 is exact: it is online_full.
  const lruRule = rule === 'snap1' ? 'online_full' : rule;
  switch (kind) {
    case 'auto':
    case 'fused':
      return { kind: 'fused', engine: createFusedEngine(lruRule, params, config, batchSize) };
    case 'tfjs':
      return { kind: 'tfjs', engine: createTfjsEngine(lruRule, params, config, batchSize) };
    default:
      throw new RangeError(
        `unknown engine '${String(kind satisfies never)}': use auto, fused or tfjs`,
      );
  }
}
