/**
 * Progress display of `olrd data download`: on a TTY one line redrawn in place (file, a bar,
 * bytes done/total, rate), elsewhere a plain line every 10 % (or every 50 MB when the size is
 * unknown). Unpacking reports members written and the share of the archive read.
 */
import type { DownloadProgress, UnpackProgress } from '@olrd/data/node';

/** The stream to draw on (`process.stderr`). */
export interface DataProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Renders download and unpack progress; call `finish` before printing anything else. */
export function createDataProgress(
  stream: DataProgressStream,
  clock = () => performance.now() / 1000,
) {
  const tty = stream.isTTY === true;
  let live = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastPlain = -1;
  let started = clock();
  let startBytes = 0;
  let currentFile = '';
  const draw = (line: string, force: boolean) => {
    if (tty) {
      if (!force && clock() - lastDraw < 0.1) return;
      lastDraw = clock();
      stream.write(`\r\x1b[2K${line}`);
      live = true;
    } else {
      stream.write(`${line}\n`);
    }
  };
  return {
    download(file: string, progress: DownloadProgress) {
      if (file !== currentFile || progress.received === progress.resumedFrom) {
        currentFile = file;
        started = clock();
        startBytes = progress.received;
        lastPlain = -1;
        if (progress.resumedFrom > 0)
          draw(`${file}: resuming at ${formatBytes(progress.resumedFrom)}`, true);
      }
      const elapsed = Math.max(clock() - started, 1e-3);
      const rate = `${formatBytes((progress.received - startBytes) / elapsed)}/s`;
      const total = progress.total;
      const fraction = total ? progress.received / total : undefined;
      const width = 24;
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] `;
      const amount = `${formatBytes(progress.received)}${total ? ` / ${formatBytes(total)}` : ''}`;
      const line = `${file} ${bar}${fraction === undefined ? '' : `${(fraction * 100).toFixed(1)}% `}${amount} ${rate}`;
      if (tty) return draw(line, progress.received === total);
      const bucket =
        fraction === undefined ? Math.floor(progress.received / 50e6) : Math.floor(fraction * 10);
      if (bucket !== lastPlain) {
        lastPlain = bucket;
        draw(line, true);
      }
    },
    unpack(progress: UnpackProgress) {
      const share =
        progress.totalBytes > 0 ? (100 * progress.bytesRead) / progress.totalBytes : 100;
      const line = `unpacking: ${progress.members} files, ${share.toFixed(1)}% of the archive read`;
      if (tty || progress.members % 20000 === 0 || share === 100) draw(line, share === 100);
    },
    finish() {
      if (live) stream.write('\n');
      live = false;
    },
  };
}
