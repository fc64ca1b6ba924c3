/**
 * A prequential run's live progress on stderr (one rewritten line on a terminal, a plain line
 * every 10 s otherwise) and its Ctrl-C: the first SIGINT asks the loop to stop, a second exits
 * with 130. Shared by `olrd stream` and its chip learner (`--precision`).
 */
import { formatDuration, formatPercent } from '../format.js';

export interface StreamProgress {
  /** Whether Ctrl-C asked the run to stop. */
  readonly interrupted: boolean;
  /** Shows the progress at `step` with the meter's windowed loss and accuracy, `elapsed` s in. */
  show(step: number, window: { loss: number; accuracy: number }, elapsed: number): void;
  /** Removes the SIGINT handler and ends the live line. */
  close(): void;
}

/** Starts the progress line and the SIGINT handler of a run of `steps` steps. */
export function startStreamProgress(options: { steps: number; window: number }): StreamProgress {
  const tty = process.stderr.isTTY === true;
  let lastPlain = performance.now();
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  return {
    get interrupted() {
      return interrupted;
    },
    show(step, window, elapsed) {
      const eta = ((options.steps - step) * elapsed) / step;
      const text = `step ${step}/${options.steps} prequential acc ${formatPercent(window.accuracy)} loss ${window.loss.toFixed(4)} (window ${options.window}) ${(step / elapsed).toFixed(0)} steps/s ETA ${formatDuration(eta)}`;
      if (tty) process.stderr.write(`\r\x1b[K${text}`);
      else if (performance.now() - lastPlain > 10_000 || step === options.steps) {
        process.stderr.write(`${text}\n`);
        lastPlain = performance.now();
      }
    },
    close() {
      process.off('SIGINT', onInterrupt);
      if (tty) process.stderr.write('\n');
    },
  };
}
