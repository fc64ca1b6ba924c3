/**
 * `olrd chip budget`: per rule, the bytes of parameters, gradients, optimiser state, recurrent
 * state and traces, and the multiply-adds per step, of the chip's model in the chosen formats
 * (`chipBudget` in @olrd/rules), as a table or JSON.
 */
import { copyStream, driftStream } from '@olrd/data';
import { chipBudget, formatPrecision, type RuleBudget } from '@olrd/rules';
import { UsageError } from '../cli-errors.js';
import { formatCount } from '../format.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { CHIP_FLAGS_HELP, optimizerFlag, precisionFlag } from './chip-flags.js';
import { chipModelConfig } from './chip-stream.js';

/** `olrd chip budget --help`. */
export function chipBudgetHelp(): string {
  return `usage: olrd chip budget [flags]

Memory and multiply-adds per step of online_full, online_1truncated, online_spatial, snap1,
bp_lambda and bptt (at --seq-len T) on the chip's model (LRU layers, pre-norm, no post block,
batch 1), each quantity in its --precision format.

  --task drift|copy          the stream whose input and classes size the model (default drift)
  --n-layers, --d-model, --d-hidden   model size (default 1, 16, 16)
${CHIP_FLAGS_HELP}
  --seq-len T                bptt's sequence length (default 100)
  --json                     print JSON instead of the table
  -h, --help                 show this help
`;
}

function integerFlag(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${flag} must be an integer ≥ 1, got '${text}'`);
  return value;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function table(rows: RuleBudget[]): string {
  const header = ['rule', 'params', 'grads', 'optimiser', 'state', 'traces', 'total', 'MACs/step'];
  const body = rows.map((r) => [
    r.rule,
    formatBytes(r.parameterBytes),
    formatBytes(r.gradientBytes),
    formatBytes(r.optimizerBytes),
    formatBytes(r.stateBytes),
    formatBytes(r.traceBytes),
    formatBytes(r.totalBytes),
    formatCount(r.multiplyAddsPerStep),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

/** Runs `olrd chip budget`; resolves to the exit code. */
export async function chipBudgetCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs(
    args,
    {
      task: { type: 'string' },
      'n-layers': { type: 'string' },
      'd-model': { type: 'string' },
      'd-hidden': { type: 'string' },
      precision: { type: 'string' },
      optimizer: { type: 'string' },
      'seq-len': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd chip budget',
  );
  if (values.help) {
    process.stdout.write(chipBudgetHelp());
    return 0;
  }
  const text = (flag: string) =>
    typeof values[flag] === 'string' ? (values[flag] as string) : undefined;
  const task = text('task') ?? 'drift';
  if (task !== 'drift' && task !== 'copy')
    throw new UsageError(`--task must be drift or copy, got '${task}'`);
  const stream = task === 'copy' ? copyStream() : driftStream();
  const config = chipModelConfig(
    {
      nLayers: integerFlag('n-layers', text('n-layers'), 1),
      dModel: integerFlag('d-model', text('d-model'), 16),
      dHidden: integerFlag('d-hidden', text('d-hidden'), 16),
    },
    stream,
  );
  const precision = precisionFlag(text('precision') ?? 'fp32');
  const optimizer = optimizerFlag(text('optimizer') ?? 'sgd');
  const seqLen = integerFlag('seq-len', text('seq-len'), 100);
  const rows = chipBudget(config, { precision, optimizer, seqLen });
  if (values.json === true) {
    process.stdout.write(
      `${JSON.stringify({ model: config, precision: formatPrecision(precision), optimizer, seqLen, rules: rows }, null, 2)}\n`,
    );
    return 0;
  }
  process.stdout.write(
    `${task}: ${config.nLayers} LRU layer(s), d_input ${config.dInput}, d_model ${config.dModel}, d_hidden ${config.dHidden}, ${config.multidim}×${config.nClasses} outputs; batch 1\nprecision ${formatPrecision(precision)}; optimiser ${optimizer}; bptt at T = ${seqLen}\n\n${table(rows)}\n`,
  );
  return 0;
}
