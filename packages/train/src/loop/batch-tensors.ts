/** Uploads a typed-array batch from `@olrd/data` as the tensors `@olrd/rules` expects. */
import { tf } from '@olrd/tensor';
import type { ArrayBatch } from '@olrd/data';
import type { Batch } from '@olrd/rules';

/** x [B,T,d] float32, y int32 in the split's label shape, mask [B,T] float32; the caller disposes them. */
export function batchToTensors(batch: ArrayBatch): Batch {
  return {
    x: tf.tensor3d(batch.x, [...batch.xShape]),
    y: tf.tensor(batch.y, [...batch.yShape], 'int32'),
    mask: tf.tensor2d(batch.mask, [...batch.maskShape]),
  };
}

/** Disposes the tensors of a {@link Batch}. */
export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.y, batch.mask]);
}
