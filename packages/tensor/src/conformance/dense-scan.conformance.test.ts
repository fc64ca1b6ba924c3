/**
 * denseScan (h_t = A·ρ(h_{t−1}) + b_t) on the backend under test: values against a float64 loop,
 * gradients (dA, db, d initial) of L = Σ w ⊙ h against central finite differences of that loop,
 * for the fused kernel (where registered) and the stock-ops composite alike, for every
 * activation, with and without an initial state; the fused kernel really runs; nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import {
  tf,
  denseScan,
  denseScanComposite,
  hasFusedDenseScan,
  OlrdDenseScan,
  OlrdDenseScanAdjoint,
  type DenseScanActivation,
} from '../node.js';
import { setUpBackendUnderTest } from './backend-under-test.js';
import { makeRandom, relativeError, uniform, valuesOf } from './numeric.js';

const backend = await setUpBackendUnderTest();

type Shape = [batch: number, time: number, units: number];
const ACTIVATIONS: DenseScanActivation[] = ['linear', 'tanh', 'relu'];

function rho(x: number, activation: DenseScanActivation): number {
  if (activation === 'tanh') return Math.tanh(x);
  if (activation === 'relu') return Math.max(0, x);
  return x;
}

/** The float64 reference: h [B·T·N]. */
function reference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  initial: ArrayLike<number>,
  [batch, time, units]: Shape,
  activation: DenseScanActivation,
): Float64Array {
  const h = new Float64Array(batch * time * units);
  for (let n = 0; n < batch; n++) {
    let prev = Float64Array.from({ length: units }, (_, j) => initial[n * units + j]!);
    for (let t = 0; t < time; t++) {
      const row = (n * time + t) * units;
      const carried = prev.map((x) => rho(x, activation));
      for (let i = 0; i < units; i++) {
        let sum = b[row + i]!;
        for (let j = 0; j < units; j++) sum += a[i * units + j]! * carried[j]!;
        h[row + i] = sum;
      }
      prev = h.slice(row, row + units);
    }
  }
  return h;
}

/** Central differences of L = Σ w ⊙ h with respect to every element of `x` (float64). */
function finiteDifferences(x: Float64Array, loss: () => number, step = 1e-6): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i]!;
    x[i] = keep + step;
    const up = loss();
    x[i] = keep - step;
    const down = loss();
    x[i] = keep;
    out[i] = (up - down) / (2 * step);
  }
  return out;
}

const SCANS = { fused: denseScan, composite: denseScanComposite } as const;

