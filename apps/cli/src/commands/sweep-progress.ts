/**
 * A sweep's progress on stderr: one line per job as it ends, and the sweep's bar with its ETA —
 * redrawn in place beneath those lines on a terminal, appended to each line elsewhere (CI, logs).
 */
import { formatDuration } from '../format.js';
import type { JobOutcome } from './sweep-pool.js';
import { bar, type ProgressStream } from '../progress/progress-reporter.js';

/** How far a stage of the sweep is. */
export interface SweepCounts {
  done: number;
  running: number;
  total: number;
}

/** What {@link createSweepProgress} returns. */
export interface SweepProgress {
  /** A job ended (or was found finished before): its line, then the bar. */
  job(line: string, outcome: JobOutcome, counts: SweepCounts): void;
  /** Any other line (a job started on a worker, the second stage). */
  note(line: string): void;
  /** Clears the bar (before the summary is printed). */
  finish(): void;
}

/**
 * `workers`: the local pool's size, which turns the mean job time into an ETA; without it (a
 * queue, with workers unknown) the ETA is the observed rate of finished jobs.
 */
export function createSweepProgress(
  stream: ProgressStream,
  workers: number | undefined,
  clock: () => number = () => performance.now() / 1000,
): SweepProgress {
  const began = clock();
  let ran = 0;
  let ranSeconds = 0;
  let last: SweepCounts | undefined;
  let barShown = false;
  const tty = stream.isTTY === true;
  const eta = (counts: SweepCounts): number | undefined => {
    const remaining = counts.total - counts.done;
    if (ran === 0 || remaining === 0) return undefined;
    return workers === undefined
      ? ((clock() - began) / ran) * remaining
      : (ranSeconds / ran) * Math.ceil(remaining / workers);
  };
  const status = (counts: SweepCounts) => {
    const left = eta(counts);
    return `${counts.done}/${counts.total} jobs${counts.running > 0 ? `, ${counts.running} running` : ''}${left === undefined ? '' : `; ETA ${formatDuration(left)}`}`;
  };
  const clearBar = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  const drawBar = () => {
    if (!tty || !last) return;
    stream.write(`olrd sweep ${bar(last.done / Math.max(1, last.total), 24)} ${status(last)}`);
    barShown = true;
  };
  return {
    job(line, outcome, counts) {
      if (outcome.status === 'finished') {
        ran++;
        ranSeconds += outcome.seconds;
      }
      last = counts;
      clearBar();
      stream.write(
        tty
          ? `olrd sweep: ${line}\n`
          : `olrd sweep: [${counts.done}/${counts.total}] ${line}${(() => {
              const left = eta(counts);
              return left === undefined ? '' : `; ETA ${formatDuration(left)}`;
            })()}\n`,
      );
      drawBar();
    },
    note(line) {
      clearBar();
      stream.write(`olrd sweep: ${line}\n`);
      drawBar();
    },
    finish() {
      clearBar();
    },
  };
}
