import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/init-backend.js';
import { parseSafetensors } from '../safetensors/safetensors-parse.js';
import { serializeSafetensors } from '../safetensors/safetensors-serialize.js';
import { tf } from '../tf.js';
import { disposeTree, numTensors } from './tensor-tree.js';
import { treeFromSafetensors, treeToSafetensors } from './tree-safetensors.js';

describe('state trees in safetensors', () => {
  beforeAll(() => initBackend('cpu'));

  it('round-trips tensors and counters through a file, by dotted path', () => {
    const tree = { count: 7, groups: [{ mu: tf.tensor([1.5, -2], [2]) }, { nu: tf.ones([2, 2]) }] };
    const flat = treeToSafetensors(tree, 'optimizer');
    expect(flat.numbers).toEqual({ 'optimizer.count': 7 });
    expect(Object.keys(flat.tensors).sort()).toEqual([
      'optimizer.groups.0.mu',
      'optimizer.groups.1.nu',
    ]);
    const file = parseSafetensors(serializeSafetensors(flat.tensors, {}));
    const template = { count: 0, groups: [{ mu: tf.zeros([2]) }, { nu: tf.zeros([2, 2]) }] };
    const before = numTensors();
    const back = treeFromSafetensors(template, 'optimizer', {
      tensors: file.tensors,
      numbers: flat.numbers,
    });
    expect(numTensors()).toBe(before + 2);
    expect(back.count).toBe(7);
    expect(Array.from(back.groups[0]!.mu!.dataSync())).toEqual([1.5, -2]);
    expect(back.groups[1]!.nu!.shape).toEqual([2, 2]);
    disposeTree([tree, template, back]);
  });

  it('names the missing, mis-sized or mistyped leaf and leaks nothing', () => {
    const template = { a: tf.zeros([2]), b: tf.zeros([3]), n: 0 };
    const good = treeToSafetensors({ a: tf.ones([2]), b: tf.ones([3]), n: 1 }, 's');
    const before = numTensors();
    const wrongSize = {
      ...good,
      tensors: {
        ...good.tensors,
        's.b': { dtype: 'F32' as const, shape: [2], data: new Float32Array(2) },
      },
    };
    expect(() => treeFromSafetensors(template, 's', wrongSize, '(hint)')).toThrow(
      "tensor 's.b' has 2 values, expected 3 (hint)",
    );
    const wrongType = {
      ...good,
      tensors: {
        ...good.tensors,
        's.b': { dtype: 'I32' as const, shape: [3], data: new Int32Array(3) },
      },
    };
    expect(() => treeFromSafetensors(template, 's', wrongType)).toThrow(
      "tensor 's.b' is I32, expected F32",
    );
    expect(() => treeFromSafetensors(template, 's', { ...good, numbers: {} })).toThrow(
      "counter 's.n' is missing",
    );
    expect(numTensors()).toBe(before);
    disposeTree(template);
  });
});
