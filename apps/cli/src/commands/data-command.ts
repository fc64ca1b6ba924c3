/** `olrd data`: dispatches to `list`, `download` and `inspect`. */
import { UsageError } from '../cli-errors.js';
import { dataDownloadCommand } from './data-download.js';
import { dataHelp } from './data-help.js';
import { dataInspectCommand } from './data-inspect.js';
import { dataListCommand } from './data-list.js';

const subcommands: Record<string, (args: readonly string[]) => Promise<number>> = {
  list: dataListCommand,
  download: dataDownloadCommand,
  inspect: dataInspectCommand,
};

/** Runs `olrd data ...`; resolves to the exit code. */
export async function dataCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    process.stdout.write(dataHelp());
    return 0;
  }
  const run = subcommands[sub];
  if (!run) {
    throw new UsageError(
      `unknown data command '${sub}'; data commands: ${Object.keys(subcommands).join(', ')}; see 'olrd data --help'`,
    );
  }
  return run(rest);
}
