/**
 * The TensorFlow.js core namespace that every olrd package uses. Packages import `tf` from
 * `@olrd/tensor` (never `@tensorflow/tfjs-core` directly) so that one copy of the engine, its
 * kernel registry and its backends is shared by the whole process.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package does this import for its users.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export { tf };
export type {
  Tensor,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Scalar,
  Variable,
  Rank,
} from '@tensorflow/tfjs-core';
