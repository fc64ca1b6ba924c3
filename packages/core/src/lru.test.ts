import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { lruDynamics, lruInit, lruReadout, lruScan } from './lru.js';
import { normalArray, uniformGenerator } from './random.js';

describe('lruInit (spec 1 §1.2)', () => {
  it('puts |λ| in the ring, θ in [0, maxPhase), and γ = √(1 − |λ|²)', () => {
    const rec = lruInit(uniformGenerator(1), 16, 400, { rMin: 0.5, rMax: 0.9, maxPhase: 3 });
    const nu = Array.from(rec['nu']!.dataSync()).map(Math.exp);
    const theta = Array.from(rec['theta']!.dataSync()).map(Math.exp);
    const gamma = Array.from(rec['gamma_log']!.dataSync()).map(Math.exp);
    nu.forEach((v, j) => {
      const modulus = Math.exp(-v);
      expect(modulus).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(modulus).toBeLessThanOrEqual(0.9 + 1e-6);
      expect(gamma[j]).toBeCloseTo(Math.sqrt(1 - modulus * modulus), 5);
    });
    theta.forEach((v) => expect(v >= 0 && v < 3).toBe(true));
    // |λ|² is uniform on [0.25, 0.81]: its mean is 0.53.
    const meanSquared = nu.reduce((s, v) => s + Math.exp(-2 * v), 0) / nu.length;
    expect(meanSquared).toBeGreaterThan(0.5);
    expect(meanSquared).toBeLessThan(0.56);
    expect(rec['B_re']!.shape).toEqual([400, 16]);
    expect(rec['C_im']!.shape).toEqual([16, 400]);
    // B parts ~ N(0, 1/(2H)): variance 1/32.
    const b = Array.from(rec['B_re']!.dataSync());
    const variance = b.reduce((s, v) => s + v * v, 0) / b.length;
    expect(variance).toBeGreaterThan(0.9 / 32);
    expect(variance).toBeLessThan(1.1 / 32);
    tf.dispose(Object.values(rec));
  });
});

describe('lruScan and lruReadout', () => {
  it('match a float64 loop of h_t = λh_{t−1} + γ·B·u_t and y = Re(Ch) + D⊙u', () => {
    const [H, N, T] = [3, 4, 5];
    const rec = lruInit(uniformGenerator(2), H, N, { rMin: 0.3, rMax: 0.95, maxPhase: 6.28 });
    const uValues = normalArray(uniformGenerator(3), T * H);
    const u = tf.tensor3d(uValues, [1, T, H]);
    const dynamics = lruDynamics(rec);
    const [hRe, hIm] = lruScan(u, dynamics);
    const y = lruReadout(hRe, hIm, rec, u).dataSync();
    const lr = dynamics.lambdaRe.dataSync(),
      li = dynamics.lambdaIm.dataSync();
    const br = dynamics.inputRe.dataSync(),
      bi = dynamics.inputIm.dataSync();
    const cr = rec['C_re']!.dataSync(),
      ci = rec['C_im']!.dataSync(),
      d = rec['D']!.dataSync();
    const re = new Float64Array(N),
      im = new Float64Array(N);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < N; j++) {
        let bu = 0,
          buIm = 0;
        for (let k = 0; k < H; k++) {
          bu += br[j * H + k]! * uValues[t * H + k]!;
          buIm += bi[j * H + k]! * uValues[t * H + k]!;
        }
        const nr = lr[j]! * re[j]! - li[j]! * im[j]! + bu;
        const ni = lr[j]! * im[j]! + li[j]! * re[j]! + buIm;
        re[j] = nr;
        im[j] = ni;
      }
      for (let k = 0; k < H; k++) {
        let out = d[k]! * uValues[t * H + k]!;
        for (let j = 0; j < N; j++) out += cr[k * N + j]! * re[j]! - ci[k * N + j]! * im[j]!;
        expect(y[t * H + k]).toBeCloseTo(out, 4);
      }
    }
    tf.dispose([...Object.values(rec), u, hRe, hIm]);
  });
});
