/**
 * How a learner rule picks its engine. On the LRU, `fused` (typed-array loops, no tfjs op per
 * step) is the default: it is exact to the tfjs engine (tested) and much faster per step; `tfjs`
 * runs the same maths through tfjs autodiff. Other cells run on the generic tfjs cell engine, and
 * the BP(λ) rules on their own tfjs engine (sg-engine.ts) on every cell.
 */
import { createCellEngine } from '../cell-engine.js';
import type { CellStreamingRuleName } from '../cell-rules/cell-streaming.js';
import { createFusedEngine } from '../fused/fused-engine.js';
import type { LearnerSgRuleName, LruOnlineRuleName } from '../names/rule-table.js';
import type { CreatedEngine, EngineKind, EngineRequest } from '../rule-definition.js';
import { createSgEngine } from '../sg-engine.js';
import { createTfjsEngine } from '../tfjs-engine.js';

/** The refusal of an engine kind that is not one. */
function unknownEngine(kind: never): RangeError {
  return new RangeError(`unknown engine '${String(kind)}': use auto, fused or tfjs`);
}

/** `tfjs` (or `auto`) only: engines the fused loops do not cover. */
function requireTfjs(kind: EngineKind, fusedRefusal: string): void {
  if (kind === 'fused') throw new RangeError(fusedRefusal);
  if (kind !== 'auto' && kind !== 'tfjs') throw unknownEngine(kind);
}

/**
 * The engine of an online rule: `lruRule` on the LRU (fused or tfjs), `cellRule` on other cells
 * (the tfjs cell engine; undefined when the rule runs on the LRU only, which checkSupport ensures).
 */
export function onlineEngine(
  lruRule: LruOnlineRuleName,
  cellRule: CellStreamingRuleName | undefined,
): (request: EngineRequest) => CreatedEngine {
  return ({ kind, params, config, batchSize }) => {
    if (config.layerCls !== 'LRU' && cellRule !== undefined) {
      requireTfjs(
        kind,
        `the fused engine runs the LRU only; ${config.layerCls} runs on engine 'tfjs' (or 'auto')`,
      );
      return { kind: 'tfjs', engine: createCellEngine(cellRule, params, config, batchSize) };
    }
    switch (kind) {
      case 'auto':
      case 'fused':
        return { kind: 'fused', engine: createFusedEngine(lruRule, params, config, batchSize) };
      case 'tfjs':
        return { kind: 'tfjs', engine: createTfjsEngine(lruRule, params, config, batchSize) };
      default:
        throw unknownEngine(kind);
    }
  };
}

/** The engine of a BP(λ) rule: the tfjs synthetic-gradient engine, on every cell. */
export function syntheticGradientEngine(
  rule: LearnerSgRuleName,
): (request: EngineRequest) => CreatedEngine {
  return ({ kind, params, config, batchSize, synthetic }) => {
    requireTfjs(
      kind,
      `the fused engine runs the LRU's online rules only; '${rule}' runs on engine 'tfjs' (or 'auto')`,
    );
    return { kind: 'tfjs', engine: createSgEngine(rule, params, config, batchSize, synthetic) };
  };
}
