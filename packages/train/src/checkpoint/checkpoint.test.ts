import { describe, expect, it } from 'vitest';
import { tf, CheckpointError, floatTensor, serializeSafetensors } from '@olrd/tensor';
import type { ModelConfig } from '@olrd/core';
import { loadCheckpoint, modelConfigFromMetadata, serializeCheckpoint } from './checkpoint.js';

const config = { dModel: 2 } as ModelConfig;

describe('checkpoints', () => {
  it('round-trip parameters and the model config', async () => {
    const before = tf.memory().numTensors;
    const params = {
      'decoder.bias': tf.tensor1d([1, 2]),
      'decoder.kernel': tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
    };
    const bytes = await serializeCheckpoint(params, config, { epoch: '3' });
    const loaded = loadCheckpoint(bytes, { 'decoder.bias': [2], 'decoder.kernel': [2, 2] });
    expect(loaded.params['decoder.kernel']!.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(loaded.metadata.epoch).toBe('3');
    expect(loaded.metadata.format).toBe('olrd-checkpoint-v1');
    expect(modelConfigFromMetadata(loaded.metadata)).toEqual(config);
    tf.dispose([...Object.values(params), ...Object.values(loaded.params)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names every wrong, missing and unexpected tensor with expected vs found shapes', () => {
    const bytes = serializeSafetensors({
      'layers.0.rec.nu': { dtype: 'F32', shape: [3], data: new Float32Array(3) },
      'extra.weight': { dtype: 'F32', shape: [1], data: new Float32Array(1) },
      'decoder.bias': { dtype: 'I32', shape: [2], data: new Int32Array(2) },
    });
    const expected = { 'layers.0.rec.nu': [4], 'decoder.kernel': [4, 2], 'decoder.bias': [2] };
    expect(() => loadCheckpoint(bytes, expected)).toThrow(
      [
        'checkpoint does not match the model:',
        "  tensor 'layers.0.rec.nu': expected shape [4], found [3]",
        "  missing tensor 'decoder.kernel' (expected shape [4, 2])",
        "  tensor 'decoder.bias': expected a float dtype (F32, F16, BF16, F64), found I32",
        "  unexpected tensor 'extra.weight' (shape [1])",
      ].join('\n'),
    );
    try {
      loadCheckpoint(bytes, expected);
    } catch (error) {
      expect(CheckpointError.isInstance(error)).toBe(true);
    }
  });

  it('loads parameters stored as F16, BF16 or F64 (PyTorch/JAX checkpoints) as float32', () => {
    const values = new Float32Array([0.5, -1.25, 3, 0.1]);
    const bytes = serializeSafetensors({
      'decoder.kernel': floatTensor(values, [2, 2], 'BF16'),
      'decoder.bias': floatTensor(values.subarray(0, 2), [2], 'F16'),
      'layers.0.rec.nu': floatTensor(values, [4], 'F64'),
    });
    const before = tf.memory().numTensors;
    const loaded = loadCheckpoint(bytes, {
      'decoder.kernel': [2, 2],
      'decoder.bias': [2],
      'layers.0.rec.nu': [4],
    });
    expect(loaded.params['decoder.kernel']!.dtype).toBe('float32');
    expect(loaded.params['decoder.kernel']!.dataSync()).toEqual(
      new Float32Array([0.5, -1.25, 3, 0.10009765625]),
    );
    expect([...loaded.params['decoder.bias']!.dataSync()]).toEqual([0.5, -1.25]);
    expect(loaded.params['layers.0.rec.nu']!.dataSync()).toEqual(values);
    tf.dispose(Object.values(loaded.params));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects malformed model_config metadata', () => {
    expect(() => modelConfigFromMetadata({ model_config: '[' })).toThrow(/not valid JSON/);
    expect(modelConfigFromMetadata({})).toBeUndefined();
  });
});
