/** `tf.tidy` for plain state records: keeps every tensor reachable from the returned object. */
import { tf } from '@olrd/tensor';

export function tidyTree<T extends object>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
