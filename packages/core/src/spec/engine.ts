/**
 * The interface between the `OnlineLearner` and whatever advances the model one step at a time.
 * Implementations live in `@olrd/rules` (a tfjs engine over any backend with synchronous reads, and
 * the fused engine: typed-array loops, no tfjs op per step); they produce the same numbers (the
 * engine conformance suite).
 *
 * Everything crossing this interface is a plain typed array in row-major order, so a learner can
 * checkpoint, reset and feed an engine without knowing how it computes.
 */
import type { SpecificationVersion } from './version.js';

/** An exported state array. */
export type EngineArray = Float32Array | Float64Array;

/** One step's target: labels [B, multidim] (int) and per-sequence loss weights [B]. */
export interface EngineTarget {
  y: Int32Array;
  weight: Float32Array;
}

/** What one step returns. */
export interface EngineStepResult {
  /** Log-probabilities [B, multidim, classes]. */
  logProbs: Float32Array;
  /** Σ_b weight_b · CE_b of this step (0 without a target). */
  loss: number;
}

/** A streaming engine for one model, rule and batch size. */
export interface StreamingEngine {
  /** The version of this interface the engine implements (absent: the current one). */
  readonly specificationVersion?: SpecificationVersion;
  /** The learning rule it runs (a registered rule name). */
  readonly rule: string;
  readonly batchSize: number;
  /**
   * Advances every batch element by one step with input x [B, d_input]. With a target, adds the
   * gradient of Σ_b weight_b·CE_b (spatial credit and trace credit) to the accumulators. `last`:
   * the step ends the sequences (BP(λ) bootstraps nothing beyond it; other rules ignore it).
   */
  step(x: Float32Array, target: EngineTarget | null, last?: boolean): EngineStepResult;
  /** The accumulated gradient of every parameter (spec-0 names), fresh arrays. */
  gradients(): Record<string, Float32Array>;
  /** Zeroes the gradient accumulators (traces and states are kept). */
  resetGradients(): void;
  /**
   * Zeroes the recurrent state, the traces and the running pooled features of the given batch
   * elements (all when omitted): a new sequence starts there.
   */
  resetState(which?: readonly number[]): void;
  /** Installs new parameter values (e.g. after an optimiser update); shapes as spec 0. */
  setParams(params: Record<string, Float32Array>): void;
  /**
   * Per-element step counters plus every state, trace and accumulator, for checkpoints. Arrays
   * are exported at the precision the engine keeps them (Float64 accumulators stay Float64), so a
   * checkpoint resumes bit-identically.
   */
  exportState(): Record<string, EngineArray>;
  /** Restores what `exportState` returned (same model, rule and batch size). */
  importState(state: Record<string, EngineArray>): void;
  /** Frees what the engine holds (tensors for the tfjs engine). */
  dispose(): void;
}
