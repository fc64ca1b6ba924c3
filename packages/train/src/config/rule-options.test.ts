import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { configLayerFromFlags } from './config-flags.js';
import { parseConfigText } from './parse-config-text.js';
import { DEFAULT_TRAIN_CONFIG } from './train-config.js';
import { resolveTrainConfig } from './validate-config.js';

const flags = (values: Record<string, string>) => configLayerFromFlags(values);

describe('rule-specific options', () => {
  it("refuse a flag the rule ignores, in olrd stream's words", () => {
    expect(() => resolveTrainConfig(flags({ rule: 'bptt', lambda: '0.5' }))).toThrow(
      '--lambda is for the BP(λ) rules (--rule bp_lambda or online_full_bp_lambda), not bptt: drop it or choose one of those rules',
    );
    expect(() => resolveTrainConfig(flags({ gamma: '1' }))).toThrow(
      /--gamma is for the BP\(λ\) rules .*, not online_full/,
    );
    expect(() => resolveTrainConfig(flags({ rule: 'snap1', 'synth-lr': '0.01' }))).toThrow(
      '--synth-lr is for the synthetic-gradient rules (--rule bp_lambda, online_full_bp_lambda or dni), not snap1',
    );
    expect(() => resolveTrainConfig(flags({ rule: 'bptt', truncation: '5' }))).toThrow(
      '--truncation is for the truncated rules (--rule tbptt or dni), not bptt',
    );
    expect(() => resolveTrainConfig(flags({ 'max-sensitivity-mib': '64' }))).toThrow(
      '--max-sensitivity-mib is for exact RTRL (--rule rtrl), not online_full',
    );
    try {
      resolveTrainConfig(flags({ rule: 'bptt', 'sg-weight': '0' }));
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error) && error.key).toBe('sgWeight');
    }
  });

  it('accept them for the rules that read them, from a file layer too', () => {
    expect(resolveTrainConfig(flags({ rule: 'bp_lambda', lambda: '0.5' })).lambda).toBe(0.5);
    expect(
      resolveTrainConfig(flags({ rule: 'dni', truncation: '4', 'sg-weight': '0.5' })),
    ).toMatchObject({ truncation: 4, sgWeight: 0.5 });
    expect(
      resolveTrainConfig(flags({ rule: 'rtrl', 'max-sensitivity-mib': '8' })).maxSensitivityMib,
    ).toBe(8);
    // The rule may come from another layer: the file names the rule, the flags its option.
    const file = parseConfigText('rule: tbptt\n', 'yaml', 'config file a.yaml');
    expect(resolveTrainConfig(file, flags({ truncation: '3' })).truncation).toBe(3);
  });

  it("refuse a config file's non-default value, but not a resolved config.json's defaults", () => {
    expect(() =>
      resolveTrainConfig(
        parseConfigText('rule: bptt\nlambda: 0.5\n', 'yaml', 'config file a.yaml'),
      ),
    ).toThrow(
      'config file a.yaml: lambda is for the BP(λ) rules (trainingMode bp_lambda or online_full_bp_lambda), not bptt',
    );
    // A run folder's config.json lists every key; at their defaults the rule's unused keys pass.
    const dump = JSON.stringify({ ...DEFAULT_TRAIN_CONFIG, trainingMode: 'bptt' });
    expect(
      resolveTrainConfig(parseConfigText(dump, 'json', 'config file run/config.json')).trainingMode,
    ).toBe('bptt');
  });

  it('leave layers built in code alone (they fill every key for every rule)', () => {
    expect(
      resolveTrainConfig({ trainingMode: 'bptt', truncation: 4, lambda: 0.5 }).truncation,
    ).toBe(4);
  });
});
