import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/init-backend.js';
import { tf } from '../tf.js';
import {
  allFinite,
  cloneTree,
  disposeTree,
  flattenTree,
  forEachTensor,
  mapTree,
  mapTreeLeaves,
  numTensors,
} from './tensor-tree.js';

describe('tensor trees', () => {
  beforeAll(() => initBackend('cpu'));

  it('mapTree keeps the structure and plain leaves, and passes dotted paths', () => {
    const tree = { layers: [{ nu: tf.scalar(1), name: 'lru' }], step: 3, none: null };
    const paths: string[] = [];
    const doubled = mapTree(tree, (tensor, path) => (paths.push(path), tf.mul(tensor, 2)));
    expect(paths).toEqual(['layers.0.nu']);
    expect(doubled.layers[0]!.name).toBe('lru');
    expect(doubled.step).toBe(3);
    expect(doubled.none).toBeNull();
    expect(doubled.layers[0]!.nu.dataSync()[0]).toBe(2);
    disposeTree([tree, doubled]);
  });

  it('cloneTree gives independent handles; disposeTree disposes every tensor once', () => {
    const before = numTensors();
    const tree = { a: tf.ones([2]), b: [tf.zeros([3]), 'text'] };
    const copy = cloneTree(tree);
    expect(numTensors()).toBe(before + 4);
    disposeTree(tree);
    expect(Array.from(copy.a.dataSync())).toEqual([1, 1]);
    disposeTree(copy);
    disposeTree(copy);
    expect(numTensors()).toBe(before);
  });

  it('forEachTensor visits tensors depth first in key order', () => {
    const tree = { b: [tf.scalar(1)], a: tf.scalar(2) };
    const seen: string[] = [];
    forEachTensor(tree, (_, path) => seen.push(path));
    expect(seen).toEqual(['b.0', 'a']);
    disposeTree(tree);
  });

  it('flattenTree lists tensor and number leaves under a prefix; mapTreeLeaves rebuilds the tree', () => {
    const tree = { step: 2, mu: [tf.scalar(1), { w: tf.ones([2]) }], name: 'adam', none: null };
    const flat = flattenTree(tree, 'optimizer');
    expect(flat.map(([path]) => path)).toEqual([
      'optimizer.step',
      'optimizer.mu.0',
      'optimizer.mu.1.w',
    ]);
    expect(flat[1]![1]).toBe(tree.mu[0]);
    expect(flattenTree(tree).map(([path]) => path)[0]).toBe('step');
    const rebuilt = mapTreeLeaves(tree, (leaf) =>
      typeof leaf === 'number' ? leaf + 1 : tf.zerosLike(leaf),
    );
    expect(rebuilt.step).toBe(3);
    expect(rebuilt.name).toBe('adam');
    expect(rebuilt.none).toBeNull();
    expect(Array.from((rebuilt.mu[1] as { w: tf.Tensor }).w.dataSync())).toEqual([0, 0]);
    disposeTree([tree, rebuilt]);
  });

  it('allFinite finds a NaN or an infinity anywhere in a tree', () => {
    const good = { a: tf.tensor([1, 2]), b: [tf.scalar(3)], n: 4 };
    const nan = { a: tf.tensor([1, Number.NaN]) };
    const inf = { b: [tf.scalar(0), tf.scalar(Number.NEGATIVE_INFINITY)] };
    expect(allFinite(good)).toBe(true);
    expect(allFinite(nan)).toBe(false);
    expect(allFinite(inf)).toBe(false);
    disposeTree([good, nan, inf]);
  });
});
