/** The `TASK` positional of `olrd data download|inspect TASK [flags]` (anywhere before/among flags). */

/** Splits off the first argument that is not a flag or a flag's value. */
export function splitTaskArgument(args: readonly string[]): { task?: string; rest: string[] } {
  const valueFlags = new Set(['--data-dir', '--mirror', '--split', '--example', '--set']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (valueFlags.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-'))
      return { task: arg, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  return { rest: [...args] };
}
