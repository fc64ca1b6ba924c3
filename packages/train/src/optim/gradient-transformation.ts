/**
 * The optimiser interface (`GradientTransformation`, optax's shape) and `Schedule` are part of the
 * types-only specification in `@olrd/core/spec`; every transformation in this folder implements it.
 */
export type { GradientTransformation, Schedule } from '@olrd/core/spec';
