/** The memory view's figures for each learner of a run (formulas in lib/memory-estimate.ts). */
import type { ModelConfig } from '@olrd/core';
import type { MemoryReport } from '../protocol.js';
import {
  bpttFloatsPerStep,
  streamingStateFloats,
  type MemoryShape,
} from '../lib/memory-estimate.js';
import type { Learner } from './learner.js';

/** Per learner: the streaming state and BPTT's floats per step (the page multiplies by T). */
export function memoryReports(
  learners: readonly Learner[],
  config: ModelConfig,
  batch: number,
): MemoryReport[] {
  const shape: MemoryShape = {
    batch,
    seqLength: 1,
    nLayers: config.nLayers,
    dModel: config.dModel,
    dHidden: config.dHidden,
    outputs: config.nClasses * config.multidim,
    activation: config.activation,
  };
  return learners.map((learner) => ({
    rule: learner.rule,
    execution: learner.execution,
    streamingFloats: streamingStateFloats(shape),
    bpttFloatsPerStep: bpttFloatsPerStep(shape),
  }));
}
