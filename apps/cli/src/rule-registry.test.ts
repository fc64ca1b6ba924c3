/**
 * The registry's acceptance test, CLI side (issue 16): a rule registered through `registerRule`
 * is offered by the help texts and accepted (or refused in checkSupport's words) by the config,
 * with no edit to the CLI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerRule, type RuleName } from '@olrd/rules';
import { frozenRecurrence } from '@olrd/rules/testing';
import { resolveTrainConfig } from '@olrd/train';
import { defaultAlignRules } from './commands/align-rules.js';
import { gradHelp, trainHelp } from './help.js';

/** Registered at run time, so outside the built-in names' type. */
const FROZEN = 'online_full_frozen' as RuleName;

describe('a registered rule in the CLI', () => {
  beforeAll(() => {
    registerRule(frozenRecurrence);
  });

  it('is listed by the help texts', () => {
    expect(gradHelp()).toMatch(/--rule RULE .*online_full_frozen/);
    expect(trainHelp()).toMatch(/online_full_frozen/);
  });

  it('is a rule the config accepts on the LRU and refuses elsewhere, in one wording', () => {
    expect(resolveTrainConfig({ trainingMode: FROZEN }).trainingMode).toBe('online_full_frozen');
    expect(() => resolveTrainConfig({ trainingMode: FROZEN, layerCls: 'GRU' })).toThrow(
      "rule 'online_full_frozen' freezes the LRU recurrence; for GRU use 'online_spatial'",
    );
    expect(defaultAlignRules().map((entry) => entry.rule)).toContain('online_full_frozen');
  });
});
