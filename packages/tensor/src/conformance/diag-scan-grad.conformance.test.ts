/**
 * Gradients of diagScan (dλ, db) on the backend under test vs central finite differences of the
 * float64 reference, for the loss L = Σ wRe ⊙ hRe + wIm ⊙ hIm with random w. The fused kernel's
 * registered gradient and the composite's autodiff must both match. Tolerance: 1e-4 relative to
 * max(1, max |gradient|) (float32 gradients through T steps vs float64 differences).
 */
import { describe, expect, it } from 'vitest';
import { tf, diagScan, diagScanComposite } from '../node.js';
import { diagScanReference } from '../testing.js';
import { setUpBackendUnderTest } from './backend-under-test.js';
import { makeRandom, randomLambda, relativeError, uniform, valuesOf } from './numeric.js';

const backend = await setUpBackendUnderTest();

type Shape = [number, number, number];
type Parts = { re: Float64Array; im: Float64Array };
type Scan = typeof diagScan;

const f64 = (parts: { re: ArrayLike<number>; im: ArrayLike<number> }): Parts => ({
  re: Float64Array.from(parts.re),
  im: Float64Array.from(parts.im),
});

function loss(lambda: Parts, b: Parts, w: Parts, shape: Shape, reverse: boolean): number {
  const h = diagScanReference(lambda, b, shape, reverse);
  let total = 0;
  for (let i = 0; i < h.re.length; i++) total += w.re[i]! * h.re[i]! + w.im[i]! * h.im[i]!;
  return total;
}

/** Central difference of `loss` with respect to one entry of `target`. */
function centralDifference(
  target: Float64Array,
  index: number,
  evaluate: () => number,
  step = 1e-6,
): number {
  const saved = target[index]!;
  target[index] = saved + step;
  const plus = evaluate();
  target[index] = saved - step;
  const minus = evaluate();
  target[index] = saved;
  return (plus - minus) / (2 * step);
}

async function analyticGradients(
  scan: Scan,
  lambda: Parts,
  b: Parts,
  w: Parts,
  shape: Shape,
  reverse: boolean,
) {
  const grads = tf.tidy(() => {
    const wRe = tf.tensor3d(Float32Array.from(w.re), shape);
    const wIm = tf.tensor3d(Float32Array.from(w.im), shape);
    const f = (lRe: tf.Tensor, lIm: tf.Tensor, bRe: tf.Tensor, bIm: tf.Tensor) => {
      const [hRe, hIm] = scan(
        lRe as tf.Tensor1D,
        lIm as tf.Tensor1D,
        bRe as tf.Tensor3D,
        bIm as tf.Tensor3D,
        { reverse },
      );
      return tf.add(tf.sum(tf.mul(hRe, wRe)), tf.sum(tf.mul(hIm, wIm)));
    };
    const f32 = (values: Float64Array) => Float32Array.from(values);
    const inputs = [
      tf.tensor1d(f32(lambda.re)),
      tf.tensor1d(f32(lambda.im)),
      tf.tensor3d(f32(b.re), shape),
      tf.tensor3d(f32(b.im), shape),
    ];
    return tf.grads(f)(inputs);
  });
  const values = await Promise.all(grads.map(valuesOf));
  tf.dispose(grads);
  return values as [Float32Array, Float32Array, Float32Array, Float32Array];
}

const composite: Scan = (lRe, lIm, bRe, bIm, options) =>
  diagScanComposite(lRe, lIm, bRe, bIm, options?.reverse ?? false);

const CASES: Array<{ shape: Shape; rMin: number; rMax: number }> = [
  { shape: [2, 1, 3], rMin: 0.5, rMax: 0.9 },
  { shape: [2, 7, 5], rMin: 0.5, rMax: 0.95 },
  { shape: [3, 12, 6], rMin: 0.99, rMax: 0.9999 },
];

