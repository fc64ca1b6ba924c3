/**
 * The registry's acceptance test (issue 16): a rule added as one file (testing/frozen-recurrence-rule.ts) plus one
 * `registerRule` line shows up in the names table, in `checkSupport` and in `computeGradients`,
 * with nothing else edited. The CLI's and the web page's tests check their choices the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { initParams } from '@olrd/core';
import { frozenRecurrence } from './testing/frozen-recurrence-rule.js';
import { computeGradients } from './compute-gradients.js';
import { checkSupport, RULE_NAMES, ruleFacts, ruleTable } from './names/index.js';
import { isRecurrentParam } from './recurrent-params.js';
import { lookupRule, registerRule } from './registry.js';
import { disposeBatch, randomBatch, releaseResults, smallConfig } from './test-helpers.js';

describe('the rule registry', () => {
  beforeAll(() => {
    registerRule(frozenRecurrence);
  });

  it('lists a registered rule with the built-in ones, after them', () => {
    expect(RULE_NAMES.at(-1)).toBe('online_full_frozen');
    expect(ruleTable().map((rule) => rule.name)).toEqual([...RULE_NAMES]);
    expect(ruleFacts('online_full_frozen').description).toMatch(/frozen/);
    expect(() => registerRule(frozenRecurrence)).toThrow(/already registered/);
    expect(() => lookupRule('nope')).toThrow(
      /unknown rule 'nope': use one of .*online_full_frozen/,
    );
  });

  it('checks its support in the one wording', () => {
    expect(checkSupport('online_full_frozen', { layerCls: 'GRU' }, 'sequence')).toBe(
      "rule 'online_full_frozen' freezes the LRU recurrence; for GRU use 'online_spatial'",
    );
    expect(
      checkSupport('online_full_frozen', { layerCls: 'LRU', mode: 'pool' }, 'sequence'),
    ).toMatch(/pooling mode 'pool'.*'pool_st' or 'none'/);
    expect(checkSupport('online_full_frozen', { layerCls: 'LRU' }, 'streaming')).toBeUndefined();
  });

  it.each(['sequence', 'streaming'] as const)(
    'computes online_full with zero recurrent gradients (%s)',
    (execution) => {
      const config = smallConfig({ nLayers: 2 });
      const params = initParams(config, 3);
      const batch = randomBatch(config, 2, 5, 4);
      const before = tf.memory().numTensors;
      const frozen = computeGradients('online_full_frozen', params, config, batch, { execution });
      const full = computeGradients('online_full', params, config, batch, { execution });
      expect(frozen.loss).toBeCloseTo(full.loss, 6);
      const names = Object.keys(params);
      expect(names.filter(isRecurrentParam)).toHaveLength(10);
      for (const name of names) {
        const got = frozen.grads[name]!.dataSync();
        const want = isRecurrentParam(name)
          ? new Float32Array(got.length)
          : full.grads[name]!.dataSync();
        expect(Array.from(got), name).toEqual(Array.from(want));
      }
      releaseResults(frozen, full);
      expect(tf.memory().numTensors).toBe(before);
      disposeBatch(batch);
      tf.dispose(Object.values(params));
    },
  );
});
