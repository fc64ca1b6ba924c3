/**
 * Endless streams for online learning: one time step at a time, for B parallel streams.
 */

/** One step of B parallel streams. */
export interface StreamStep {
  /** Inputs [B, inputDim]. */
  x: Float32Array;
  /** Labels [B, multidim]. */
  y: Int32Array;
  /** 1 where the step carries a loss, [B]. */
  mask: Float32Array;
  /** True when the sequences end with this step (the learner starts new ones). */
  endOfSequence: boolean;
  /** Index of the hidden rule in force (drifting streams), else 0. */
  regime: number;
}

/** A stream: its shapes and a generator of steps (endless). */
export interface Stream {
  name: string;
  inputDim: number;
  nClasses: number;
  multidim: number;
  batchSize: number;
  /** A short description of the task for logs and docs. */
  description: string;
  steps(): Generator<StreamStep>;
}
