import { describe, expect, it } from 'vitest';
import { configFlagOptions } from '@olrd/train';
import { UsageError } from './cli-errors.js';
import { parseCommandArgs, type FlagOption } from './parse-command-args.js';

/** The message of the UsageError that parsing `args` throws. */
function refusal(args: string[], options: Record<string, FlagOption>, command: string): string {
  try {
    parseCommandArgs(args, options, command);
  } catch (error) {
    expect(UsageError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${args.join(' ')} to be refused`);
}

describe('parseCommandArgs did-you-mean', () => {
  const train = { ...configFlagOptions(), config: { type: 'string' } } as const;

  it("suggests train's flag for olrd stream's spelling of it", () => {
    expect(refusal(['--lr', '0.1'], train, 'olrd train')).toBe(
      "unknown flag --lr (did you mean --lr-base?); run 'olrd train --help' for the list of flags",
    );
    expect(refusal(['--batch-size', '4'], train, 'olrd train')).toMatch(
      /^unknown flag --batch-size \(did you mean --bsz\?\)/,
    );
    expect(refusal(['--steps', '4'], train, 'olrd train')).toMatch(/did you mean --max-steps\?/);
  });

  it('still suggests the nearest flag by edit distance, and nothing for a far-off flag', () => {
    expect(refusal(['--lr-bse', '0.1'], train, 'olrd train')).toMatch(/did you mean --lr-base\?/);
    expect(refusal(['--zzzzzz', '1'], train, 'olrd train')).toBe(
      "unknown flag --zzzzzz; run 'olrd train --help' for the list of flags",
    );
  });

  it('suggests a spelling only when the command has that flag', () => {
    const plot: Record<string, FlagOption> = { out: { type: 'string' } };
    expect(refusal(['--lr', '0.1'], plot, 'olrd plot')).toBe(
      "unknown flag --lr; run 'olrd plot --help' for the list of flags",
    );
  });
});
