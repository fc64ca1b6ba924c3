/**
 * A rule in streaming execution (`StreamingRule`, optax-style pure functions over explicit state)
 * and one step's target are part of the types-only specification in `@olrd/core/spec`.
 */
export type { StepTarget, StreamingRule } from '@olrd/core/spec';
