import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import type { AlignmentMetricsEvent, EpochMetricsEvent, MetricsEvent } from './metrics-events.js';
import { train } from './train.js';

const tiny = resolveTrainConfig({
  copyPatternLength: 2,
  copyTrainSamples: 32,
  copyValSamples: 8,
  copyTestSamples: 8,
  nLayers: 1,
  dModel: 8,
  dHidden: 4,
  bsz: 8,
  epochs: 2,
  lrBase: 1e-2,
  logEvery: 0,
  logNBatches: 2,
});

async function run(overrides: Partial<typeof tiny> = {}) {
  const events: MetricsEvent[] = [];
  const notices: string[] = [];
  const result = await train(
    { ...tiny, ...overrides },
    {
      onMetrics: (event) => void events.push(event),
      onNotice: (message) => void notices.push(message),
    },
  );
  disposeTree(result.params);
  const alignment = events.filter((e): e is AlignmentMetricsEvent => e.type === 'alignment');
  const epochs = events.filter((e): e is EpochMetricsEvent => e.type === 'epoch');
  return { result, events, alignment, epochs, notices };
}

// online_full is exact for a 1-layer LRU's recurrence and everything above it (spec 0); the
// encoder and the pre-norm below the recurrence get only the spatial error.
const EXACT_MODULES = ['layers.0.rec', 'layers.0.glu', 'decoder'];

describe('train with logNBatches', () => {
  it('logs the first N batches of each epoch and the epoch means, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const { alignment, epochs, events, notices, result } = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(notices).toEqual([]);
    expect(result.steps).toBe(8);
    expect(alignment.map((e) => [e.epoch, e.batch, e.step])).toEqual([
      [0, 0, 1],
      [0, 1, 2],
      [1, 0, 5],
      [1, 1, 6],
    ]);
    // Each alignment record comes before the epoch event that averages it.
    expect(events.map((e) => e.type)).toEqual([
      'alignment',
      'alignment',
      'epoch',
      'alignment',
      'alignment',
      'epoch',
    ]);
    for (const event of alignment) {
      expect(event).toMatchObject({ rule: 'online_full', reference: 'bptt' });
      expect(event.layers).toHaveLength(1);
      for (const module of EXACT_MODULES) {
        expect(event.modules[module]!.cosine, module).toBeGreaterThan(0.9999);
        expect(event.modules[module]!.relativeNorm, module).toBeCloseTo(1, 3);
      }
      // The encoder dominates the overall norm here and is not exact, so overall is below 1.
      expect(event.overall.cosine).toBeGreaterThan(0);
      expect(event.overall.cosine).toBeLessThan(1);
      expect(event.averageLayers).toEqual(event.layers[0]);
      expect(event.overall.norm).toBeGreaterThan(0);
    }
    const [first, second] = alignment;
    expect(epochs[0]!.alignment!.batches).toBe(2);
    expect(epochs[0]!.alignment!.overall.cosine).toBeCloseTo(
      (first!.overall.cosine + second!.overall.cosine) / 2,
      12,
    );
    expect(epochs[1]!.alignment!.modules['decoder']!.cosine).toBeGreaterThan(0.9999);
  });

  it('finds online_spatial less aligned than online_full: its lambda gets no gradient', async () => {
    const full = await run({ epochs: 1, maxSteps: 2 });
    const spatial = await run({ epochs: 1, maxSteps: 2, trainingMode: 'online_spatial' });
    expect(spatial.alignment).toHaveLength(2);
    for (const [i, event] of spatial.alignment.entries()) {
      expect(event.rule).toBe('online_spatial');
      expect(event.modules['layers.0.rec']!.cosine).toBeLessThan(0.99);
      expect(event.layers[0]!.cosine).toBeLessThan(full.alignment[i]!.layers[0]!.cosine);
      expect(event.modules['decoder']!.cosine).toBeGreaterThan(0.9999);
    }
  });

  it('uses the same dropout masks for BPTT, and works in streaming execution', async () => {
    const dropout = await run({ epochs: 1, pDropout: 0.3, logNBatches: 1 });
    const streaming = await run({ epochs: 1, execution: 'streaming', logNBatches: 1 });
    for (const { alignment } of [dropout, streaming]) {
      expect(alignment).toHaveLength(1);
      // Different masks for the two gradients would break the exactness of these modules.
      for (const module of EXACT_MODULES)
        expect(alignment[0]!.modules[module]!.cosine, module).toBeGreaterThan(0.9999);
    }
  });

  it('says once, and logs nothing, when the rule is bptt; logs nothing when off', async () => {
    const bptt = await run({ trainingMode: 'bptt' });
    expect(bptt.notices).toHaveLength(1);
    expect(bptt.notices[0]).toMatch(/logNBatches 2 has no effect: the rule is bptt/);
    expect(bptt.alignment).toEqual([]);
    expect(bptt.epochs[0]!.alignment).toBeUndefined();
    const off = await run({ logNBatches: 0 });
    expect(off.alignment).toEqual([]);
    expect(off.notices).toEqual([]);
  });
});

describe('bp_lambda runs: the learning-signal alignment and freezeModel', () => {
  it('bp_lambda events carry the per-step signal cosine; freezeModel moves only the synthesisers', async () => {
    const bp = { trainingMode: 'bp_lambda' as const, epochs: 1, synthLr: 1e-2 };
    const free = await run(bp);
    const frozen = await run({ ...bp, freezeModel: true });
    for (const { alignment } of [free, frozen]) {
      const signal = alignment[0]!.signal!;
      expect(signal.perLayer).toHaveLength(1);
      // Copy sequences are 2·2 + 2 = 6 steps long (pattern, delimiters, recall).
      expect(signal.perLayer[0]!.length).toBeGreaterThan(2);
      expect(signal.mean).toBeGreaterThan(-1);
      expect(signal.mean).toBeLessThanOrEqual(1);
    }
    // The first batch is measured before any update: both runs start from the same parameters.
    expect(frozen.alignment[0]!.signal).toEqual(free.alignment[0]!.signal);
    // Non-BP(λ) runs carry no signal record.
    const plain = await run({ epochs: 1 });
    expect(plain.alignment[0]!.signal).toBeUndefined();
  });

  it('freezeModel leaves every model parameter as initialised and trains the synthesisers', async () => {
    const base = { ...tiny, trainingMode: 'bp_lambda' as const, epochs: 1, logNBatches: 0 };
    const one = await train({ ...base, freezeModel: true, synthLr: 1e-2 });
    const two = await train({ ...base, freezeModel: true, synthLr: 1e-3 });
    const free = await train({ ...base, synthLr: 1e-2 });
    const same = (a: tf.Tensor, b: tf.Tensor): boolean =>
      tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] === 0);
    for (const name of Object.keys(one.params)) {
      const synth = name.includes('.synth.');
      // Frozen runs keep the model identical whatever the synthesiser's rate; free ones move it.
      if (!synth) expect(same(one.params[name]!, two.params[name]!), name).toBe(true);
      if (synth) expect(same(one.params[name]!, two.params[name]!), name).toBe(false);
    }
    expect(same(one.params['decoder.kernel']!, free.params['decoder.kernel']!)).toBe(false);
    [one, two, free].forEach((r) => disposeTree(r.params));
  });

  it('freezeModel needs a rule with a synthesiser', () => {
    expect(() => resolveTrainConfig({ freezeModel: true })).toThrow(
      /freezeModel.*nothing would learn/,
    );
  });
});