describe.skipIf(backend.skipReason != null)(
  `diagScan gradients on ${backend.name} ${backend.skipReason ?? ''}`,
  () => {
    for (const [index, { shape, rMin, rMax }] of CASES.entries()) {
      for (const reverse of [false, true]) {
        for (const [label, scan] of [
          ['diagScan', diagScan],
          ['composite', composite],
        ] as const) {
          it(`${label} dλ, db match finite differences: [${shape}], reverse=${reverse}`, async () => {
            const random = makeRandom(200 + index);
            const size = shape[0] * shape[1] * shape[2];
            const lambda = f64(randomLambda(random, shape[2], rMin, rMax));
            const b = f64({ re: uniform(random, size), im: uniform(random, size) });
            const w = f64({ re: uniform(random, size), im: uniform(random, size) });
            const [dLRe, dLIm, dBRe, dBIm] = await analyticGradients(
              scan,
              lambda,
              b,
              w,
              shape,
              reverse,
            );
            const evaluate = () => loss(lambda, b, w, shape, reverse);
            const fd = (target: Float64Array) =>
              Float64Array.from(target, (_, i) => centralDifference(target, i, evaluate));
            expect(relativeError(dLRe, fd(lambda.re))).toBeLessThanOrEqual(1e-4);
            expect(relativeError(dLIm, fd(lambda.im))).toBeLessThanOrEqual(1e-4);
            expect(relativeError(dBRe, fd(b.re))).toBeLessThanOrEqual(1e-4);
            expect(relativeError(dBIm, fd(b.im))).toBeLessThanOrEqual(1e-4);
          });
        }
      }
    }

    it('a loss on hRe only still gets the full gradient (the dy of hIm arrives as null)', async () => {
      const shape: Shape = [1, 4, 2];
      const random = makeRandom(9);
      const lambda = f64(randomLambda(random, 2, 0.5, 0.9));
      const b = f64({ re: uniform(random, 8), im: uniform(random, 8) });
      const w = { re: new Float64Array(8).fill(1), im: new Float64Array(8) };
      const grads = tf.tidy(() => {
        const f = (lRe: tf.Tensor, lIm: tf.Tensor, bRe: tf.Tensor, bIm: tf.Tensor) =>
          tf.sum(
            diagScan(
              lRe as tf.Tensor1D,
              lIm as tf.Tensor1D,
              bRe as tf.Tensor3D,
              bIm as tf.Tensor3D,
            )[0],
          );
        const f32 = (values: Float64Array) => Float32Array.from(values);
        return tf.grads(f)([
          tf.tensor1d(f32(lambda.re)),
          tf.tensor1d(f32(lambda.im)),
          tf.tensor3d(f32(b.re), shape),
          tf.tensor3d(f32(b.im), shape),
        ]);
      });
      const [dLRe, dLIm, dBRe, dBIm] = await Promise.all(grads.map(valuesOf));
      tf.dispose(grads);
      const evaluate = () => loss(lambda, b, w, shape, false);
      const fd = (target: Float64Array) =>
        Float64Array.from(target, (_, i) => centralDifference(target, i, evaluate));
      expect(relativeError(dLRe!, fd(lambda.re))).toBeLessThanOrEqual(1e-4);
      expect(relativeError(dLIm!, fd(lambda.im))).toBeLessThanOrEqual(1e-4);
      expect(relativeError(dBRe!, fd(b.re))).toBeLessThanOrEqual(1e-4);
      expect(relativeError(dBIm!, fd(b.im))).toBeLessThanOrEqual(1e-4);
    });

    it('is twice differentiable: d²L/dλ² of the kernel path matches the composite', async () => {
      const shape: Shape = [2, 6, 3];
      const random = makeRandom(11);
      const lambda = randomLambda(random, 3, 0.6, 0.95);
      const b = { re: uniform(random, 36), im: uniform(random, 36) };
      const secondDerivative = (scan: Scan) =>
        tf.tidy(() => {
          const lIm = tf.tensor1d(lambda.im);
          const bRe = tf.tensor3d(b.re, shape);
          const bIm = tf.tensor3d(b.im, shape);
          const f = (lRe: tf.Tensor) => {
            const [hRe, hIm] = scan(lRe as tf.Tensor1D, lIm, bRe, bIm);
            return tf.add(tf.sum(tf.square(hRe)), tf.sum(hIm));
          };
          return tf.grad((lRe: tf.Tensor) => tf.sum(tf.grad(f)(lRe)))(tf.tensor1d(lambda.re));
        });
      const [kernel, reference] = [secondDerivative(diagScan), secondDerivative(composite)];
      expect(relativeError(await valuesOf(kernel), await valuesOf(reference))).toBeLessThanOrEqual(
        1e-4,
      );
      tf.dispose([kernel, reference]);
    });
  },
);
