/**
 * The memory estimate for every cell × rule × execution: the formulas by hand on small shapes,
 * and checked against what the packages really allocate — the states and traces in an
 * `OnlineLearner`'s checkpoint (tfjs engines), the parameter shapes of @olrd/core, and the sizes
 * rtrl names when it refuses a model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@olrd/tensor';
import { cellOf, defaultArchitecture, initParams, paramShapes, type ModelConfig } from '@olrd/core';
import { computeGradients, type OnlineRuleName } from '@olrd/rules';
import { OnlineLearner, adam, parseSafetensors, saveLearner } from '@olrd/train';
import {
  bpttFloatsPerStep,
  cellParamCounts,
  formatFloats,
  memoryRows,
  reportFloats,
  ruleMemory,
  stateParamCount,
  type MemoryShape,
} from './memory-estimate.js';
import type { MemoryReport } from '../protocol.js';

const lru: MemoryShape = {
  batch: 2,
  nLayers: 1,
  dInput: 3,
  dModel: 4,
  dHidden: 3,
  outputs: 14,
  activation: 'full_glu',
  layerCls: 'LRU',
  truncation: 5,
};
/** GRU and LSTM need N = H. */
const square = { ...lru, dHidden: 4 };

const configOf = (s: MemoryShape): ModelConfig => ({
  ...defaultArchitecture,
  dInput: s.dInput,
  dModel: s.dModel,
  dHidden: s.dHidden,
  nLayers: s.nLayers,
  nClasses: s.outputs,
  multidim: 1,
  layerCls: s.layerCls,
  ...(s.rnnActivation ? { rnnActivation: s.rnnActivation } : {}),
  activation: s.activation,
  pDropout: 0,
});

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('memory estimate by hand', () => {
  it('LRU: online_full keeps h, e^λ, e^γ, E^B; the one-step rules only h (fused engine)', () => {
    // B·H + L·2B·(3N + N·H) = 8 + 4·(9 + 12) = 92, whatever T.
    expect(ruleMemory('online_full', 'streaming', lru)).toEqual({ fixed: 92, perStep: 0 });
    expect(ruleMemory('snap1', 'streaming', lru).fixed).toBe(92);
    // B·(H + L·2N) = 2·(4 + 6) = 20; the tfjs engine (WebGPU) allocates the traces anyway.
    expect(ruleMemory('online_spatial', 'streaming', lru).fixed).toBe(20);
    expect(ruleMemory('online_1truncated', 'streaming', lru, true).fixed).toBe(92);
  });

  it('RNN, GRU, LSTM: states (k·N) and SnAp-1 traces of k·P_rec per layer', () => {
    // RNN: B·(H + N) + B·(N² + N·H) = 14 + 2·21 = 56.
    const rnn = { ...lru, layerCls: 'RNN' as const };
    expect(ruleMemory('snap1', 'streaming', rnn).fixed).toBe(56);
    expect(ruleMemory('online_spatial', 'streaming', rnn).fixed).toBe(14);
    // GRU (N = H = 4): P_rec = 3·16 + 3·4 + 3·16 + 4 = 112; B·(H + N) + B·112 = 16 + 224.
    expect(ruleMemory('snap1', 'streaming', { ...square, layerCls: 'GRU' }).fixed).toBe(240);
    // LSTM: k = 2, P_rec = 4·16 + 4·16 + 4·4 = 144; B·(H + 2N) + 2B·144 = 24 + 576.
    const lstm = { ...square, layerCls: 'LSTM' as const };
    expect(ruleMemory('snap1', 'streaming', lstm).fixed).toBe(600);
    expect(ruleMemory('online_1truncated', 'streaming', lstm).fixed).toBe(24);
  });

  it('bp_lambda: states plus the synthesiser traces, dense S³ + 2S² + S, per unit 2S² + 5S', () => {
    // RNN (S = N = 3): B·(H + N) + B·(27 + 18 + 3) = 14 + 96.
    expect(ruleMemory('bp_lambda', 'streaming', { ...lru, layerCls: 'RNN' }).fixed).toBe(110);
    // LRU (S = 2N = 6), per unit: 20 + 2·(72 + 30); sequence execution keeps the tape instead.
    expect(ruleMemory('bp_lambda', 'streaming', lru).fixed).toBe(224);
    // The hybrid adds online_full's traces 2·(2N + N·H) = 36 and a copy of s_{t−1}: 20 + 2·(36 + 102 + 6).
    expect(ruleMemory('online_full_bp_lambda', 'streaming', lru).fixed).toBe(308);
    expect(ruleMemory('bp_lambda', 'sequence', lru)).toEqual({ fixed: 0, perStep: 152 });
  });

  it('BPTT and sequence execution keep every step; tbptt streaming at most k steps; rtrl none', () => {
    // B·(H + 2·C·m + L·(a·N + 8H)) with a = 4 (LRU): 2·(4 + 28 + 12 + 32) = 152 per step.
    expect(bpttFloatsPerStep(lru)).toBe(152);
    expect(ruleMemory('bptt', 'sequence', lru)).toEqual({ fixed: 0, perStep: 152 });
    expect(ruleMemory('snap1', 'sequence', lru)).toEqual({ fixed: 0, perStep: 152 });
    expect(ruleMemory('tbptt', 'sequence', lru)).toEqual({ fixed: 0, perStep: 152 });
    expect(ruleMemory('tbptt', 'streaming', lru)).toEqual({ fixed: 20, perStep: 152, window: 5 });
    expect(ruleMemory('dni', 'streaming', lru)).toEqual({ fixed: 20, perStep: 152, window: 5 });
    // The cell's activations per unit: RNN 3 (linear) or 4, GRU 21, LSTM 33.
    const rnn = { ...lru, layerCls: 'RNN' as const };
    expect(bpttFloatsPerStep({ ...rnn, rnnActivation: 'linear' })).toBe(152 - 2 * 3);
    expect(bpttFloatsPerStep(rnn)).toBe(152);
    expect(bpttFloatsPerStep({ ...square, layerCls: 'LSTM' })).toBe(2 * (4 + 28 + 33 * 4 + 32));
    // rtrl: states + B·S·P, the same in both executions.
    const rtrl = ruleMemory('rtrl', 'sequence', lru);
    expect(rtrl).toEqual(ruleMemory('rtrl', 'streaming', lru));
    expect(rtrl).toEqual({ fixed: 20 + 2 * 6 * stateParamCount(lru), perStep: 0 });
  });

  it('draws each learner at its own T and adds BPTT when no learner is BPTT', () => {
    const report = (rule: MemoryReport['rule'], execution: MemoryReport['execution']) => {
      const m = ruleMemory(rule, execution, lru);
      return {
        rule,
        execution,
        fixedFloats: m.fixed,
        perStepFloats: m.perStep,
        ...(m.window ? { window: m.window } : {}),
        bpttFloatsPerStep: bpttFloatsPerStep(lru),
      };
    };
    expect(reportFloats(report('tbptt', 'streaming'), 3)).toBe(20 + 3 * 152);
    expect(reportFloats(report('tbptt', 'streaming'), 300)).toBe(20 + 5 * 152);
    expect(
      memoryRows([report('online_full', 'streaming'), report('online_full', 'sequence')], [28, 56]),
    ).toEqual([
      { label: 'online_full (streaming)', floats: 92, learner: 0 },
      { label: 'online_full (sequence)', floats: 56 * 152, learner: 1 },
      { label: 'bptt', floats: 28 * 152 },
    ]);
    expect(memoryRows([report('bptt', 'sequence')], [10])).toEqual([
      { label: 'bptt (sequence)', floats: 10 * 152, learner: 0 },
    ]);
  });

  it('formats bytes', () => {
    expect(formatFloats(100)).toBe('400 B');
    expect(formatFloats(1024 * 256)).toBe('1.0 MiB');
  });
});

