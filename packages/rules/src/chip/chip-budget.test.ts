import { describe, expect, it } from 'vitest';
import { chipBudget, chipParamCount } from './chip-budget.js';
import { chipTestConfig } from './chip-test-helpers.js';
import { parsePrecision, precisionPreset } from './precision.js';

// The smallest model: D = H = N = L = 1, two classes, one head (K = 2).
const tiny = chipTestConfig({
  dInput: 1,
  dModel: 1,
  dHidden: 1,
  nLayers: 1,
  nClasses: 2,
  multidim: 1,
});

describe('chipBudget', () => {
  it('counts the tiny model by hand', () => {
    // encoder 1 + 1; layer: norm 2, λ 2, γ 1, B 2, C 2, D 1 = 10; decoder 2 + 2.
    expect(chipParamCount(tiny)).toBe(16);
    const rows = chipBudget(tiny, {
      precision: precisionPreset('fp32'),
      optimizer: 'sgd',
      seqLen: 10,
    });
    const full = rows.find((r) => r.rule === 'online_full')!;
    // 16 params and 16 gradients of 4 bytes; h (re, im) 8 bytes; e^λ, e^γ, E^B 6 × 4 bytes.
    expect(full).toMatchObject({
      parameterBytes: 64,
      gradientBytes: 64,
      optimizerBytes: 0,
      stateBytes: 8,
      traceBytes: 24,
      totalBytes: 160,
    });
    // Forward: enc 1, norm 3, B·u 2, λh and γ(Bu) 6, readout 2 + 1, dec 2, softmax 2 = 19.
    // Backward: dec 4, D 1, C 2, Cᵀ 2, γg 2, dU 1 + 2, norm 5, enc 1 = 20.
    // Traces 14 + 9 = 23; update 16. Total 78.
    expect(full.multiplyAddsPerStep).toBe(78);
    const spatial = rows.find((r) => r.rule === 'online_spatial')!;
    expect(spatial.traceBytes).toBe(0);
    expect(spatial.multiplyAddsPerStep).toBe(19 + 20 + 4 + 16);
    // bptt keeps T·(D + H + K + 3H + 4N) = 10·11 activations and no carried state.
    const bptt = rows.find((r) => r.rule === 'bptt')!;
    expect(bptt.traceBytes).toBe(10 * 11 * 4);
    expect(bptt.stateBytes).toBe(0);
    // bp_lambda adds a synthesiser S² + S = 6 params (S = 2) and 2S² + 5S = 18 traces.
    const bp = rows.find((r) => r.rule === 'bp_lambda')!;
    expect(bp.parameterBytes).toBe(22 * 4);
    expect(bp.traceBytes).toBe(18 * 4);
  });
  it('prices each class in its format', () => {
    const config = chipTestConfig({
      dInput: 4,
      dModel: 8,
      dHidden: 4,
      nLayers: 2,
      nClasses: 2,
      multidim: 1,
    });
    const P = chipParamCount(config);
    // 4·8 + 8 + 2·(128 + 12 + 24) + 16 + 2 = 386.
    expect(P).toBe(386);
    const rows = chipBudget(config, {
      precision: parsePrecision('int8'),
      optimizer: 'momentum',
      seqLen: 5,
    });
    const full = rows.find((r) => r.rule === 'online_full')!;
    expect(full.parameterBytes).toBe(386); // int8
    expect(full.gradientBytes).toBe(386 * 4); // q8.24
    expect(full.optimizerBytes).toBe(386 * 4); // momentum in the accumulators' format
    expect(full.stateBytes).toBe(2 * 4 * 2 * 2); // 2N per layer, int16
    expect(full.traceBytes).toBe(2 * (16 + 64) * 2); // (4N + 2NH) per layer, int16
  });
});
