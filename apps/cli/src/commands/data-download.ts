/**
 * `olrd data download TASK`: fetch the task's official files into the data folder with a
 * progress bar, verify their SHA-256, resume partial downloads, unpack what the task needs.
 */
import { DATA_SOURCES, type DataSourceId, getDatasetEntry } from '@olrd/data';
import { downloadTask } from '@olrd/data/node';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { dataDownloadHelp } from './data-help.js';
import { createDataProgress, formatBytes } from './data-progress.js';
import { splitTaskArgument } from './data-task-argument.js';

/** Runs `olrd data download`; resolves to the exit code. */
export async function dataDownloadCommand(args: readonly string[]): Promise<number> {
  const { task, rest } = splitTaskArgument(args);
  const values = parseCommandArgs(
    rest,
    {
      'data-dir': { type: 'string' },
      mirror: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd data download',
  );
  if (values.help) {
    process.stdout.write(dataDownloadHelp());
    return 0;
  }
  if (!task)
    throw new UsageError(
      "'olrd data download' needs a task, e.g. 'olrd data download smnist'; see 'olrd data list'",
    );
  const entry = getDatasetEntry(task);
  const mirror =
    (values.mirror as string | undefined) || process.env['OLRD_DATA_MIRROR'] || undefined;
  const progress = createDataProgress(process.stderr);
  const source = entry.dataSource ? DATA_SOURCES[entry.dataSource as DataSourceId] : undefined;
  if (source)
    process.stderr.write(
      `olrd: ${task} reads ${source.title} (${formatBytes(source.approximateBytes)}), ${source.homepage}\n`,
    );
  try {
    const result = await downloadTask(task, {
      dataDir: (values['data-dir'] as string | undefined) ?? '',
      ...(mirror ? { mirror } : {}),
      onProgress: progress.download,
      onUnpack: progress.unpack,
    });
    progress.finish();
    if (result.status === 'generated') {
      process.stdout.write(`${task} is generated on the fly: nothing to download\n`);
      return 0;
    }
    if (result.status === 'present') {
      process.stdout.write(
        `${task}: data already present (data folder ${result.dataDir}, or a system folder)\n`,
      );
      return 0;
    }
    for (const file of result.files) {
      const note = file.trustOnFirstUse
        ? `no published checksum: SHA-256 ${file.sha256} recorded in ${result.dataDir}/checksums.json (trust on first download)`
        : `SHA-256 verified`;
      process.stdout.write(
        `${file.path}: ${formatBytes(file.bytes)}${file.resumed ? ', resumed' : ''}, ${note}\n`,
      );
    }
    if (result.unpacked > 0)
      process.stdout.write(`unpacked ${result.unpacked} files for ${task}\n`);
    process.stdout.write(`${task}: ready in ${result.dataDir}\n`);
    return 0;
  } finally {
    progress.finish();
  }
}
