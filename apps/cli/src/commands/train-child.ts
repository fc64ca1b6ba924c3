/**
 * One `olrd train` child process, as the local sweep pool and `olrd worker` run their jobs: its
 * output goes to a log file, its last stderr line is kept for a failure message, and it is told
 * to stop (and checkpoint) if the process that started it dies, so a worker killed with -9 leaves
 * no training running on behind the queue's back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Set in a child's environment: the pid of the process that waits for it. */
export const PARENT_PID_ENV = 'OLRD_PARENT_PID';

/** A running child: `done` resolves with its exit code and its error line (else its last). */
export interface TrainChild {
  child: ChildProcess;
  done: Promise<{ code: number | null; lastLine: string }>;
}

/**
 * Spawns `node CLI ...args`, appending stdout and stderr to `logPath`. `detached` puts it in its
 * own process group, so a terminal's Ctrl-C reaches only the parent, which passes on one SIGINT
 * (two would make the child quit without its checkpoint).
 */
export function spawnTrainChild(
  cli: string,
  args: readonly string[],
  logPath: string,
  detached: boolean,
): TrainChild {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
    env: { ...process.env, CI: '1', [PARENT_PID_ENV]: String(process.pid) },
  });
  // A crash ends with Node's version line: the error line above it says more.
  let lastLine = '';
  let errorLine: string | undefined;
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (chunk: Buffer) => {
    log.write(chunk);
    const lines = chunk
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    if (lines.length > 0) lastLine = lines.at(-1)!;
    errorLine = lines.filter((line) => /^(olrd: error:|\w*Error\b)/.test(line)).at(-1) ?? errorLine;
  });
  const done = new Promise<{ code: number | null; lastLine: string }>((resolve) => {
    child.on('close', (code) => {
      log.end(() => resolve({ code, lastLine: errorLine ?? lastLine }));
    });
  });
  return { child, done };
}

/**
 * In a child started by {@link spawnTrainChild}: once its parent is gone (the child was
 * re-parented), interrupt this process as Ctrl-C would, so it checkpoints and exits.
 */
export function stopWhenParentDies(): void {
  const expected = Number(process.env[PARENT_PID_ENV]);
  if (!Number.isInteger(expected) || expected <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === expected) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGINT');
  }, 1000);
  timer.unref();
}
