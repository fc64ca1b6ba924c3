/**
 * The streaming engine interface (`StreamingEngine`, between the `OnlineLearner` and whatever
 * advances the model one step at a time) is part of the types-only specification in
 * `@olrd/core/spec`; here it is narrowed to the rules this package registers.
 */
import type { StreamingEngine as SpecStreamingEngine } from '@olrd/core/spec';
import type { LearnerRuleName } from './names/index.js';

export type { EngineArray, EngineStepResult, EngineTarget } from '@olrd/core/spec';

/** A streaming engine for one model, one of this package's learner rules and a batch size. */
export interface StreamingEngine extends SpecStreamingEngine {
  readonly rule: LearnerRuleName;
}
