import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { resolveTrainConfig } from './validate-config.js';

describe('architecture checks while resolving the config', () => {
  it("refuse a rule the cell cannot run, in the rule's own words", () => {
    expect(() => resolveTrainConfig({ layerCls: 'RNN', trainingMode: 'online_full' })).toThrow(
      "rule 'online_full' needs a diagonal recurrence (the LRU); for RNN use 'snap1' (its diagonal approximation) or 'rtrl' (exact)",
    );
    expect(() =>
      resolveTrainConfig({ layerCls: 'GRU', trainingMode: 'online_full_bp_lambda' }),
    ).toThrow(/online_full_bp_lambda' is online_full .*; for GRU use 'bp_lambda'/);
    try {
      resolveTrainConfig({ layerCls: 'LSTM', trainingMode: 'online_full' });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error) && error.key).toBe('trainingMode');
    }
    expect(resolveTrainConfig({ layerCls: 'GRU', trainingMode: 'snap1' }).layerCls).toBe('GRU');
  });

  it("refuse a model the cell cannot build, in the cell's own words", () => {
    expect(() =>
      resolveTrainConfig({ layerCls: 'LSTM', trainingMode: 'snap1', dModel: 8, dHidden: 4 }),
    ).toThrow("model config: the LSTM's output is its h, so dHidden (4) must equal dModel (8)");
    expect(() =>
      resolveTrainConfig({ layerCls: 'LSTM', trainingMode: 'snap1', dModel: 8, dHidden: 4 }),
    ).toThrow(ConfigError);
  });
});
