/**
 * Bridges between tfjs tensors and safetensors records. Reading tensor values is async
 * (`tensor.data()`), so GPU backends are not blocked.
 */
import { tensorToFloat32, tf, type SafetensorsTensor } from '@olrd/tensor';

/**
 * Downloads tensors into safetensors records (float32 → F32, int32 → I32).
 *
 * @throws TypeError naming a tensor of another dtype.
 */
export async function tensorsToSafetensors(
  tensors: Readonly<Record<string, tf.Tensor>>,
): Promise<Record<string, SafetensorsTensor>> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.dtype === 'float32') {
      out[name] = {
        dtype: 'F32',
        shape: tensor.shape,
        data: (await tensor.data()) as Float32Array,
      };
    } else if (tensor.dtype === 'int32') {
      out[name] = { dtype: 'I32', shape: tensor.shape, data: (await tensor.data()) as Int32Array };
    } else {
      throw new TypeError(
        `tensor '${name}' has dtype ${tensor.dtype}; safetensors export supports float32 and int32`,
      );
    }
  }
  return out;
}

/**
 * Uploads safetensors records as tensors: I32 → int32, every float dtype (F32, and the F16, BF16
 * and F64 of PyTorch/JAX checkpoints) → float32. The caller owns them.
 */
export function safetensorsToTensors(
  tensors: Readonly<Record<string, SafetensorsTensor>>,
): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    out[name] =
      tensor.dtype === 'I32'
        ? tf.tensor(tensor.data, [...tensor.shape], 'int32')
        : tf.tensor(tensorToFloat32(tensor, `tensor '${name}'`), [...tensor.shape], 'float32');
  }
  return out;
}
