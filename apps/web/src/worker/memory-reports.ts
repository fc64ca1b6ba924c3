/** The memory view's figures for each learner of a run (formulas in lib/memory-estimate.ts). */
import type { ModelConfig } from '@olrd/core';
import type { MemoryReport, RunSettings } from '../protocol.js';
import { bpttFloatsPerStep, memoryShapeOf, ruleMemory } from '../lib/memory-estimate.js';
import { GradientLearner } from './gradient-learner.js';
import type { Learner } from './learner.js';

/** Per learner: what it keeps whatever T, per step, and BPTT's per step (the page multiplies). */
export function memoryReports(
  learners: readonly Learner[],
  config: ModelConfig,
  settings: Pick<RunSettings, 'bsz' | 'truncation'>,
): MemoryReport[] {
  const shape = memoryShapeOf(config, settings.bsz, settings.truncation);
  return learners.map((learner) => {
    // Streaming online rules outside OnlineLearner (WebGPU) run the tensor (tfjs) engine, which
    // allocates trace tensors for the one-step rules too.
    const tfjsTraces = learner instanceof GradientLearner && learner.execution === 'streaming';
    const memory = ruleMemory(learner.rule, learner.execution, shape, tfjsTraces);
    return {
      rule: learner.rule,
      execution: learner.execution,
      fixedFloats: memory.fixed,
      perStepFloats: memory.perStep,
      ...(memory.window !== undefined ? { window: memory.window } : {}),
      bpttFloatsPerStep: bpttFloatsPerStep(shape),
    };
  });
}
