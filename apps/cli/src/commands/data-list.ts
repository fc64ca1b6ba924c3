/**
 * `olrd data list`: every task with its sequence shape, where its data comes from (generated, or
 * the download and its size, plus the option that generates it instead where the task has one)
 * and whether that data is present in the data folder.
 */
import { DATA_SOURCES, datasetEntries, type DataSourceId } from '@olrd/data';
import { createNodeDataStore, taskAvailability } from '@olrd/data/node';
import { parseCommandArgs } from '../parse-command-args.js';
import { dataListHelp } from './data-help.js';
import { formatBytes } from './data-progress.js';

const STATUS_TEXT = {
  generated: 'generated',
  present: 'present',
  archive: 'downloaded, not unpacked (run download again)',
  missing: 'missing',
} as const;

/** Runs `olrd data list`; resolves to the exit code. */
export async function dataListCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs(
    args,
    {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd data list',
  );
  if (values.help) {
    process.stdout.write(dataListHelp());
    return 0;
  }
  const store = createNodeDataStore({ dataDir: (values['data-dir'] as string | undefined) ?? '' });
  const rows = await Promise.all(
    datasetEntries().map(async (entry) => {
      const source = entry.dataSource ? DATA_SOURCES[entry.dataSource as DataSourceId] : undefined;
      return {
        task: entry.name,
        description: entry.description,
        source: source ? source.id : 'generated',
        downloadBytes: source?.approximateBytes ?? 0,
        ...(entry.offline ? { offline: entry.offline } : {}),
        status: await taskAvailability(entry, store),
      };
    }),
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ dataDir: store.location, tasks: rows }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((row) => row.task.length));
  const lines = rows.map((row) => {
    const source =
      row.source === 'generated'
        ? 'generated'
        : `${row.source} (${formatBytes(row.downloadBytes)})${row.offline ? ` or ${row.offline}` : ''}`;
    return `  ${row.task.padEnd(width)}  ${source.padEnd(35)}  ${STATUS_TEXT[row.status].padEnd(9)}  ${row.description}`;
  });
  process.stdout.write(
    `data folder: ${store.location}\n\n  ${'task'.padEnd(width)}  ${'data'.padEnd(35)}  ${'local'.padEnd(9)}  description\n${lines.join('\n')}\n\n` +
      `Get a task's data with 'olrd data download TASK'; look at it with 'olrd data inspect TASK'.\n` +
      `'or source=generator': the task also generates its data, no download (olrd train\n` +
      `--listops-source generator / --pathfinder-source generator; data inspect --set source=generator).\n`,
  );
  return 0;
}
