/**
 * The fused engine computes what `stepOnline` computes: per-step log-probabilities, losses and
 * the accumulated gradient of every parameter, across rules, activations, norms, pooling modes,
 * heads, batch sizes and dropout masks.
 */
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '@olrd/core';
import type { LruOnlineRuleName } from '../names/index.js';
import { smallConfig } from '../test-helpers.js';
import { createFusedEngine } from './fused-engine.js';
import {
  randomScenario,
  runEngine,
  runMismatches,
  runReference,
  scenarioMasks,
  scenarioParams,
} from './fused-test-helpers.js';

/** float32 reference against double arithmetic: relative error per array. */
const TOLERANCE = 1e-5;
const STEPS = 10;

interface Case {
  name: string;
  rule: LruOnlineRuleName;
  config: Partial<ModelConfig>;
  batch: number;
  dropout?: boolean;
}

const CASES: Case[] = [
  { name: 'online_full, full_glu, batch 1', rule: 'online_full', config: {}, batch: 1 },
  {
    name: 'online_full, 2 layers, post-norm, pool_st, 7 heads, dropout, batch 3',
    rule: 'online_full',
    config: {
      nLayers: 2,
      prenorm: false,
      mode: 'pool_st',
      multidim: 7,
      nClasses: 2,
      pDropout: 0.25,
    },
    batch: 3,
    dropout: true,
  },
  {
    name: 'online_full, half_glu1, 2 layers, batch 3',
    rule: 'online_full',
    config: { nLayers: 2, activation: 'half_glu1' },
    batch: 3,
  },
  {
    name: 'online_full, half_glu2, pool_st, dropout, batch 2',
    rule: 'online_full',
    config: { activation: 'half_glu2', mode: 'pool_st', pDropout: 0.25 },
    batch: 2,
    dropout: true,
  },
  {
    name: 'online_full, gelu, 2 layers, last, batch 3',
    rule: 'online_full',
    config: { nLayers: 2, activation: 'gelu', mode: 'last' },
    batch: 3,
  },
  {
    name: 'online_full, none, post-norm, batch 1',
    rule: 'online_full',
    config: { activation: 'none', prenorm: false },
    batch: 1,
  },
  {
    name: 'online_1truncated, 2 layers, 7 heads, dropout, batch 3',
    rule: 'online_1truncated',
    config: { nLayers: 2, multidim: 7, nClasses: 2, pDropout: 0.25 },
    batch: 3,
    dropout: true,
  },
  {
    name: 'online_1truncated, gelu, post-norm, pool_st, batch 1',
    rule: 'online_1truncated',
    config: { activation: 'gelu', prenorm: false, mode: 'pool_st' },
    batch: 1,
  },
  {
    name: 'online_spatial, 2 layers, half_glu2, batch 3',
    rule: 'online_spatial',
    config: { nLayers: 2, activation: 'half_glu2' },
    batch: 3,
  },
  {
    name: 'online_spatial, none, pool_st, 7 heads, batch 1',
    rule: 'online_spatial',
    config: { activation: 'none', mode: 'pool_st', multidim: 7, nClasses: 2 },
    batch: 1,
  },
];

describe('fused engine vs stepOnline', () => {
  CASES.forEach((testCase, index) => {
    it(testCase.name, () => {
      const config = smallConfig(testCase.config);
      const params = scenarioParams(config, 10 + index);
      const scenario = randomScenario(config, testCase.batch, STEPS, 20 + index, {
        ...(testCase.dropout ? { dropoutSeed: 30 + index } : {}),
        skipStep: 4,
      });
      const expected = runReference(testCase.rule, params, config, scenario);
      const engine = createFusedEngine(testCase.rule, params, config, testCase.batch, {
        dropoutMasks: scenarioMasks(config, scenario),
      });
      const actual = runEngine(engine, scenario);
      expect(runMismatches(actual, expected, TOLERANCE)).toEqual([]);
      // Sanity: the comparison is not vacuous.
      expect(Math.abs(expected.losses.reduce((a, b) => a + b, 0))).toBeGreaterThan(0.1);
      engine.dispose();
    });
  });

  it('online_spatial leaves nu and theta at 0; online_1truncated does not', () => {
    const config = smallConfig();
    const params = scenarioParams(config, 3);
    const scenario = randomScenario(config, 2, 4, 4);
    const spatial = runEngine(createFusedEngine('online_spatial', params, config, 2), scenario);
    const truncated = runEngine(
      createFusedEngine('online_1truncated', params, config, 2),
      scenario,
    );
    expect([...spatial.grads['layers.0.rec.nu']!].every((v) => v === 0)).toBe(true);
    expect([...spatial.grads['layers.0.rec.theta']!].every((v) => v === 0)).toBe(true);
    expect([...truncated.grads['layers.0.rec.nu']!].some((v) => v !== 0)).toBe(true);
    expect(truncated.grads['layers.0.rec.B_re']).toEqual(spatial.grads['layers.0.rec.B_re']);
  });
});
