import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@olrd/train';
import { EXIT_RUNTIME, EXIT_USAGE, UsageError, describeFailure } from './cli-errors.js';
import { TINY_RUN, olrd, tempFolder } from './cli-test-utils.js';

/** TINY_RUN without its --d-hidden (so the cell's default N applies). */
const withoutDHidden = TINY_RUN.filter(
  (arg, i) => arg !== '--d-hidden' && TINY_RUN[i - 1] !== '--d-hidden',
);

describe('describeFailure', () => {
  it('gives usage and config errors exit 2, everything else exit 1', () => {
    expect(describeFailure(new UsageError('u'), false).exitCode).toBe(EXIT_USAGE);
    expect(describeFailure(new ConfigError('c'), false)).toEqual({
      message: 'olrd: error: c',
      exitCode: EXIT_USAGE,
    });
    expect(describeFailure(new Error('e'), false).exitCode).toBe(EXIT_RUNTIME);
  });
});

describe('olrd train: config mistakes are usage errors, refused before any run folder', () => {
  const refused: Array<[string, string[], string]> = [
    [
      'a rule the cell cannot run',
      ['--layer-cls', 'RNN', '--rule', 'online_full'],
      "olrd: error: rule 'online_full' needs a diagonal recurrence (the LRU); for RNN use 'snap1' (its diagonal approximation) or 'rtrl' (exact)",
    ],
    [
      'a model the cell cannot build',
      ['--layer-cls', 'GRU', '--rule', 'snap1', '--d-hidden', '3'],
      "olrd: error: model config: the GRU's output is its state, so dHidden (3) must equal dModel (4)",
    ],
    [
      'an option the rule ignores',
      ['--rule', 'bptt', '--lambda', '0.5'],
      'olrd: error: --lambda is for the BP(λ) rules (--rule bp_lambda or online_full_bp_lambda), not bptt: drop it or choose one of those rules',
    ],
    [
      'a number too large to be finite',
      ['--lr-base', '1e999'],
      "olrd: error: flag --lr-base must be a number > 0, got '1e999', which is not a finite number",
    ],
    [
      "olrd stream's spelling of a flag",
      ['--lr', '0.01'],
      "olrd: error: unknown flag --lr (did you mean --lr-base?); run 'olrd train --help' for the list of flags",
    ],
  ];
  it.each(refused)('%s', async (_, args, message) => {
    const dir = await tempFolder();
    const result = olrd(['train', ...withoutDHidden, ...args], dir);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`${message}\n`);
    // Neither the default runs/<timestamp>-… folder nor anything else was created.
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives the GRU d_hidden = d_model when --d-hidden is not given, as olrd stream does', async () => {
    const dir = await tempFolder();
    const args = ['train', ...withoutDHidden, '--layer-cls', 'GRU', '--rule', 'snap1'];
    const result = olrd([...args, '--max-steps', '1', '--out', 'run'], dir);
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'run/config.json'), 'utf8'));
    expect(config).toMatchObject({ layerCls: 'GRU', dModel: 4, dHidden: 4 });
  });
});
