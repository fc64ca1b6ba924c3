/** The memory view's numbers for each learner of a run (formulas in lib/memory-estimate.ts). */
import type { ModelConfig } from '@olrd/core';
import type { MemoryReport } from '../protocol.js';
import { bpttFloats, ruleStateFloats, type MemoryShape } from '../lib/memory-estimate.js';
import type { Learner } from './learner.js';

export function memoryReports(
  learners: readonly Learner[],
  config: ModelConfig,
  batch: number,
  seqLength: number,
): MemoryReport[] {
  const shape: MemoryShape = {
    batch,
    seqLength,
    nLayers: config.nLayers,
    dModel: config.dModel,
    dHidden: config.dHidden,
    outputs: config.nClasses * config.multidim,
    activation: config.activation,
  };
  return learners.map((learner) => ({
    rule: learner.rule,
    execution: learner.execution,
    stateFloats: ruleStateFloats(learner.rule, learner.execution, shape),
    bpttFloats: bpttFloats(shape),
  }));
}
