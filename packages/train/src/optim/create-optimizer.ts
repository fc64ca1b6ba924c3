/**
 * The training optimiser of spec 1 §5.1, from primitives:
 * `multiSteps(chain(clipByGlobalNorm?, multiTransform({rec, B, norm, regular})), k)`.
 */
import { adam, adamw } from './aliases.js';
import { chain } from './chain.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import type { GradientTransformation, Schedule } from './gradient-transformation.js';
import { multiSteps } from './multi-steps.js';
import { multiTransform } from './multi-transform.js';
import { paramGroup } from './param-groups.js';
import { setToZero } from './set-to-zero.js';
import type { OptConfig } from '../config/train-config.js';

/** Inputs of {@link createOptimizer}. */
export interface OptimizerOptions {
  optConfig: OptConfig;
  /** Schedule of the base rate lr (update index → rate). */
  learningRate: Schedule;
  /** Schedule of rec_lr = lrFactor·lr. */
  recLearningRate: Schedule;
  weightDecay: number;
  /** Decay LayerNorm params too (the reference's behaviour); default false. */
  normWeightDecay?: boolean;
  /** Global-norm clip before the optimiser (0 or undefined = off). */
  clipGradNorm?: number;
  /** lr of the `synth` group (BP(λ)'s synthesisers); default the base lr. */
  synthLearningRate?: Schedule;
  /** Micro-batches per update (default 1 = no accumulation). */
  accumulationSteps?: number;
  /** Update only the `synth` group; every model parameter stays as it is (default false). */
  freezeModel?: boolean;
}

/** Builds the optimiser; see the table in `param-groups.ts` for the groups. */
export function createOptimizer(options: OptimizerOptions): GradientTransformation {
  const { optConfig, learningRate, recLearningRate, weightDecay } = options;
  const normWeightDecay = options.normWeightDecay ?? false;
  const frozen = options.freezeModel === true;
  const model = (transformation: GradientTransformation): GradientTransformation =>
    frozen ? setToZero() : transformation;
  const grouped = multiTransform(
    {
      rec: model(adam(recLearningRate)),
      B: model(adamw(recLearningRate, weightDecay)),
      norm: model(adam(learningRate)),
      synth: adam(options.synthLearningRate ?? learningRate),
      regular: model(adamw(learningRate, weightDecay)),
    },
    (name) => paramGroup(name, optConfig, normWeightDecay),
  );
  const clipped = options.clipGradNorm
    ? chain(clipByGlobalNorm(options.clipGradNorm), grouped)
    : grouped;
  const k = options.accumulationSteps ?? 1;
  return k > 1 ? multiSteps(clipped, k) : clipped;
}