describe('memory estimate against the packages', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  const cells: MemoryShape[] = [
    { ...lru, nLayers: 2 },
    { ...lru, nLayers: 2, layerCls: 'RNN', rnnActivation: 'linear' },
    { ...square, nLayers: 2, layerCls: 'GRU' },
    { ...square, nLayers: 2, layerCls: 'LSTM' },
  ];

  it('counts each cell’s parameters, all and recurrent, as @olrd/core shapes them', () => {
    for (const s of cells) {
      const shapes = paramShapes(configOf(s));
      const rec = 'layers.0.rec.';
      const names = Object.keys(shapes).filter((n) => n.startsWith(rec));
      const recurrent = new Set(cellOf(s.layerCls).recurrentParams.map((n) => rec + n));
      expect(cellParamCounts(s), s.layerCls).toEqual({
        all: names.reduce((sum, n) => sum + size(shapes[n]!), 0),
        recurrent: names
          .filter((n) => recurrent.has(n))
          .reduce((sum, n) => sum + size(shapes[n]!), 0),
      });
    }
  });

  it('matches the states and traces OnlineLearner keeps for BP(λ), per cell', () => {
    for (const s of cells) {
      for (const rule of s.layerCls === 'LRU'
        ? (['bp_lambda', 'online_full_bp_lambda'] as const)
        : (['bp_lambda'] as const)) {
        const config = { ...configOf(s), synthesiser: true };
        const learner = OnlineLearner.create({
          rule,
          config,
          params: initParams(config, 1),
          optimizer: adam(0.01),
          batchSize: s.batch,
        });
        const { tensors } = parseSafetensors(saveLearner(learner));
        learner.dispose();
        // The engine's tensor tree, less the accumulators (gradients, loss) and step counts.
        const kept = Object.entries(tensors)
          .filter(([n]) => n.startsWith('engine.state.'))
          .filter(
            ([n]) => !/(\.grads\.|\.spatialGrads\.|\.grad[A-Z]\w*(\.|$)|\.loss$|\.counts$)/.test(n),
          )
          .reduce((sum, [, t]) => sum + size(t.shape), 0);
        expect(ruleMemory(rule, 'streaming', s).fixed, `${s.layerCls} ${rule}`).toBe(kept);
      }
    }
  });

  it('matches the states and traces OnlineLearner keeps (tfjs engines), per cell and rule', () => {
    const rules: OnlineRuleName[] = ['online_1truncated', 'online_spatial', 'snap1'];
    for (const s of cells) {
      for (const rule of s.layerCls === 'LRU' ? [...rules, 'online_full' as const] : rules) {
        const config = configOf(s);
        const learner = OnlineLearner.create({
          rule,
          config,
          params: initParams(config, 1),
          optimizer: adam(0.01),
          batchSize: s.batch,
          engine: 'tfjs',
        });
        const { tensors } = parseSafetensors(saveLearner(learner));
        learner.dispose();
        // States, pooled features and traces; not the parameter-sized gradient accumulators.
        const kept = Object.entries(tensors)
          .filter(([n]) => /^engine\.(featureSum|states\.|hidden\.|traces\.)/.test(n))
          .filter(([n]) => !/\.grad(B|Gamma|Lambda)\b/.test(n))
          .reduce((sum, [, t]) => sum + size(t.shape), 0);
        // The tensor (tfjs) engine allocates the traces for every rule (the fused one does not).
        expect(ruleMemory(rule, 'streaming', s, true).fixed, `${s.layerCls} ${rule}`).toBe(kept);
      }
    }
  });

  it('counts rtrl’s state entries and parameters as rtrl does when it refuses', () => {
    for (const s of cells) {
      const config = configOf(s);
      const params = initParams(config, 1);
      const batch = {
        x: tf.zeros([s.batch, 2, s.dInput]) as tf.Tensor3D,
        y: tf.zeros([s.batch, 2], 'int32'),
        mask: tf.ones([s.batch, 2]) as tf.Tensor2D,
      };
      let message = '';
      try {
        computeGradients('rtrl', params, config, batch, { maxSensitivityBytes: 1 });
      } catch (error) {
        message = (error as Error).message;
      } finally {
        tf.dispose([...Object.values(params), batch.x, batch.y, batch.mask]);
      }
      const states = s.nLayers * (s.layerCls === 'LRU' || s.layerCls === 'LSTM' ? 2 : 1);
      expect(message, s.layerCls).toContain(
        `batch ${s.batch} × ${states * s.dHidden} state entries × ${stateParamCount(s)} parameters`,
      );
    }
  });
});
