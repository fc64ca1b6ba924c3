/**
 * The registry's acceptance test, web side (issue 16): a rule registered through `registerRule`
 * is offered by the page's selectors where the support table allows it, refused elsewhere in
 * checkSupport's words, and estimated by the memory panel, with no edit to the app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerRule, type RuleName } from '@olrd/rules';
import { frozenRecurrence } from '@olrd/rules/testing';
import { WEB_RULES } from '../protocol.js';
import { ruleMemory, type MemoryShape } from './memory-estimate.js';
import { fitSettings, ruleUnavailable, rulesFor } from './rule-choices.js';
import type { RunSettings } from '../protocol.js';

describe('a registered rule in the web app', () => {
  beforeAll(() => {
    registerRule(frozenRecurrence);
  });

  it('is offered on the cells and tasks its support allows', () => {
    expect(WEB_RULES).toContain('online_full_frozen');
    expect(rulesFor('LRU', 'copy')).toContain('online_full_frozen');
    expect(rulesFor('GRU', 'copy')).not.toContain('online_full_frozen');
    // Not a learner rule: the drifting stream does not offer it.
    expect(rulesFor('LRU', 'drift')).not.toContain('online_full_frozen');
    expect(ruleUnavailable('online_full_frozen' as RuleName, 'GRU', 'copy')).toBe(
      "rule 'online_full_frozen' freezes the LRU recurrence; for GRU use 'online_spatial'",
    );
    const settings = { task: 'copy', layerCls: 'GRU', rules: ['online_full_frozen'], dModel: 8 };
    expect(fitSettings(settings as unknown as RunSettings).rules).toEqual(['snap1']);
  });

  it('has a memory estimate from its memory kind', () => {
    const shape: MemoryShape = {
      layerCls: 'LRU',
      dInput: 2,
      batch: 2,
      dModel: 4,
      dHidden: 3,
      nLayers: 1,
      activation: 'full_glu',
      outputs: 2,
      truncation: 4,
    };
    const frozen = ruleMemory('online_full_frozen' as RuleName, 'streaming', shape);
    expect(frozen).toEqual(ruleMemory('online_full', 'streaming', shape));
  });
});
