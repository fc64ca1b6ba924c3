/** The TSDoc @example snippets of initBackend and diagScan, run as written (minus printing). */
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as node from './node.js';

describe('TSDoc examples', () => {
  it('diagScan (main entry, cpu)', async () => {
    const { tf, diagScan, initBackend } = main;
    await initBackend('cpu');
    const lambdaRe = tf.tensor1d([0.5]);
    const lambdaIm = tf.tensor1d([0]);
    const bRe = tf.tensor3d([[[1], [1], [1]]]); // [B = 1, T = 3, N = 1]
    const bIm = tf.zerosLike(bRe);
    const [hRe, hIm] = diagScan(lambdaRe, lambdaIm, bRe, bIm);
    expect(await hRe.array()).toEqual([[[1], [1.5], [1.75]]]);
    tf.dispose([lambdaRe, lambdaIm, bRe, bIm, hRe, hIm]);
  });

  it('initBackend (main entry)', async () => {
    const { initBackend, tf } = main;
    const name = await initBackend('wasm');
    expect([name, tf.getBackend()]).toEqual(['wasm', 'wasm']);
  });

  it('initBackend (Node entry)', async () => {
    const { initBackend, diagScan, tf } = node;
    const name = await initBackend();
    const [hRe, hIm] = tf.tidy(() =>
      diagScan(
        tf.tensor1d([0.9]),
        tf.tensor1d([0.1]),
        tf.ones([1, 4, 1]) as main.Tensor3D,
        tf.zeros([1, 4, 1]) as main.Tensor3D,
      ),
    );
    expect(['cuda', 'tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(hRe.shape).toEqual([1, 4, 1]);
    tf.dispose([hRe, hIm]);
  });
});
