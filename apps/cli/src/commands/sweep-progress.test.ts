// The sweep's progress: plain lines with counts and ETA off a terminal; a bar redrawn beneath the
// job lines on one; the ETA from the pool's size, or from the observed rate for a queue.
import { describe, expect, it } from 'vitest';
import type { SweepJob } from '@olrd/train';
import type { JobOutcome } from './sweep-pool.js';
import { createSweepProgress } from './sweep-progress.js';

const job = (index: number): SweepJob => ({ index, id: `00${index + 1}`, values: {} });
const finished = (index: number, seconds: number): JobOutcome => ({
  job: job(index),
  folder: `sw/00${index + 1}`,
  status: 'finished',
  seconds,
});

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } };
}

describe('createSweepProgress', () => {
  it('off a terminal: one line per job with [done/total] and the pool ETA', () => {
    const { chunks, stream } = capture(false);
    const progress = createSweepProgress(stream, 2);
    progress.job('001: done', finished(0, 10), { done: 1, running: 2, total: 5 });
    // 4 left on 2 workers at 10 s a job: 2 rounds, 20 s.
    expect(chunks.join('')).toBe('olrd sweep: [1/5] 001: done; ETA 20s\n');
    progress.note('002: running on host:1');
    expect(chunks.at(-1)).toBe('olrd sweep: 002: running on host:1\n');
  });

  it('on a terminal: the bar beneath the lines, cleared before each new line and at the end', () => {
    const { chunks, stream } = capture(true);
    let now = 0;
    const progress = createSweepProgress(stream, undefined, () => now);
    now = 30;
    progress.job('001: done', finished(0, 30), { done: 1, running: 1, total: 4 });
    expect(chunks).toEqual([
      'olrd sweep: 001: done\n',
      // A queue: 1 job in 30 s of wall time, 3 left: 90 s.
      `olrd sweep [${'#'.repeat(6)}${'.'.repeat(18)}] 1/4 jobs, 1 running; ETA 1m30s`,
    ]);
    progress.note('second stage');
    expect(chunks.slice(2, 4)).toEqual(['\r\x1b[2K', 'olrd sweep: second stage\n']);
    progress.finish();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});
