/**
 * `olrd`: the command line of olrd. Dispatches to a command; user errors print one line naming
 * the problem and the fix (no stack trace) and exit 2 (usage) or 1 (runtime).
 */
import { useNodeDataStore } from '@olrd/data/node';
import { tf } from '@olrd/tensor/node';
import packageJson from '../package.json' with { type: 'json' };
import { UsageError, describeFailure } from './cli-errors.js';
import { alignCommand } from './commands/align-command.js';
import { chipCommand } from './commands/chip-command.js';
import { configCommand } from './commands/config-command.js';
import { dataCommand } from './commands/data-command.js';
import { exportCommand } from './commands/export-command.js';
import { gradCommand } from './commands/grad-command.js';
import { plotCommand } from './commands/plot-command.js';
import { streamCommand } from './commands/stream-command.js';
import { reportCommand } from './commands/report-command.js';
import { sweepCommand } from './commands/sweep-command.js';
import { stopWhenParentDies } from './commands/train-child.js';
import { trainCommand } from './commands/train-command.js';
import { workerCommand } from './commands/worker-command.js';
import { mainHelp } from './help.js';

const commands: Record<string, (args: readonly string[]) => Promise<number>> = {
  train: trainCommand,
  grad: gradCommand,
  align: alignCommand,
  plot: plotCommand,
  stream: streamCommand,
  sweep: sweepCommand,
  report: reportCommand,
  worker: workerCommand,
  data: dataCommand,
  config: configCommand,
  chip: chipCommand,
  export: exportCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic && commands[topic]) return commands[topic]!(['--help']);
    process.stdout.write(mainHelp(packageJson.version));
    return 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const run = commands[command];
  if (!run) {
    const hint = command.startsWith('-')
      ? `flags go after a command, e.g. 'olrd train ${command}'`
      : `commands: ${Object.keys(commands).join(', ')}`;
    throw new UsageError(`unknown command '${command}'; ${hint}; see 'olrd --help'`);
  }
  return run(rest);
}

// tfjs's one-time "use tfjs-node" console hint is noise for a CLI that picks backends itself.
tf.env().set('PROD', true);
// File-backed datasets (olrd train --task smnist, olrd data ...) read the data folder.
useNodeDataStore();
// A sweep job's child process stops (and checkpoints) when the sweep or worker that runs it dies.
stopWhenParentDies();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { message, exitCode } = describeFailure(error, process.env['OLRD_DEBUG'] === '1');
    process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  },
);
