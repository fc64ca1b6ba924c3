/**
 * `node:util` `parseArgs` in strict mode, with its errors turned into {@link UsageError}s that
 * say which flag is wrong, suggest the closest known flag, and point at `--help`.
 */
import { parseArgs } from 'node:util';
import { editDistance, spellingHint, toKebabCase } from '@olrd/train';
import { UsageError } from './cli-errors.js';

/** A `parseArgs` option descriptor. */
export type FlagOption = { type: 'string' | 'boolean'; short?: string };

/**
 * The flag to suggest for an unknown one: first a config key spelt the way another command (or
 * habit) spells it, `--lr` for `--lr-base`, `--batch-size` for `--bsz` (`olrd stream`'s
 * old names, still its aliases), when this command has that flag; else the nearest known flag by edit distance.
 */
function closestFlag(unknown: string, known: readonly string[]): string | undefined {
  const hinted = spellingHint(unknown);
  if (hinted !== undefined && known.includes(toKebabCase(hinted))) return toKebabCase(hinted);
  const ranked = known
    .map((flag) => ({ flag, d: editDistance(unknown, flag) }))
    .sort((a, b) => a.d - b.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(unknown.length / 4)) ? best.flag : undefined;
}

/**
 * Parses `args` against `options` (no positionals).
 *
 * @param command - e.g. `"olrd train"`, for the hint
 * @throws UsageError for an unknown flag, a missing value or a stray argument.
 */
export function parseCommandArgs(
  args: readonly string[],
  options: Record<string, FlagOption>,
  command: string,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const hint = `run '${command} --help' for the list of flags`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'(-{1,2}[^' ]+)'/.exec(message)?.[1] ?? message;
      const suggestion = flag.startsWith('--')
        ? closestFlag(flag.slice(2), Object.keys(options))
        : undefined;
      throw new UsageError(
        `unknown flag ${flag}${suggestion ? ` (did you mean --${suggestion}?)` : ''}; ${hint}`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(
        `unexpected argument: ${message.replace(/^Unexpected argument '([^']*)'.*$/s, "'$1'")}; flags take the form --name value; ${hint}`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(-{1,2}[a-z][^' ]*)/.exec(message)?.[1];
      throw new UsageError(
        flag
          ? `flag ${flag.split(' ')[0]} needs a value (write --name=value for a value starting with '-'); ${hint}`
          : `${message}; ${hint}`,
      );
    }
    throw new UsageError(`${message}; ${hint}`);
  }
}
