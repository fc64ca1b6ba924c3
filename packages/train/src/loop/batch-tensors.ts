/**
 * Uploads a typed-array batch from `@olrd/data` as the tensors `@olrd/rules` expects. Token ids
 * become one-hot vectors here, one batch at a time (a float one-hot copy of a whole text dataset
 * would not fit in memory); document pairs (AAN) become the two towers of the retrieval head, or
 * their packed concatenation for the single-tower baseline.
 */
import { tf } from '@olrd/tensor';
import { findInvalidLabel, unflattenIndex, type ModelConfig } from '@olrd/core';
import { concatenateTokenPairs, type ArrayBatch, type TokenPairArrayBatch } from '@olrd/data';
import type { Batch } from '@olrd/rules';

/**
 * Document pairs for the two-tower retrieval head: x [2B, L, V] (the B first documents, then the
 * B second ones, each from its own step 0), y [B], mask [B, L] of ones (the head pools each
 * document; the mask only selects the pooled prediction).
 */
function towersToTensors(batch: TokenPairArrayBatch): Batch {
  const { size, documentLength: length } = batch;
  const ids = new Int32Array(2 * size * length);
  for (let i = 0; i < size; i++) {
    for (let doc = 0; doc < 2; doc++) {
      const source = (2 * i + doc) * length;
      ids.set(batch.x.subarray(source, source + length), (doc * size + i) * length);
    }
  }
  const vocabulary = batch.xShape[2];
  return {
    x: tf.tidy(
      () =>
        tf.oneHot(
          tf.tensor2d(ids, [2 * size, length], 'int32'),
          vocabulary,
          1,
          0,
          'float32',
        ) as tf.Tensor3D,
    ),
    y: tf.tensor(batch.y, [size, ...batch.yShape.slice(1)], 'int32'),
    mask: tf.ones([size, length]) as tf.Tensor2D,
  };
}

/**
 * Refuses class labels outside [0, nClasses): tfjs one-hot encodes them as zeros, so they would
 * add nothing to the loss and the run would train on them silently.
 */
function checkLabels(batch: ArrayBatch, nClasses: number): void {
  const bad = findInvalidLabel(batch.y, nClasses);
  if (bad === undefined) return;
  const where = unflattenIndex(bad.index, batch.yShape).join(', ');
  throw new RangeError(
    `label ${bad.label} at y[${where}] of a batch is not a class of the model: labels must be ` +
      `integers in [0, ${nClasses - 1}] (nClasses ${nClasses}); the dataset's labels and its nClasses disagree`,
  );
}

/**
 * x [B,T,d] float32 (one-hot [B,T,V] for tokens), y int32 in the split's label shape (float32
 * regression targets [B, ...targetShape] for a model with `loss: 'mse'`), mask [B,T] float32; the
 * caller disposes them. With `model.retrieval`, document pairs become the two towers' inputs
 * instead of one concatenated sequence.
 *
 * @param model - with `nClasses` (and a cross-entropy `loss`), every label is checked first
 * @throws RangeError naming the first label outside [0, nClasses), before any upload.
 */
export function batchToTensors(
  batch: ArrayBatch,
  model?: Pick<ModelConfig, 'retrieval' | 'loss'> & Partial<Pick<ModelConfig, 'nClasses'>>,
): Batch {
  if (model?.nClasses !== undefined && model.loss !== 'mse') checkLabels(batch, model.nClasses);
  if (batch.encoding === 'token-pairs' && model?.retrieval === true) return towersToTensors(batch);
  const arrays = batch.encoding === 'token-pairs' ? concatenateTokenPairs(batch) : batch;
  const [size, time, depth] = arrays.xShape;
  const x =
    arrays.encoding === 'dense'
      ? tf.tensor3d(arrays.x, [size, time, depth])
      : tf.tidy(
          () =>
            tf.oneHot(
              tf.tensor2d(arrays.x, [size, time], 'int32'),
              depth,
              1,
              0,
              'float32',
            ) as tf.Tensor3D,
        );
  if (model?.loss === 'mse' && (arrays.targets === undefined || arrays.targetShape === undefined)) {
    x.dispose();
    throw new Error(
      "a model with loss 'mse' trains on regression targets, but this batch has none (a classification dataset?)",
    );
  }
  return {
    x,
    y:
      model?.loss === 'mse'
        ? tf.tensor(arrays.targets!, [...arrays.targetShape!], 'float32')
        : tf.tensor(arrays.y, [...arrays.yShape], 'int32'),
    mask: tf.tensor2d(arrays.mask, [...arrays.maskShape]),
  };
}

/** Disposes the tensors of a {@link Batch}. */
export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.y, batch.mask]);
}
