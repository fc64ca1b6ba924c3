import { describe, expect, it } from 'vitest';
import { configFlagTable, configLayerFromFlags } from './config-flags.js';
import { ConfigError } from './config-error.js';
import {
  defineFlag,
  flagDefaults,
  flagHelp,
  flagNames,
  flagOptions,
  readFlags,
  type FlagValues,
} from './flag-table.js';

// A command's table as olrd stream builds one: config keys with its own defaults and an old
// spelling, beside flags of its own (an enum, a custom parser, a switch).
const shared = configFlagTable(['bsz', 'lrBase', 'trainingMode'], {
  bsz: { default: 1, description: 'parallel streams', aliases: ['batchSize'] },
  lrBase: { aliases: ['lr'] },
  trainingMode: { type: { kind: 'enum', values: ['online_full', 'snap1'] } },
});
const table = {
  ...shared,
  engine: defineFlag<'auto' | 'fused'>({
    type: { kind: 'enum', values: ['auto', 'fused'] },
    group: 'run',
    description: 'streaming engine',
    default: 'auto',
  }),
  every: defineFlag<number | 'sequence'>({
    type: {
      kind: 'custom',
      text: 'K|sequence',
      parse: (text) => (text === 'sequence' ? 'sequence' : Number(text)),
    },
    group: 'run',
    description: 'update cadence',
    default: 1,
  }),
  overwrite: defineFlag<boolean>({
    type: { kind: 'switch' },
    group: 'run',
    description: 'clear the folder first',
    default: false,
  }),
};

describe('flag tables', () => {
  it('take the config field of a key, with the command’s default, help and old spellings', () => {
    expect(shared.bsz).toMatchObject({ default: 1, group: 'optimisation', aliases: ['batchSize'] });
    expect(shared.lrBase.default).toBe(0.003);
    // The field's own aliases stay, the command's are added.
    expect(shared.trainingMode.aliases).toEqual(['rule']);
    expect(flagNames(table).filter(({ alias }) => alias)).toEqual([
      { flag: 'batch-size', key: 'bsz', alias: true },
      { flag: 'lr', key: 'lrBase', alias: true },
      { flag: 'rule', key: 'trainingMode', alias: true },
    ]);
    expect(flagOptions(table)).toMatchObject({
      bsz: { type: 'string' },
      overwrite: { type: 'boolean' },
    });
    const defaults: FlagValues<typeof table> = flagDefaults(table);
    expect(defaults).toEqual({
      bsz: 1,
      lrBase: 0.003,
      trainingMode: 'online_full',
      engine: 'auto',
      every: 1,
      overwrite: false,
    });
  });

  it('read values through any spelling, strictly, naming the flag typed', () => {
    expect(
      readFlags(table, {
        'batch-size': '4',
        lr: '0.01',
        every: 'sequence',
        overwrite: true,
        help: true,
      }),
    ).toEqual({
      values: { bsz: 4, lrBase: 0.01, every: 'sequence', overwrite: true },
      givenAs: { bsz: 'batch-size', lrBase: 'lr', every: 'every', overwrite: 'overwrite' },
    });
    expect(() => readFlags(table, { 'batch-size': 'x' })).toThrow(
      "flag --batch-size must be an integer >= 1, got 'x'",
    );
    expect(() => readFlags(table, { bsz: '0' })).toThrow(
      'flag --bsz must be an integer >= 1, got 0',
    );
    // The narrowed enum is what the command accepts.
    expect(() => readFlags(table, { rule: 'bptt' })).toThrow(
      'flag --rule must be one of: online_full, snap1, got "bptt"',
    );
    expect(() => readFlags(table, { bsz: '2', 'batch-size': '2' })).toThrow(
      'flags --bsz and --batch-size both set bsz; give one',
    );
    expect(() => readFlags(table, { engine: true })).toThrow(ConfigError);
  });

  it('mark a config layer read from a selection as typed', () => {
    expect(configLayerFromFlags({ lr: '0.5', engine: 'fused' }, shared)).toEqual({ lrBase: 0.5 });
  });

  it('write help by group, with defaults and one "alias of" line per old spelling', () => {
    const help = flagHelp(table, ['optimisation', 'learning rule', 'run']);
    expect(help).toContain(
      'optimisation:\n  --bsz <integer >= 1>\n      parallel streams (default 1; reference 64)\n  --batch-size  alias of --bsz',
    );
    expect(help).toContain('  --lr  alias of --lr-base');
    expect(help).toContain('  --every <K|sequence>\n      update cadence (default 1)');
    expect(help).toContain('  --overwrite\n      clear the folder first');
    expect(help.indexOf('optimisation:')).toBeLessThan(help.indexOf('learning rule:'));
  });
});
