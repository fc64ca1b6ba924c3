/**
 * Streaming evaluation of one batch: the model advances one time step at a time through
 * `stepModel` (the step that streaming execution trains with) with the exact cell step, so only
 * each layer's state, the `pool_st` running sums and a few per-sequence counters live between
 * steps and memory does not grow with T (sequence mode holds [B, T, H] activations per layer).
 * Loss and accuracy are accumulated step by step exactly as `maskedLoss` and
 * `countCorrectTensors` compute them on whole sequences.
 */
import { tf } from '@olrd/tensor';
import {
  cellOf,
  cellStep,
  lossKindOf,
  stepLoss,
  stepModel,
  stepWeights,
  targetsPerStep,
  type ModelConfig,
  type Params,
  type PoolingCarry,
} from '@olrd/core';
import { checkExecution, type Batch } from '@olrd/rules';

/** What one batch contributes to a split's metrics. */
export interface BatchTotals {
  /** The batch's masked loss (each sequence weighs 1/B, as `maskedLoss`). */
  loss: number;
  /** Correct predictions and their count (both 0 for a regression readout). */
  correct: number;
  total: number;
}

/** The tensors carried from one step to the next, by name; each step replaces some of them. */
type Carry = Record<string, tf.Tensor>;

/**
 * Throws when `config` cannot be evaluated one step at a time, naming the fix.
 *
 * @throws RangeError for the `pool` mode and the retrieval head.
 */
export function checkStreamingEvaluation(config: ModelConfig): void {
  const problem = checkExecution(config, 'streaming');
  if (problem !== undefined) throw new RangeError(`streaming evaluation: ${problem}`);
}

function stepOf(tensor: tf.Tensor, t: number, shape: number[]): tf.Tensor {
  const begin = [0, t, ...new Array<number>(tensor.rank - 2).fill(0)];
  const size = [-1, 1, ...new Array<number>(tensor.rank - 2).fill(-1)];
  return tf.reshape(tf.slice(tensor, begin, size), shape);
}

/**
 * Evaluates `params` (dropout off) on one batch step by step; `batch` as `batchToTensors` gives
 * it (the caller keeps and disposes it). Every tensor made here is disposed before it returns.
 *
 * Per step t: the loss adds Σ_b w_bt·ℓ_bt with the weights of `stepWeights` (in `last` mode only
 * the final step, weighted 1/B); with several heads every head at every masked step counts for
 * the accuracy; with one head each sequence's prediction at its last masked step (a per-sequence
 * "hit at the latest masked step" carried along), as in sequence mode.
 *
 * @throws RangeError when the model cannot stream ({@link checkStreamingEvaluation}).
 */
export async function streamBatchTotals(
  params: Params,
  config: ModelConfig,
  batch: Batch,
): Promise<BatchTotals> {
  checkStreamingEvaluation(config);
  const [batchSize, time] = batch.x.shape;
  const cell = cellOf(config.layerCls);
  const lastOnly = config.mode === 'last';
  const classify = lossKindOf(config) !== 'mse';
  const multiHead = config.multidim > 1;
  const labels = targetsPerStep(batch.y, batchSize, time, config);
  const weights = lastOnly ? undefined : stepWeights(batch.mask);
  const carry: Carry = { loss: tf.scalar(0) };
  for (let layer = 0; layer < config.nLayers; layer++)
    carry[`state.${layer}`] = tf.zeros([batchSize, cell.components * config.dHidden]);
  if (config.mode === 'pool_st') {
    carry['featureSum'] = tf.zeros([batchSize, config.dModel]);
    carry['counts'] = tf.zeros([batchSize, 1]);
  }
  if (classify && multiHead) Object.assign(carry, { correct: tf.scalar(0), total: tf.scalar(0) });
  if (classify && !multiHead)
    Object.assign(carry, { lastHit: tf.zeros([batchSize]), seen: tf.zeros([batchSize]) });
  try {
    for (let t = 0; t < time; t++) {
      const scored = !lastOnly || t === time - 1;
      const updates = tf.tidy(() => {
        const out: Carry = {};
        const x = stepOf(batch.x, t, [batchSize, -1]) as tf.Tensor2D;
        const pooling: PoolingCarry | undefined =
          config.mode === 'pool_st'
            ? { featureSum: carry['featureSum']!, counts: carry['counts']! }
            : undefined;
        const step = stepModel(
          params,
          config,
          x,
          (layer, rec, u) => cellStep(cell, rec, carry[`state.${layer}`]!, u, config),
          [],
          pooling,
        );
        step.states.forEach((state, layer) => (out[`state.${layer}`] = state));
        if (pooling !== undefined) {
          out['featureSum'] = tf.add(pooling.featureSum, step.top);
          out['counts'] = tf.add(pooling.counts, 1);
        }
        if (!scored) return out;
        const y = stepOf(labels, t, [batchSize, config.multidim]) as tf.Tensor2D;
        // `last` mode scores only the final step, every sequence with weight 1/B (alignToOutput).
        const mask = lastOnly ? tf.ones([batchSize]) : stepOf(batch.mask, t, [batchSize]);
        const weight = (
          weights === undefined
            ? tf.fill([batchSize], 1 / batchSize)
            : stepOf(weights, t, [batchSize])
        ) as tf.Tensor1D;
        out['loss'] = tf.add(carry['loss']!, stepLoss(step.logProbs, y, weight, config));
        if (!classify) return out;
        const hits = tf.cast(
          tf.equal(tf.argMax(step.logProbs, -1), tf.cast(y, 'int32')),
          'float32',
        ); // [B, multidim]
        if (multiHead) {
          out['correct'] = tf.add(carry['correct']!, tf.sum(tf.mul(hits, tf.expandDims(mask, 1))));
          out['total'] = tf.add(carry['total']!, tf.mul(tf.sum(mask), config.multidim));
        } else {
          const counted = tf.greater(mask, 0);
          out['lastHit'] = tf.where(counted, tf.reshape(hits, [batchSize]), carry['lastHit']!);
          out['seen'] = tf.where(counted, tf.onesLike(mask), carry['seen']!);
        }
        return out;
      });
      for (const [name, tensor] of Object.entries(updates)) {
        carry[name]!.dispose();
        carry[name] = tensor;
      }
    }
    const [correct, total] = tf.tidy(() =>
      !classify
        ? [tf.scalar(0), tf.scalar(0)]
        : multiHead
          ? [tf.clone(carry['correct']!), tf.clone(carry['total']!)]
          : [tf.sum(tf.mul(carry['lastHit']!, carry['seen']!)), tf.sum(carry['seen']!)],
    );
    const [loss, c, n] = await Promise.all([carry['loss']!.data(), correct.data(), total.data()]);
    tf.dispose([correct, total]);
    return { loss: loss[0]!, correct: c[0]!, total: n[0]! };
  } finally {
    tf.dispose([labels, ...(weights === undefined ? [] : [weights]), ...Object.values(carry)]);
  }
}
