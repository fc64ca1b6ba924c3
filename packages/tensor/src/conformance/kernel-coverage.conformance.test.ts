/**
 * Kernel coverage on the backend under test: initBackend registered olrd's fused kernels for it,
 * diagScan really runs them (seen in tf.profile), and every stock tfjs kernel that the composite
 * and the gradient use is registered for this backend.
 */
import { describe, expect, it } from 'vitest';
import {
  tf,
  diagScan,
  diagScanComposite,
  hasFusedDiagScan,
  olrdKernelNames,
  OlrdDiagScan,
} from '../node.js';
import { setUpBackendUnderTest } from './backend-under-test.js';

const backend = await setUpBackendUnderTest();

async function kernelsRunBy(fn: () => tf.Tensor[]): Promise<string[]> {
  const info = await tf.profile(() => {
    const outputs = fn();
    tf.dispose(outputs);
  });
  return info.kernels.map((kernel) => kernel.name);
}

function gradientOf(scan: typeof diagScan) {
  return () =>
    tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) =>
      tf.sum(scan(a as tf.Tensor1D, c as tf.Tensor1D, d as tf.Tensor3D, e as tf.Tensor3D)[0]),
    )([tf.ones([3]), tf.zeros([3]), tf.ones([2, 4, 3]), tf.ones([2, 4, 3])]);
}

const composite: typeof diagScan = (a, c, d, e, options) =>
  diagScanComposite(a, c, d, e, options?.reverse ?? false);

describe.skipIf(backend.skipReason != null)(
  `kernel coverage on ${backend.name} ${backend.skipReason ?? ''}`,
  () => {
    it('has the fused OlrdDiagScan kernel registered after initBackend', () => {
      expect(olrdKernelNames(tf.getBackend())).toContain(OlrdDiagScan);
      expect(tf.getKernel(OlrdDiagScan, tf.getBackend())).toBeDefined();
      expect(hasFusedDiagScan()).toBe(true);
    });

    it('diagScan and its gradient run the fused kernel', async () => {
      const forward = await kernelsRunBy(() =>
        diagScan(tf.ones([3]), tf.zeros([3]), tf.ones([2, 4, 3]), tf.ones([2, 4, 3])),
      );
      expect(forward).toContain(OlrdDiagScan);
      const backward = await kernelsRunBy(gradientOf(diagScan));
      // Forward, the recomputed h and the adjoint scan of the gradient.
      expect(backward.filter((name) => name === OlrdDiagScan)).toHaveLength(3);
    });

    it('every stock kernel of the composite and the gradient is registered here', async () => {
      const used = new Set([
        ...(await kernelsRunBy(gradientOf(diagScan))),
        ...(await kernelsRunBy(gradientOf(composite))),
      ]);
      const registered = new Set(
        tf.getKernelsForBackend(tf.getBackend()).map((config) => config.kernelName),
      );
      expect([...used].filter((name) => !registered.has(name))).toEqual([]);
    });
  },
);
