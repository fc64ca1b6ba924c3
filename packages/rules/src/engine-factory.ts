/**
 * Chooses the streaming engine of a learner by lookup: the rule's registry record gives its
 * streaming form (which the one tensor engine runs), and the fused engine's support table
 * (fused/fused-support.ts) says where the fused loops apply. `auto` takes the fused engine inside
 * that table and the tensor engine outside it.
 */
import type { ModelConfig } from '@olrd/core';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import { createTensorEngine, requireStreamingLearner } from './engines/tensor-engine.js';
import { createFusedEngine } from './fused/fused-engine.js';
import { fusedSupportProblem, requireFused } from './fused/fused-support.js';
import type { LearnerRuleName } from './names/index.js';
import type { CreatedEngine, EngineKind } from './rule-definition.js';

export type { EngineKind } from './rule-definition.js';

/**
 * Creates the engine of `kind` for `rule` and reports which one it is.
 *
 * @throws RangeError when the rule cannot stream this model, has no engine, `kind` is `fused`
 *   outside the fused engine's table (naming the fix: engine 'tfjs' or 'auto'), or `kind` is unknown
 */
export function createEngine(
  kind: EngineKind,
  rule: LearnerRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  synthetic: SyntheticGradientOptions = {},
): CreatedEngine {
  requireStreamingLearner(rule, config, `engine '${kind}'`);
  const fused = (): CreatedEngine => ({
    kind: 'fused',
    engine: createFusedEngine(requireFused(rule, config), params, config, batchSize),
  });
  const tensor = (): CreatedEngine => ({
    kind: 'tfjs',
    engine: createTensorEngine(rule, params, config, batchSize, { synthetic }),
  });
  switch (kind) {
    case 'fused':
      return fused();
    case 'auto':
      return fusedSupportProblem(rule, config) === undefined ? fused() : tensor();
    case 'tfjs':
      return tensor();
    default:
      throw new RangeError(
        `unknown engine '${String(kind satisfies never)}': use auto, fused or tfjs`,
      );
  }
}
