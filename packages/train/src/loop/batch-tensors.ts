/**
 * Uploads a typed-array batch from `@olrd/data` as the tensors `@olrd/rules` expects. Token ids
 * become one-hot vectors here, one batch at a time (a float one-hot copy of a whole text dataset
 * would not fit in memory); document pairs (AAN) are read as their packed concatenation.
 */
import { tf } from '@olrd/tensor';
import { concatenateTokenPairs, type ArrayBatch } from '@olrd/data';
import type { Batch } from '@olrd/rules';

/**
 * x [B,T,d] float32 (one-hot [B,T,V] for tokens), y int32 in the split's label shape, mask [B,T]
 * float32; the caller disposes them.
 */
export function batchToTensors(batch: ArrayBatch): Batch {
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
  return {
    x,
    y: tf.tensor(arrays.y, [...arrays.yShape], 'int32'),
    mask: tf.tensor2d(arrays.mask, [...arrays.maskShape]),
  };
}

/** Disposes the tensors of a {@link Batch}. */
export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.y, batch.mask]);
}
