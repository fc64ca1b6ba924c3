/**
 * What the session drives: a run of learners on batches of whole sequences (batch-run.ts) or on
 * the endless drifting stream (stream-run.ts). A run learns, reports each step, and describes
 * its learners' checkpoints; the session owns the loop, pause/resume and the page messages.
 */
import type { ModelConfig } from '@olrd/core';
import type { AlignmentSample, RunSettings } from '../protocol.js';
import type { Learner } from './learner.js';

/** One learner's part of a step. */
export interface LearnerReport {
  loss: number;
  accuracy: number;
  /** Seconds of the learner's own learning (alignment excluded). */
  seconds: number;
  /** Tokens learnt in this step (sequences × T, or stream steps × streams). */
  tokens: number;
  seqLength: number;
  alignment?: AlignmentSample;
  level?: Record<string, number>;
}

/** What one step of a run did. */
export interface RunStep {
  /** Batches learnt so far, or stream steps on the stream (the page's step axis). */
  position: number;
  epoch: number;
  regime?: number;
  learners: LearnerReport[];
}

/** Where a run's warnings go: a message, and whether it is about the data or the checkpoint. */
export type Warn = (message: string, context: 'data warning' | 'checkpoint warning') => void;

/** A checkpoint's metadata besides parameters and optimiser state. */
export interface CheckpointInfo {
  metadata: Record<string, string>;
  curriculumLevel?: Record<string, number>;
}

export interface Run {
  readonly kind: 'batches' | 'stream';
  readonly learners: readonly Learner[];
  readonly modelConfig: ModelConfig;
  /** The settings as run (sizes from a checkpoint, execution per rule). */
  readonly settings: RunSettings;
  readonly label: string;
  readonly description: string;
  /** T of the first sequences (the stream: 0). */
  readonly seqLength: number;
  /** Whether a checkpoint's optimiser state was restored. */
  readonly resumedOptimizer: boolean;
  /**
   * Learns one step: a batch per learner, or up to `limit` stream steps (a chunk). With `align`,
   * learners also compare their gradient with BPTT's (batches only).
   */
  step(align: boolean, limit: number): Promise<RunStep>;
  /** Metadata for learner `index`'s checkpoint. */
  checkpointInfo(index: number): CheckpointInfo;
  dispose(): void;
}
