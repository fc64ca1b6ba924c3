/** The `summary.json` record of a run, built from a {@link TrainResult}. */
import type { StopReason, TrainResult } from './train.js';
import type { SplitMetrics } from './evaluate.js';

/**
 * What `summary.json` holds. `val`/`test` are the best epoch's (lowest val loss) metrics.
 *
 * Epoch numbers here are 1-based, as the console prints them ("best epoch 1" is the first
 * epoch): summary.json is read by people. The in-memory results and the `epoch` events of
 * metrics.jsonl keep the loop's 0-based epoch index (`epoch + 1` is the number shown).
 */
export interface RunSummary {
  stoppedBy: StopReason;
  dataset: string;
  trainingMode: string;
  backend: string;
  /** The epoch with the lowest val loss, 1-based (null when no epoch finished). */
  bestEpoch: number | null;
  val: SplitMetrics | null;
  test: SplitMetrics | null;
  /** Last evaluated epoch (1-based, like `bestEpoch`) and its metrics. */
  last: { epoch: number; val: SplitMetrics; test: SplitMetrics } | null;
  epochs: number;
  steps: number;
  parameterCount: number;
  wallSeconds: number;
  trainSeconds: number;
  tokensPerSecond: number;
}

/** Builds the final summary of a finished run. */
export function summarizeRun(
  result: TrainResult,
  context: { dataset: string; trainingMode: string; backend: string; parameterCount: number },
): RunSummary {
  return {
    stoppedBy: result.stoppedBy,
    ...context,
    bestEpoch: result.best ? result.best.epoch + 1 : null,
    val: result.best?.val ?? null,
    test: result.best?.test ?? null,
    last: result.lastEpoch
      ? {
          epoch: result.lastEpoch.epoch + 1,
          val: result.lastEpoch.val,
          test: result.lastEpoch.test,
        }
      : null,
    epochs: result.epochs,
    steps: result.steps,
    wallSeconds: result.wallSeconds,
    trainSeconds: result.trainSeconds,
    tokensPerSecond: result.tokensPerSecond,
  };
}
