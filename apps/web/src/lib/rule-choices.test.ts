/**
 * The page's lists and rules of thumb against the packages: every rule and cell is offered, the
 * rules offered for a cell are exactly those that run on it, N follows H exactly where
 * @olrd/core demands it, and switching cell or task never leaves an invalid choice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@olrd/tensor';
import {
  LAYER_CLASSES,
  RNN_ACTIVATIONS,
  defaultArchitecture,
  initParams,
  validateModelConfig,
  type ModelConfig,
} from '@olrd/core';
import { LEARNER_RULES, RULE_NAMES, computeGradients } from '@olrd/rules';
import { WEB_CELLS, WEB_RNN_ACTIVATIONS, WEB_RULES, type RunSettings } from '../protocol.js';
import { STREAM_RULES, fitSettings, ruleUnavailable, rulesFor, tiesWidth } from './rule-choices.js';
import { settingsForCell, settingsForTask, settingsForWidth } from './task-views.js';

const settings = {
  task: 'copy',
  layerCls: 'LRU',
  rules: ['online_full', 'bptt'],
  execution: 'sequence',
  dModel: 16,
  dHidden: 8,
} as unknown as RunSettings;

describe('rule choices', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('offers every rule, cell and ρ of the packages', () => {
    expect([...WEB_RULES].sort()).toEqual([...RULE_NAMES].sort());
    expect([...WEB_CELLS].sort()).toEqual([...LAYER_CLASSES].sort());
    expect([...WEB_RNN_ACTIVATIONS].sort()).toEqual([...RNN_ACTIVATIONS].sort());
    expect([...STREAM_RULES].sort()).toEqual([...LEARNER_RULES].sort());
  });

  it('ties N to H exactly where @olrd/core requires it', () => {
    for (const layerCls of WEB_CELLS) {
      const config: ModelConfig = {
        ...defaultArchitecture,
        layerCls,
        dInput: 2,
        dModel: 4,
        dHidden: 3,
        nLayers: 1,
        nClasses: 2,
        multidim: 1,
      };
      const refused = (() => {
        try {
          validateModelConfig(config);
          return false;
        } catch {
          return true;
        }
      })();
      expect(refused, layerCls).toBe(tiesWidth(layerCls));
    }
  });

  it('offers for each cell exactly the rules that run on it', () => {
    for (const layerCls of WEB_CELLS) {
      const width = 3;
      const config: ModelConfig = {
        ...defaultArchitecture,
        layerCls,
        dInput: 2,
        dModel: width,
        dHidden: width,
        nLayers: 1,
        nClasses: 2,
        multidim: 1,
        pDropout: 0,
        // The page gives the model a synthesiser whenever a BP(λ) rule is chosen.
        synthesiser: true,
      };
      const params = initParams(config, 0);
      const batch = {
        x: tf.randomNormal([2, 3, 2]) as tf.Tensor3D,
        y: tf.zeros([2, 3], 'int32'),
        mask: tf.ones([2, 3]) as tf.Tensor2D,
      };
      for (const rule of WEB_RULES) {
        let runs = true;
        try {
          const result = computeGradients(rule, params, config, batch);
          tf.dispose([...Object.values(result.grads), result.logProbs]);
        } catch {
          runs = false;
        }
        expect(runs, `${rule} on ${layerCls}`).toBe(
          ruleUnavailable(rule, layerCls, 'copy') === undefined,
        );
      }
      tf.dispose([...Object.values(params), batch.x, batch.y, batch.mask]);
    }
    expect(rulesFor('GRU', 'drift')).toEqual([
      'online_1truncated',
      'online_spatial',
      'snap1',
      'bp_lambda',
    ]);
    expect(rulesFor('LRU', 'drift')).toEqual([...STREAM_RULES]);
    expect(ruleUnavailable('rtrl', 'LRU', 'drift')).toMatch(/endless sequence.*OnlineLearner/);
  });

  it('never leaves a rule that does not fit, when the cell, task or width changes', () => {
    const gru = settingsForCell(settings, 'GRU');
    expect(gru).toMatchObject({ layerCls: 'GRU', rules: ['snap1', 'bptt'], dHidden: 16 });
    expect(settingsForWidth(gru, 32)).toMatchObject({ dModel: 32, dHidden: 32 });
    expect(settingsForWidth(settings, 32)).toMatchObject({ dModel: 32, dHidden: 8 });
    // A second online_full off the LRU becomes snap1, unless that repeats the first rule.
    const both = { ...settings, rules: ['snap1', 'online_full'] } as RunSettings;
    expect(settingsForCell(both, 'RNN').rules).toEqual(['snap1']);
    const same = { ...settings, rules: ['online_full', 'snap1'] } as RunSettings;
    expect(settingsForCell(same, 'GRU').rules).toEqual(['snap1']);
    const twice = { ...settings, rules: ['snap1', 'snap1'] } as RunSettings;
    expect(settingsForCell(twice, 'GRU').rules).toEqual(['snap1', 'snap1']);
    const spatial = { ...settings, rules: ['online_spatial', 'online_full'] } as RunSettings;
    expect(settingsForCell(spatial, 'LSTM').rules).toEqual(['online_spatial', 'snap1']);
    // The drifting stream: online rules, streaming only.
    expect(settingsForTask(settings, 'drift')).toMatchObject({
      rules: ['online_full'],
      execution: 'streaming',
    });
    const tbptt = { ...gru, rules: ['tbptt', 'rtrl'] } as RunSettings;
    expect(settingsForTask(tbptt, 'drift').rules).toEqual(['snap1']);
    expect(fitSettings({ ...settings, task: 'listops' })).toMatchObject({
      rules: ['online_full', 'bptt'],
      execution: 'sequence',
    });
  });
});
