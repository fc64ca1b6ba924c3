/**
 * webgpu-only checks of the OlrdDiagScan kernel (skipped on other backends): results computed by
 * the WGSL program really come from the GPU (outputs live in GPU buffers, values are right, not
 * the all-zeros of an invalid bind group), and CPU forwarding of tiny CPU-resident inputs gives
 * the same values.
 */
import { describe, expect, it } from 'vitest';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { tf, diagScan } from '../node.js';
import { diagScanReference } from '../testing.js';
import { setUpBackendUnderTest } from '../conformance/backend-under-test.js';

const backend = await setUpBackendUnderTest();
const runs = backend.name === 'webgpu' && backend.skipReason == null;

const shape: [number, number, number] = [2, 5, 3];
const lambda = { re: new Float32Array([0.9, -0.5, 0.2]), im: new Float32Array([0.3, 0.7, -0.95]) };
const b = {
  re: Float32Array.from({ length: 30 }, (_, i) => Math.sin(i)),
  im: Float32Array.from({ length: 30 }, (_, i) => Math.cos(3 * i)),
};

function scan(): [tf.Tensor3D, tf.Tensor3D] {
  return tf.tidy(() =>
    diagScan(
      tf.tensor1d(lambda.re),
      tf.tensor1d(lambda.im),
      tf.tensor3d(b.re, shape),
      tf.tensor3d(b.im, shape),
    ),
  );
}

async function expectReference(hRe: tf.Tensor, hIm: tf.Tensor): Promise<void> {
  const expected = diagScanReference(lambda, b, shape);
  const [re, im] = [await hRe.data(), await hIm.data()];
  for (let i = 0; i < 30; i++) {
    expect(re[i]).toBeCloseTo(expected.re[i]!, 5);
    expect(im[i]).toBeCloseTo(expected.im[i]!, 5);
  }
}

describe.runIf(runs)('OlrdDiagScan on webgpu', () => {
  it('dispatches the WGSL program: outputs are GPU buffers with the right (non-zero) values', async () => {
    const gpu = tf.backend() as WebGPUBackend;
    const [hRe, hIm] = scan();
    expect(gpu.tensorMap.get(hRe.dataId).resource).toBeDefined();
    expect(gpu.tensorMap.get(hIm.dataId).resource).toBeDefined();
    expect(Math.max(...(await hRe.data()).map(Math.abs))).toBeGreaterThan(0.5);
    await expectReference(hRe, hIm);
    tf.dispose([hRe, hIm]);
  });

  it('forwards tiny CPU-resident inputs to the CPU loop with the same values', async () => {
    tf.env().set('WEBGPU_CPU_FORWARD', true);
    try {
      const gpu = tf.backend() as WebGPUBackend;
      const [hRe, hIm] = scan();
      expect(gpu.tensorMap.get(hRe.dataId).resource).toBeUndefined();
      await expectReference(hRe, hIm);
      tf.dispose([hRe, hIm]);
    } finally {
      tf.env().set('WEBGPU_CPU_FORWARD', false);
    }
  });
});

describe.runIf(runs)('webgpu in Node', () => {
  it('explains that synchronous reads of GPU data are impossible (tfjs-webgpu needs OffscreenCanvas)', () => {
    const [hRe, hIm] = scan();
    expect(() => hRe.dataSync()).toThrow(
      /cannot read GPU data synchronously.*await tensor\.data\(\)/,
    );
    tf.dispose([hRe, hIm]);
  });
});
