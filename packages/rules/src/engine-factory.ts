/**
 * Chooses the streaming engine of a learner: the rule's record says which engines it has
 * (rules/engine-choice.ts), and `checkSupport` refuses what the rule cannot stream first.
 */
import type { ModelConfig } from '@olrd/core';
import type { SyntheticGradientOptions } from './bp-lambda/sg-options.js';
import { requireClassificationEngine } from './engine-loss.js';
import { requireSupport } from './names/check-support.js';
import type { LearnerRuleName } from './names/index.js';
import type { CreatedEngine, EngineKind } from './rule-definition.js';
import { lookupRule } from './registry.js';

export type { EngineKind } from './rule-definition.js';

/**
 * Creates the engine of `kind` for `rule` and reports which one it is.
 *
 * @throws RangeError when the rule cannot stream this model, has no engine, or `kind` is unknown
 */
export function createEngine(
  kind: EngineKind,
  rule: LearnerRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  synthetic: SyntheticGradientOptions = {},
): CreatedEngine {
  requireClassificationEngine(config, `engine '${kind}'`);
  const definition = lookupRule(rule);
  requireSupport(rule, config, 'streaming');
  if (definition.engine === undefined)
    throw new RangeError(`rule '${rule}' has no streaming engine: the OnlineLearner cannot run it`);
  return definition.engine({ kind, params, config, batchSize, synthetic });
}
