/**
 * Nothing is lost: a run killed with SIGKILL (a real child process, no chance to clean up) and
 * resumed with --resume ends exactly as the same run never interrupted: the same parameters bit
 * for bit, the same metrics lines, the same summary, for `olrd train` (mid-epoch, with dropout)
 * and for `olrd stream` (the same stream position, meter and optimiser state).
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '@olrd/tensor';
import { CLI, TINY_RUN, olrd, tempFolder } from '../cli-test-utils.js';

/** Starts `olrd args`, waits until `ready()` holds, then kills it with SIGKILL. */
async function killWhen(args: string[], cwd: string, ready: () => Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let finished = false;
  void exited.then(() => (finished = true));
  const deadline = Date.now() + 90_000;
  while (!finished && !(await ready())) {
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(finished, 'the run ended before it could be killed: make it longer').toBe(false);
  child.kill('SIGKILL');
  await exited;
}

/**
 * Runs `args` uninterrupted into `whole/`, then again into `killed/`, killed with SIGKILL once
 * `ready(killed folder)` holds; the killed run must have left no summary.
 */
async function wholeAndKilled(
  args: string[],
  dir: string,
  ready: (folder: string) => Promise<boolean>,
): Promise<void> {
  const whole = olrd([...args, '--out', 'whole'], dir);
  expect(whole.code, whole.stderr).toBe(0);
  await killWhen([...args, '--out', 'killed'], dir, () => ready(join(dir, 'killed')));
  expect(await exists(join(dir, 'killed/summary.json'))).toBe(false);
}

const lines = async (path: string) =>
  (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((line) => line.trim() !== '');

/** Metrics lines without their wall-clock fields. */
const timeless = async (path: string) =>
  (await lines(path)).map((line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    for (const key of ['tokensPerSecond', 'elapsedSeconds', 'epochSeconds', 'stepsPerSecond'])
      delete record[key];
    return record;
  });

/** The named tensors of a safetensors file, as arrays (bit-exact comparison). */
async function tensorsOf(path: string, prefix: string) {
  const file = parseSafetensors(new Uint8Array(await readFile(path)));
  return Object.fromEntries(
    Object.entries(file.tensors)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, tensor]) => [name, Array.from(tensor.data)]),
  );
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('kill -9 and --resume', () => {
  it('olrd train: resumes mid-run after SIGKILL and ends bit-identical to an uninterrupted run', async () => {
    const dir = await tempFolder();
    const args = [
      'train',
      ...TINY_RUN,
      '--epochs',
      '40',
      '--p-dropout',
      '0.1',
      '--log-every',
      '3',
      '--checkpoint-every',
      '1',
    ];
    await wholeAndKilled(args, dir, async (killed) => {
      const logged = await lines(join(killed, 'metrics.jsonl'));
      return logged.filter((line) => line.includes('"type":"epoch"')).length >= 4;
    });
    const refused = olrd([...args, '--out', 'killed'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds files .*pass --resume killed/);
    const resumed = olrd(['train', '--resume', 'killed', '--backend', 'cpu'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/run folder killed \(resumed\)/);
    expect(await tensorsOf(join(dir, 'killed/best.safetensors'), '')).toEqual(
      await tensorsOf(join(dir, 'whole/best.safetensors'), ''),
    );
    expect(await tensorsOf(join(dir, 'killed/checkpoint.safetensors'), 'params.')).toEqual(
      await tensorsOf(join(dir, 'whole/checkpoint.safetensors'), 'params.'),
    );
    expect(await timeless(join(dir, 'killed/metrics.jsonl'))).toEqual(
      await timeless(join(dir, 'whole/metrics.jsonl')),
    );
    const summary = async (run: string) => {
      const s = JSON.parse(await readFile(join(dir, run, 'summary.json'), 'utf8'));
      return { val: s.val, test: s.test, steps: s.steps, epochs: s.epochs, best: s.bestEpoch };
    };
    expect(await summary('killed')).toEqual(await summary('whole'));
    // A finished run has nothing left to resume; a changed setting is refused.
    const again = olrd(['train', '--resume', 'killed'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already finished \(stopped by epochs after 160 steps\)/);
    const changed = olrd(['train', '--resume', 'whole', '--lr-base', '0.5'], dir);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(
      /a resumed run keeps its config, but --lr-base 0\.5 \(the run has/,
    );
  });

  it('olrd stream: resumes the stream after SIGKILL and ends bit-identical to an uninterrupted run', async () => {
    const dir = await tempFolder();
    const args = [
      'stream',
      '--steps',
      '2000',
      '--n-layers',
      '1',
      '--d-model',
      '8',
      '--d-hidden',
      '4',
      '--switch-every',
      '1000',
      '--backend',
      'wasm',
      '--log-every',
      '100',
      '--checkpoint-every',
      '50',
    ];
    await wholeAndKilled(args, dir, async (killed) => {
      if (!(await exists(join(killed, 'learner.safetensors')))) return false;
      return (await lines(join(killed, 'metrics.jsonl'))).length >= 5;
    });
    const resumed = olrd(['stream', '--resume', 'killed'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/\(resumed at step \d+\)/);
    expect(await tensorsOf(join(dir, 'killed/learner.safetensors'), '')).toEqual(
      await tensorsOf(join(dir, 'whole/learner.safetensors'), ''),
    );
    expect(await timeless(join(dir, 'killed/metrics.jsonl'))).toEqual(
      await timeless(join(dir, 'whole/metrics.jsonl')),
    );
    const summary = async (run: string) => {
      const s = JSON.parse(await readFile(join(dir, run, 'summary.json'), 'utf8'));
      return { steps: s.steps, updates: s.updates, prequential: s.prequential, last: s.lastWindow };
    };
    expect(await summary('killed')).toEqual(await summary('whole'));
  });

  it('olrd stream: a diverging learner exits 1 and keeps the last good checkpoint', async () => {
    const dir = await tempFolder();
    const run = olrd(
      [
        'stream',
        '--steps',
        '400',
        '--lr',
        '1e6',
        '--n-layers',
        '1',
        '--d-model',
        '8',
        '--d-hidden',
        '4',
        '--backend',
        'wasm',
        '--checkpoint-every',
        '1',
        '--out',
        'run',
      ],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the learner diverged .* keeps the last good checkpoint \(step \d+\)/,
    );
    const params = Object.values(await tensorsOf(join(dir, 'run/learner.safetensors'), 'params.'));
    expect(params.length).toBeGreaterThan(0);
    expect(params.every((values) => values.every(Number.isFinite))).toBe(true);
    const summary = JSON.parse(await readFile(join(dir, 'run/summary.json'), 'utf8'));
    expect(summary.diverged).toBe(true);
  });
});
