/**
 * `olrd chip`: the on-chip learner's tools — `budget` (memory and multiply-adds per rule in
 * chosen number formats) and `study` (the precision study of docs/on-chip.md).
 */
import { UsageError } from '../cli-errors.js';
import { chipBudgetCommand, chipBudgetHelp } from './chip-budget-command.js';
import { chipStudyCommand, chipStudyHelp } from './chip-study.js';

/** `olrd chip --help`. */
export function chipHelp(): string {
  return `usage: olrd chip budget|study [flags]

  budget   bytes of parameters, optimiser state, recurrent state and traces, and
           multiply-adds per step, per rule, in the --precision formats
  study    the precision study of docs/on-chip.md (accuracy against bits)

${chipBudgetHelp()}
${chipStudyHelp()}`;
}

/** Runs `olrd chip`; resolves to the exit code. */
export async function chipCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(chipHelp());
    return 0;
  }
  if (sub === 'budget') return chipBudgetCommand(rest);
  if (sub === 'study') return chipStudyCommand(rest);
  throw new UsageError(`unknown 'olrd chip' command '${sub}'; use budget or study`);
}
