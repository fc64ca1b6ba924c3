import { readFile } from 'node:fs/promises';
import { flagNames } from '@olrd/train';
import { describe, expect, it } from 'vitest';
import { STREAM_FLAGS, streamHelp } from './stream-flags.js';
import { parseStreamOptions, readSavedStreamOptions } from './stream-options.js';

const parse = (args: string[]) => parseStreamOptions(args, streamHelp)!;

describe('olrd stream options', () => {
  it.each([
    ['--lr', '--lr-base', '0.01', 'lrBase', 0.01],
    ['--batch-size', '--bsz', '4', 'bsz', 4],
    ['--rule', '--training-mode', 'online_spatial', 'trainingMode', 'online_spatial'],
  ] as const)('take the old spelling %s as an alias of %s', (alias, flag, text, key, value) => {
    const options = parse([alias, text]);
    expect(options[key]).toBe(value);
    expect(options.given).toEqual([key]);
    expect(parse([flag, text])).toEqual(options);
    expect(streamHelp()).toContain(`${alias}  alias of ${flag}`);
  });

  it("use olrd train's names and the stream's own defaults", () => {
    const options = parse([]);
    expect(options).toMatchObject({
      task: 'drift',
      trainingMode: 'online_full',
      bsz: 1,
      lrBase: 0.003,
      dModel: 32,
      dHidden: 16,
      seed: 0,
      checkpointEvery: { steps: 0, seconds: 300 },
      overwrite: false,
      given: [],
    });
    // Other cells: SnAp-1 and N = H, unless given.
    expect(parse(['--layer-cls', 'GRU'])).toMatchObject({ trainingMode: 'snap1', dHidden: 32 });
    expect(
      parse(['--layer-cls', 'GRU', '--rule', 'online_spatial', '--d-hidden', '8']),
    ).toMatchObject({
      trainingMode: 'online_spatial',
      dHidden: 8,
    });
    expect(parse(['--update-every', 'sequence', '--task', 'copy', '--overwrite']).updateEvery).toBe(
      'sequence',
    );
  });

  it('list every flag in --help', () => {
    const help = streamHelp();
    for (const { flag } of flagNames(STREAM_FLAGS)) expect(help).toContain(`--${flag}`);
  });

  it('read saved options with the old keys under the new ones', async () => {
    const fixture = new URL('__fixtures__/stream-run-v0/config.json', import.meta.url);
    const saved = JSON.parse(await readFile(fixture, 'utf8')) as Record<string, unknown>;
    const { options, upgraded } = readSavedStreamOptions(saved);
    expect(upgraded).toBe(true);
    expect(options).toMatchObject({ trainingMode: 'online_spatial', bsz: 2, lrBase: 0.01 });
    for (const old of ['rule', 'batchSize', 'lr']) {
      expect(options).not.toHaveProperty(old);
      expect(options.given).not.toContain(old);
    }
    expect(options.given).toEqual(expect.arrayContaining(['trainingMode', 'bsz', 'lrBase']));
    expect(options.model).toEqual(saved['model']);
    // Written with the new keys, the options are read as they are.
    expect(readSavedStreamOptions(options)).toEqual({ options, upgraded: false });
  });
});