describe.skipIf(backend.skipReason != null)(
  `denseScan on ${backend.name} ${backend.skipReason ?? ''}`,
  () => {
    it(`runs the fused kernels where they are registered (${backend.name}: ${
      ['cpu', 'wasm'].includes(backend.name) ? 'yes' : 'composite'
    })`, async () => {
      expect(hasFusedDenseScan()).toBe(['cpu', 'wasm'].includes(backend.name));
      if (!hasFusedDenseScan()) return;
      const a = tf.eye(3) as tf.Tensor2D;
      const b = tf.ones([2, 4, 3]) as tf.Tensor3D;
      const info = await tf.profile(() => {
        const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(denseScan(x as tf.Tensor2D, y as tf.Tensor3D, { activation: 'tanh' })),
        )([a, b]);
        tf.dispose(grads);
      });
      const names = info.kernels.map((kernel) => kernel.name);
      expect(names).toContain(OlrdDenseScan);
      expect(names).toContain(OlrdDenseScanAdjoint);
      tf.dispose([a, b]);
    });

    const valueCases: [Shape, DenseScanActivation, boolean][] = [
      [[3, 40, 7], 'linear', false],
      [[3, 40, 7], 'tanh', true],
      [[2, 25, 5], 'relu', true],
      [[1, 1, 4], 'tanh', false],
    ];
    it.each(valueCases)(
      'values match float64 for shape %j, %s, initial %s (fused and composite)',
      async (shape, activation, withInitial) => {
        const [batch, time, units] = shape;
        const random = makeRandom(batch * 1000 + time * 10 + units);
        // Spectral radius below 1 so a 40-step linear scan stays bounded.
        const aValues = uniform(random, units * units, -0.9 / units, 0.9 / units);
        const bValues = uniform(random, batch * time * units);
        const initValues = withInitial
          ? uniform(random, batch * units)
          : new Float32Array(batch * units);
        const expected = reference(aValues, bValues, initValues, shape, activation);
        const a = tf.tensor2d(aValues, [units, units]);
        const b = tf.tensor3d(bValues, shape);
        const initial = withInitial ? tf.tensor2d(initValues, [batch, units]) : undefined;
        for (const scan of Object.values(SCANS)) {
          const h = scan(a, b, { initial, activation });
          expect(h.shape).toEqual(shape);
          expect(relativeError(await valuesOf(h), expected)).toBeLessThan(1e-5);
          h.dispose();
        }
        tf.dispose([a, b, initial].filter((t) => t !== undefined) as tf.Tensor[]);
      },
    );

    const gradientCases: [DenseScanActivation, boolean, keyof typeof SCANS][] = ACTIVATIONS.flatMap(
      (activation) =>
        [true, false].flatMap((withInitial) =>
          (['fused', 'composite'] as const).map(
            (scan) =>
              [activation, withInitial, scan] as [DenseScanActivation, boolean, keyof typeof SCANS],
          ),
        ),
    );
    it.each(gradientCases)(
      'gradients match finite differences: %s, initial %s, %s',
      async (activation, withInitial, which) => {
        const shape: Shape = [2, 6, 3];
        const [batch, time, units] = shape;
        const random = makeRandom(7 + ACTIVATIONS.indexOf(activation));
        const a64 = Float64Array.from(uniform(random, units * units, -0.6, 0.6));
        const b64 = Float64Array.from(uniform(random, batch * time * units));
        const i64 = Float64Array.from(uniform(random, batch * units));
        if (!withInitial) i64.fill(0);
        const w = Float64Array.from(uniform(random, batch * time * units));
        const loss = () =>
          reference(a64, b64, i64, shape, activation).reduce((sum, h, k) => sum + w[k]! * h, 0);
        const expected = {
          a: finiteDifferences(a64, loss),
          b: finiteDifferences(b64, loss),
          initial: finiteDifferences(i64, loss),
        };
        const before = tf.memory().numTensors;
        const a = tf.tensor2d(Float32Array.from(a64), [units, units]);
        const b = tf.tensor3d(Float32Array.from(b64), shape);
        const initial = tf.tensor2d(Float32Array.from(i64), [batch, units]);
        const weights = tf.tensor3d(Float32Array.from(w), shape);
        const scan = SCANS[which];
        // Without an initial state it is not an input (tf.grads refuses an unconnected one).
        const inputs = withInitial ? [a, b, initial] : [a, b];
        const [dA, dB, dInitial] = tf.grads((...xs: tf.Tensor[]) =>
          tf.sum(
            tf.mul(
              scan(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor3D, {
                initial: xs[2] as tf.Tensor2D | undefined,
                activation,
              }),
              weights,
            ),
          ),
        )(inputs);
        expect(relativeError(await valuesOf(dA!), expected.a)).toBeLessThan(1e-4);
        expect(relativeError(await valuesOf(dB!), expected.b)).toBeLessThan(1e-4);
        if (withInitial)
          expect(relativeError(await valuesOf(dInitial!), expected.initial)).toBeLessThan(1e-4);
        tf.dispose([a, b, initial, weights, dA!, dB!, ...(dInitial ? [dInitial] : [])]);
        expect(tf.memory().numTensors).toBe(before);
      },
    );

    it('refuses wrong shapes with what it expected', () => {
      const a = tf.zeros([3, 3]) as tf.Tensor2D;
      const b = tf.zeros([2, 4, 5]) as tf.Tensor3D;
      expect(() => denseScan(a, b)).toThrow(
        /denseScan: expected float32 A \[N, N\], b \[B, T ≥ 1, N\]/,
      );
      tf.dispose([a, b]);
    });
  },
);
