/**
 * The fused and tensor engines share their checkpoint names: either resumes the other's
 * `exportState` and continues with the same numbers (to float32 tolerance).
 */
import { describe, expect, it } from 'vitest';
import { createTensorEngine } from '../engines/tensor-engine.js';
import { smallConfig } from '../test-helpers.js';
import { createFusedEngine } from './fused-engine.js';
import { randomScenario, runEngine, runMismatches, scenarioParams } from './fused-test-helpers.js';

describe('fused ↔ tensor engine checkpoints', () => {
  for (const rule of ['online_full', 'online_1truncated'] as const) {
    it(`${rule}: each engine resumes the other's state`, () => {
      const config = smallConfig({ nLayers: 2, mode: 'pool_st' });
      const params = scenarioParams(config, 41);
      const scenario = randomScenario(config, 2, 8, 42);
      const fused = createFusedEngine(rule, params, config, 2);
      const tfjs = createTensorEngine(rule, params, config, 2);
      runEngine(fused, scenario, 0, 4);
      runEngine(tfjs, scenario, 0, 4);
      const fromFused = createTensorEngine(rule, params, config, 2);
      fromFused.importState(fused.exportState());
      const fromTfjs = createFusedEngine(rule, params, config, 2);
      fromTfjs.importState(tfjs.exportState());
      const expected = runEngine(fused, scenario, 4, 8);
      expect(runMismatches(runEngine(fromFused, scenario, 4, 8), expected, 1e-5)).toEqual([]);
      expect(runMismatches(runEngine(fromTfjs, scenario, 4, 8), expected, 1e-5)).toEqual([]);
      for (const engine of [fused, tfjs, fromFused, fromTfjs]) engine.dispose();
    });
  }
});
