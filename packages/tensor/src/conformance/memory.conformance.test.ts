/**
 * No tensor leaks on the backend under test: repeated diagScan calls, forward and reverse, with
 * gradients, through both the kernel and the composite, leave `numTensors` unchanged.
 */
import { describe, it } from 'vitest';
import { tf, diagScan, diagScanComposite } from '../node.js';
import { expectNoLeak } from '../testing.js';
import { setUpBackendUnderTest } from './backend-under-test.js';

const backend = await setUpBackendUnderTest();

describe.skipIf(backend.skipReason != null)(
  `diagScan memory on ${backend.name} ${backend.skipReason ?? ''}`,
  () => {
    const lRe = tf.tensor1d([0.9, 0.5, -0.3]);
    const lIm = tf.tensor1d([0.1, -0.4, 0.8]);
    const bRe = tf.randomNormal([2, 5, 3]) as tf.Tensor3D;
    const bIm = tf.randomNormal([2, 5, 3]) as tf.Tensor3D;

    it('leaks nothing over repeated forward calls (caller disposes the outputs)', async () => {
      await expectNoLeak(async () => {
        for (let i = 0; i < 5; i++) {
          for (const reverse of [false, true])
            tf.dispose([
              ...diagScan(lRe, lIm, bRe, bIm, { reverse }),
              ...diagScanComposite(lRe, lIm, bRe, bIm, reverse),
            ]);
        }
      }, 'diagScan');
    });

    it('leaks nothing over repeated gradients (kernel gradient and composite autodiff)', async () => {
      await expectNoLeak(async () => {
        for (let i = 0; i < 3; i++) {
          for (const reverse of [false, true]) {
            const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) => {
              const [hRe, hIm] = diagScan(
                a as tf.Tensor1D,
                c as tf.Tensor1D,
                d as tf.Tensor3D,
                e as tf.Tensor3D,
                { reverse },
              );
              const [gRe] = diagScanComposite(
                a as tf.Tensor1D,
                c as tf.Tensor1D,
                d as tf.Tensor3D,
                e as tf.Tensor3D,
                reverse,
              );
              return tf.sum(tf.add(tf.add(hRe, hIm), gRe));
            })([lRe, lIm, bRe, bIm]);
            await Promise.all(grads.map((g) => g.data()));
            tf.dispose(grads);
          }
        }
      }, 'diagScan gradients');
    });

    it('T = 1 per-step use leaks nothing', async () => {
      const step = tf.randomNormal([1, 1, 3]) as tf.Tensor3D;
      await expectNoLeak(() => {
        for (let i = 0; i < 10; i++) tf.dispose(diagScan(lRe, lIm, step, step));
      }, 'diagScan T = 1');
      step.dispose();
    });
  },
);
