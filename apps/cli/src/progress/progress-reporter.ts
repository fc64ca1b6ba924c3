/**
 * Live progress on stderr. On a TTY: one line redrawn in place (epoch, a bar, step/total, loss,
 * accuracy, tokens/s, ETA), throttled to ~10 redraws a second. Elsewhere (CI, pipes): a plain
 * line at most every `plainIntervalSeconds`. In both, one line per finished epoch.
 */
import type { EpochMetricsEvent, StepProgress, TrainStartInfo } from '@olrd/train';
import { formatCount, formatDuration, formatLoss, formatPercent } from '../format.js';

/** The stream the reporter writes to (`process.stderr` in the CLI). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressOptions {
  epochs: number;
  /** Seconds between plain (non-TTY) lines; default 10. */
  plainIntervalSeconds?: number;
  /** Seconds clock; default `performance.now() / 1000`. */
  clock?: () => number;
}

/** Receives the training loop's events and renders them. */
export interface ProgressReporter {
  start(info: TrainStartInfo): void;
  progress(progress: StepProgress): void;
  epoch(event: EpochMetricsEvent): void;
  /** Clears the live line (call before printing anything else). */
  finish(): void;
}

/** `[####....]`: `fraction` of `width` filled. */
export function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** Creates a reporter writing to `stream`. */
export function createProgressReporter(
  stream: ProgressStream,
  options: ProgressOptions,
): ProgressReporter {
  const clock = options.clock ?? (() => performance.now() / 1000);
  const interval = options.plainIntervalSeconds ?? 10;
  const tty = stream.isTTY === true;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let liveLine = false;
  const clear = () => {
    if (liveLine) stream.write('\r\x1b[2K');
    liveLine = false;
  };
  const describe = (p: StepProgress) =>
    `epoch ${p.epoch + 1}/${options.epochs} ${tty ? `${bar(p.step / p.totalSteps, 20)} ` : ''}` +
    `step ${p.step}/${p.totalSteps} loss ${formatLoss(p.epochLoss)} acc ${formatPercent(p.epochAccuracy)} ` +
    `${formatCount(p.tokensPerSecond)} tok/s ETA ${formatDuration(p.etaSeconds)}`;
  return {
    start(info) {
      stream.write(
        `olrd: ${info.datasetDescription}; ${info.parameterCount} parameters; ` +
          `${info.totalSteps} steps (${info.stepsPerEpoch} per epoch)\n`,
      );
    },
    progress(p) {
      const now = clock();
      const last = p.step === p.totalSteps;
      if (tty) {
        if (now - lastDraw < 0.1 && !last) return;
        const width = Math.max(20, (stream.columns ?? 100) - 1);
        stream.write(`\r\x1b[2K${describe(p).slice(0, width)}`);
        liveLine = true;
      } else {
        if (now - lastDraw < interval && !last) return;
        stream.write(`${describe(p)}\n`);
      }
      lastDraw = now;
    },
    epoch(e) {
      clear();
      stream.write(
        `epoch ${e.epoch + 1}/${options.epochs}: train loss ${formatLoss(e.train.loss)} acc ${formatPercent(e.train.accuracy)} | ` +
          `val loss ${formatLoss(e.val.loss)} acc ${formatPercent(e.val.accuracy)} | ` +
          `test loss ${formatLoss(e.test.loss)} acc ${formatPercent(e.test.accuracy)} | ` +
          (e.alignment ? `cosine with bptt ${e.alignment.overall.cosine.toFixed(3)} | ` : '') +
          `${formatCount(e.tokensPerSecond)} tok/s, ${formatDuration(e.epochSeconds)}${e.isBest ? ' *best' : ''}\n`,
      );
    },
    finish: clear,
  };
}
