/**
 * `olrd data inspect TASK`: load a task as training would (from the data folder, through the
 * preprocessing cache) and print its split sizes, T, input dimension, classes, label histogram
 * and one decoded example (ASCII art for images, text for text tasks); `--json` for scripts.
 */
import {
  describeDataset,
  getDatasetEntry,
  loadDataset,
  renderExample,
  sequenceLabel,
  type DatasetSummary,
} from '@olrd/data';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { dataInspectHelp } from './data-help.js';
import { splitTaskArgument } from './data-task-argument.js';

/** `a=1,b=x,c=true` → `{ a: 1, b: 'x', c: true }`. */
export function parseSetOptions(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0)
        throw new UsageError(`--set takes key=value pairs separated by commas, got '${pair}'`);
      const raw = pair.slice(at + 1);
      const value =
        raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : /^-?\d+(\.\d+)?$/.test(raw)
              ? Number(raw)
              : raw;
      return [pair.slice(0, at), value];
    }),
  );
}

function histogramText(summary: DatasetSummary, which: 'train' | 'val' | 'test'): string {
  const labels = summary.splits[which].labels;
  if (!labels) return '';
  return labels.map((count, c) => `${summary.labelNames?.[c] ?? c}: ${count}`).join(', ');
}

/** Runs `olrd data inspect`; resolves to the exit code. */
export async function dataInspectCommand(args: readonly string[]): Promise<number> {
  const { task, rest } = splitTaskArgument(args);
  const values = parseCommandArgs(
    rest,
    {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      split: { type: 'string' },
      example: { type: 'string' },
      set: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd data inspect',
  );
  if (values.help) {
    process.stdout.write(dataInspectHelp());
    return 0;
  }
  if (!task)
    throw new UsageError(
      "'olrd data inspect' needs a task, e.g. 'olrd data inspect sfmnist'; see 'olrd data list'",
    );
  const which = (values.split as string | undefined) ?? 'train';
  if (which !== 'train' && which !== 'val' && which !== 'test') {
    throw new UsageError(`--split must be train, val or test, got '${which}'`);
  }
  const index = Number((values.example as string | undefined) ?? '0');
  if (!Number.isInteger(index) || index < 0)
    throw new UsageError(`--example must be an integer >= 0, got '${values.example}'`);
  const dataDir = values['data-dir'] as string | undefined;
  const dataset = await loadDataset(task, {
    ...parseSetOptions(values.set as string | undefined),
    ...(dataDir ? { dataDir } : {}),
    // File-backed tasks report cache (re)builds; generated ones take no such option.
    ...(getDatasetEntry(task).source === 'files'
      ? { onNotice: (m: string) => process.stderr.write(`olrd: ${m}\n`) }
      : {}),
  });
  const summary = describeDataset(dataset);
  const split = dataset[which];
  if (index >= split.size)
    throw new UsageError(
      `--example ${index} is outside the ${which} split (${split.size} sequences)`,
    );
  const label = sequenceLabel(split, index);
  const example = {
    split: which,
    index,
    ...(label === undefined ? {} : { label, labelName: dataset.labelNames?.[label] }),
    rendering: renderExample(dataset, split, index),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, example }, null, 2)}\n`);
    return 0;
  }
  const rows = (['train', 'val', 'test'] as const)
    .map(
      (name) =>
        `  ${name.padEnd(5)}  ${String(summary.splits[name].size).padStart(7)}  ${histogramText(summary, name)}`,
    )
    .join('\n');
  process.stdout.write(
    `${summary.name}: ${summary.description}\n` +
      `T ${summary.seqLength}, input dim ${summary.inputDim}, ${summary.kind === 'classification' ? `${summary.nClasses} classes × ${summary.multidim} output(s)` : `regression, ${summary.multidim} outputs`}, stored as ${summary.encoding}\n\n` +
      `  split     size  labels\n${rows}\n\n` +
      `example ${index} of ${which}${label === undefined ? '' : ` (label ${label}${example.labelName ? ` '${example.labelName}'` : ''})`}:\n${example.rendering}\n`,
  );
  return 0;
}
