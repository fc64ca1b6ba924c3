import { describe, expect, it } from 'vitest';
import { ruleConfigProblem } from './rule-config-problem.js';

describe('ruleConfigProblem', () => {
  it('refuses the LRU-only rules on other cells, naming the rule to use instead', () => {
    expect(ruleConfigProblem('online_full', 'sequence', { layerCls: 'GRU' })).toMatch(
      /rule 'online_full' needs a diagonal recurrence \(the LRU\); for GRU use 'snap1'/,
    );
    expect(ruleConfigProblem('online_full_bp_lambda', 'streaming', { layerCls: 'RNN' })).toMatch(
      /online_full_bp_lambda' is online_full .* for RNN use 'bp_lambda'/,
    );
    expect(ruleConfigProblem('snap1', 'sequence', { layerCls: 'GRU' })).toBeUndefined();
    expect(ruleConfigProblem('online_full', 'streaming', { layerCls: 'LRU' })).toBeUndefined();
  });

  it('refuses to stream the retrieval head, and only that', () => {
    const retrieval = { layerCls: 'LRU', retrieval: true } as const;
    expect(ruleConfigProblem('online_full', 'streaming', retrieval)).toMatch(
      /retrieval head .* runs in execution 'sequence'/,
    );
    expect(ruleConfigProblem('online_full', 'sequence', retrieval)).toBeUndefined();
  });
});
