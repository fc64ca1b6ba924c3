/**
 * Evaluation on a whole split with dropout off (spec 1 §3.4): the masked loss (each sequence
 * weighs equally, so batch losses are combined weighted by batch size) and the accuracy from
 * `countCorrectAsync` (copy task: every bit at every masked step); NaN accuracy for a regression
 * readout. With streaming execution each batch is evaluated one time step at a time, so a run
 * that trains in O(1) memory in T also evaluates in it: on the fused engine for the LRU with a
 * classification head (evaluate-fused.ts), through the tfjs model step otherwise
 * (evaluate-streaming.ts).
 */
import { tf } from '@olrd/tensor';
import { countCorrectAsync, forward, maskedLoss, type ModelConfig, type Params } from '@olrd/core';
import { iterateBatches, type ArrayBatch, type DatasetSplit } from '@olrd/data';
import type { Execution } from '@olrd/rules';
import { batchToTensors, disposeBatch } from './batch-tensors.js';
import { createFusedEvaluator, fusedEvaluationFits } from './evaluate-fused.js';
import {
  checkStreamingEvaluation,
  streamBatchTotals,
  type BatchTotals,
} from './evaluate-streaming.js';

/** Loss and accuracy on one split. */
export interface SplitMetrics {
  loss: number;
  accuracy: number;
  /** Sequences evaluated. */
  sequences: number;
}

/** Evaluates one batch; `dispose` frees what it holds across batches. */
interface BatchEvaluator {
  totals(arrays: ArrayBatch): Promise<BatchTotals>;
  dispose(): void;
}

/** One batch through `forward` on whole sequences ([B, T, H] activations per layer). */
async function sequenceBatchTotals(
  params: Params,
  config: ModelConfig,
  arrays: ArrayBatch,
): Promise<BatchTotals> {
  const batch = batchToTensors(arrays, config);
  const logProbs = forward(params, config, batch.x);
  const loss = maskedLoss(logProbs, batch.y, batch.mask, config);
  try {
    const value = (await loss.data())[0]!;
    // A regression readout has no accuracy (NaN below): its metric is the loss.
    const counts =
      config.loss !== 'mse'
        ? await countCorrectAsync(logProbs, batch.y, batch.mask)
        : { correct: 0, total: 0 };
    return { loss: value, ...counts };
  } finally {
    tf.dispose([logProbs, loss]);
    disposeBatch(batch);
  }
}

/** The evaluator of `execution` for this model. */
async function batchEvaluator(
  params: Params,
  config: ModelConfig,
  execution: Execution,
): Promise<BatchEvaluator> {
  if (execution === 'sequence')
    return { totals: (arrays) => sequenceBatchTotals(params, config, arrays), dispose: () => {} };
  checkStreamingEvaluation(config);
  if (fusedEvaluationFits(config)) return createFusedEvaluator(params, config);
  return {
    async totals(arrays) {
      const batch = batchToTensors(arrays, config);
      try {
        return await streamBatchTotals(params, config, batch);
      } finally {
        disposeBatch(batch);
      }
    },
    dispose: () => {},
  };
}

/**
 * Evaluates `params` on every sequence of `split`.
 *
 * @param batchSize - sequences per batch
 * @param execution - `sequence` (default): whole sequences through `forward`; `streaming`: one
 *   time step at a time, memory flat in T (the same metrics to float rounding)
 * @throws RangeError for `streaming` with a model that cannot stream (`pool` mode, retrieval).
 */
export async function evaluateSplit(
  params: Params,
  config: ModelConfig,
  split: DatasetSplit,
  batchSize: number,
  execution: Execution = 'sequence',
): Promise<SplitMetrics> {
  const evaluator = await batchEvaluator(params, config, execution);
  let lossSum = 0;
  let correct = 0;
  let total = 0;
  try {
    for (const arrays of iterateBatches(split, { batchSize })) {
      const totals = await evaluator.totals(arrays);
      lossSum += totals.loss * arrays.size;
      correct += totals.correct;
      total += totals.total;
    }
  } finally {
    evaluator.dispose();
  }
  return {
    loss: split.size > 0 ? lossSum / split.size : Number.NaN,
    accuracy: total > 0 ? correct / total : Number.NaN,
    sequences: split.size,
  };
}
