/**
 * Evaluation on a whole split with dropout off (spec 1 §3.4): the masked loss (each sequence
 * weighs equally, so batch losses are combined weighted by batch size) and the accuracy from
 * `countCorrectAsync` (copy task: every bit at every masked step); NaN accuracy for a regression
 * readout.
 */
import { tf } from '@olrd/tensor';
import { countCorrectAsync, forward, maskedLoss, type ModelConfig, type Params } from '@olrd/core';
import { iterateBatches, type DatasetSplit } from '@olrd/data';
import { batchToTensors, disposeBatch } from './batch-tensors.js';

/** Loss and accuracy on one split. */
export interface SplitMetrics {
  loss: number;
  accuracy: number;
  /** Sequences evaluated. */
  sequences: number;
}

/**
 * Evaluates `params` on every sequence of `split`.
 *
 * @param batchSize - sequences per forward pass
 */
export async function evaluateSplit(
  params: Params,
  config: ModelConfig,
  split: DatasetSplit,
  batchSize: number,
): Promise<SplitMetrics> {
  let lossSum = 0;
  let correct = 0;
  let total = 0;
  for (const arrays of iterateBatches(split, { batchSize })) {
    const batch = batchToTensors(arrays, config);
    const logProbs = forward(params, config, batch.x);
    const loss = maskedLoss(logProbs, batch.y, batch.mask, config);
    lossSum += (await loss.data())[0]! * arrays.size;
    // A regression readout has no accuracy (NaN below): its metric is the loss.
    if (config.loss !== 'mse') {
      const counts = await countCorrectAsync(logProbs, batch.y, batch.mask);
      correct += counts.correct;
      total += counts.total;
    }
    tf.dispose([logProbs, loss]);
    disposeBatch(batch);
  }
  return {
    loss: split.size > 0 ? lossSum / split.size : Number.NaN,
    accuracy: total > 0 ? correct / total : Number.NaN,
    sequences: split.size,
  };
}
