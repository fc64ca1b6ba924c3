/**
 * diagScan forward and reverse on the backend under test vs the float64 reference, and the fused
 * kernel vs the stock-ops composite. Tolerance: max error ≤ 1e-6 + 2e-7·T relative to
 * max(1, max |h|): float32 rounding accumulates at most linearly along a chain of T steps
 * (measured: ≤ 4e-8 for the cpu/wasm kernels, ≤ 1.2e-6 on webgpu and ≤ 4.9e-6 for the composite
 * at T = 1000; ≤ 6.3e-7 for every path at [50, 48, 64]).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tf, diagScan, diagScanComposite } from '../node.js';
import { diagScanReference } from '../testing.js';
import { setUpBackendUnderTest } from './backend-under-test.js';
import { skipReasonFor } from './test-filters.js';
import { makeRandom, randomLambda, relativeError, uniform, valuesOf } from './numeric.js';

const backend = await setUpBackendUnderTest();

/** [B, T, N], |λ| range: T = 1, odd T, N not a multiple of 4, |λ| near 1, the training shape. */
const CASES: Array<{ shape: [number, number, number]; rMin: number; rMax: number }> = [
  { shape: [1, 1, 1], rMin: 0.5, rMax: 0.9 },
  { shape: [3, 1, 5], rMin: 0.5, rMax: 0.99 },
  { shape: [2, 7, 3], rMin: 0.2, rMax: 0.95 },
  { shape: [1, 33, 13], rMin: 0.999, rMax: 0.99999 },
  { shape: [4, 16, 8], rMin: 0.9, rMax: 1.0 },
  { shape: [50, 48, 64], rMin: 0.9, rMax: 0.999 },
];

const tolerance = (time: number) => 1e-6 + 2e-7 * time;

function makeInputs(seed: number, shape: [number, number, number], rMin: number, rMax: number) {
  const random = makeRandom(seed);
  const size = shape[0] * shape[1] * shape[2];
  const lambda = randomLambda(random, shape[2], rMin, rMax);
  const b = { re: uniform(random, size), im: uniform(random, size) };
  return { lambda, b };
}

describe.skipIf(backend.skipReason != null)(
  `diagScan on ${backend.name} ${backend.skipReason ?? ''}`,
  () => {
    afterAll(() => tf.disposeVariables());

    for (const [index, { shape, rMin, rMax }] of CASES.entries()) {
      for (const reverse of [false, true]) {
        it(`matches the float64 reference: [${shape}], |λ| in [${rMin}, ${rMax}), reverse=${reverse}`, async () => {
          const { lambda, b } = makeInputs(100 + index, shape, rMin, rMax);
          const expected = diagScanReference(lambda, b, shape, reverse);
          const [hRe, hIm] = tf.tidy(() =>
            diagScan(
              tf.tensor1d(lambda.re),
              tf.tensor1d(lambda.im),
              tf.tensor3d(b.re, shape),
              tf.tensor3d(b.im, shape),
              { reverse },
            ),
          );
          expect(hRe.shape).toEqual(shape);
          const errors = [
            relativeError(await valuesOf(hRe), expected.re),
            relativeError(await valuesOf(hIm), expected.im),
          ];
          tf.dispose([hRe, hIm]);
          expect(Math.max(...errors)).toBeLessThanOrEqual(tolerance(shape[1]));
        });
      }
    }

    it('agrees with the composite (the fallback of backends without the kernel)', async () => {
      const shape: [number, number, number] = [5, 19, 7];
      const { lambda, b } = makeInputs(7, shape, 0.8, 0.999);
      for (const reverse of [false, true]) {
        const outputs = tf.tidy(() => {
          const args = [
            tf.tensor1d(lambda.re),
            tf.tensor1d(lambda.im),
            tf.tensor3d(b.re, shape),
            tf.tensor3d(b.im, shape),
          ] as const;
          return [...diagScan(...args, { reverse }), ...diagScanComposite(...args, reverse)];
        });
        const [kRe, kIm, cRe, cIm] = await Promise.all(outputs.map(valuesOf));
        tf.dispose(outputs);
        expect(relativeError(kRe!, cRe!)).toBeLessThanOrEqual(tolerance(shape[1]));
        expect(relativeError(kIm!, cIm!)).toBeLessThanOrEqual(tolerance(shape[1]));
      }
    });

    it('hand-worked case: λ = 0.5, b = 1 gives 1, 1.5, 1.75 (reverse: 1.75, 1.5, 1)', async () => {
      const run = (reverse: boolean) =>
        tf.tidy(
          () =>
            diagScan(
              tf.tensor1d([0.5]),
              tf.tensor1d([0]),
              tf.ones([1, 3, 1]),
              tf.zeros([1, 3, 1]),
              { reverse },
            )[0],
        );
      const forward = run(false);
      const backward = run(true);
      expect(Array.from(await valuesOf(forward))).toEqual([1, 1.5, 1.75]);
      expect(Array.from(await valuesOf(backward))).toEqual([1.75, 1.5, 1]);
      tf.dispose([forward, backward]);
    });

    it('complex λ = i rotates: b = [1, 0, 0] gives 1, i, −1', async () => {
      const [hRe, hIm] = tf.tidy(() =>
        diagScan(
          tf.tensor1d([0]),
          tf.tensor1d([1]),
          tf.tensor3d([1, 0, 0], [1, 3, 1]),
          tf.zeros([1, 3, 1]),
        ),
      );
      expect(Array.from(await valuesOf(hRe))).toEqual([1, 0, -1]);
      expect(Array.from(await valuesOf(hIm))).toEqual([0, 1, 0]);
      tf.dispose([hRe, hIm]);
    });

    for (const shape of [
      [0, 3, 2],
      [2, 0, 2],
      [2, 3, 0],
    ] as Array<[number, number, number]>) {
      it(`handles empty inputs [${shape}] (forward)`, async () => {
        const [hRe, hIm] = tf.tidy(() =>
          diagScan(tf.zeros([shape[2]]), tf.zeros([shape[2]]), tf.zeros(shape), tf.zeros(shape)),
        );
        expect(hRe.shape).toEqual(shape);
        expect((await valuesOf(hIm)).length).toBe(0);
        tf.dispose([hRe, hIm]);
      });

      const skip = skipReasonFor(backend.name, 'empty-gradient');
      it.skipIf(skip != null)(
        `handles empty inputs [${shape}] (gradient) ${skip ?? ''}`,
        async () => {
          const grads = tf.tidy(() =>
            tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) =>
              tf.sum(
                diagScan(a as tf.Tensor1D, c as tf.Tensor1D, d as tf.Tensor3D, e as tf.Tensor3D)[0],
              ),
            )([tf.ones([shape[2]]), tf.ones([shape[2]]), tf.zeros(shape), tf.zeros(shape)]),
          );
          expect(grads.map((g) => g.shape)).toEqual([[shape[2]], [shape[2]], shape, shape]);
          expect(Array.from(await valuesOf(grads[0]!)).every((v) => v === 0)).toBe(true);
          tf.dispose(grads);
        },
      );
    }

    it('rejects mismatched shapes and non-float32 inputs', () => {
      tf.tidy(() => {
        const l = tf.zeros([3]) as tf.Tensor1D;
        expect(() => diagScan(l, l, tf.zeros([1, 2, 4]), tf.zeros([1, 2, 4]))).toThrow(
          /\[B, T, N\]/,
        );
        expect(() => diagScan(l, l, tf.zeros([1, 2, 3], 'int32'), tf.zeros([1, 2, 3]))).toThrow(
          /float32/,
        );
      });
    });
  },
);
