/**
 * olrd's interfaces in one place, types only (no runtime code: importing this module costs
 * nothing), the way vercel/ai keeps its provider specification: the recurrent `Cell`, a rule's
 * `StreamingRule`, the learner's `StreamingEngine` and the optimiser's `GradientTransformation`.
 * Each carries an optional `specificationVersion`; this is version `'v1'`.
 *
 * @example
 * ```ts
 * import type { GradientTransformation } from '@olrd/core/spec';
 * import { tf } from '@olrd/tensor';
 *
 * // Plain SGD at rate 0.1, written against the specification alone.
 * const sgd: GradientTransformation<number> = {
 *   specificationVersion: 'v1',
 *   init: () => 0,
 *   update: (updates, count) => [
 *     Object.fromEntries(Object.entries(updates).map(([k, g]) => [k, tf.mul(g, -0.1)])),
 *     count + 1,
 *   ],
 * };
 * ```
 */
export type { SpecificationVersion } from './version.js';
export type { Cell, CellSizes } from './cell.js';
export type { StepTarget, StreamingRule } from './streaming-rule.js';
export type { EngineArray, EngineStepResult, EngineTarget, StreamingEngine } from './engine.js';
export type {
  ArrayOptState,
  ArrayParams,
  ArrayTransformation,
  GradientTransformation,
  OptState,
  Schedule,
} from './gradient-transformation.js';
