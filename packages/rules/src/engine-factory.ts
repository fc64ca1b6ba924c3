/**
 * Chooses the streaming engine of a learner. `fused` (typed-array loops, no tfjs op per step) is
 * the default: it supports every online rule and model configuration, is exact to the tfjs
 * engine (tested) and is much faster per step; `tfjs` runs the same maths through tfjs autodiff.
 */
import type { ModelConfig } from '@olrd/core';
import { createFusedEngine } from './fused/fused-engine.js';
import type { OnlineRuleName } from './rule-names.js';
import type { StreamingEngine } from './streaming-engine.js';
import { createTfjsEngine } from './tfjs-engine.js';

/** The engine a learner runs on; `auto` picks `fused`. */
export type EngineKind = 'auto' | 'fused' | 'tfjs';

/** Creates the engine of `kind` and reports which one it is. */
export function createEngine(
  kind: EngineKind,
  rule: OnlineRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
): { kind: Exclude<EngineKind, 'auto'>; engine: StreamingEngine } {
  switch (kind) {
    case 'auto':
    case 'fused':
      return { kind: 'fused', engine: createFusedEngine(rule, params, config, batchSize) };
    case 'tfjs':
      return { kind: 'tfjs', engine: createTfjsEngine(rule, params, config, batchSize) };
    default:
      throw new RangeError(
        `unknown engine '${String(kind satisfies never)}': use auto, fused or tfjs`,
      );
  }
}
