/**
 * `olrd sweep` runs a grid on a local pool, skips finished jobs when started again, survives a
 * kill -9 of the sweep (a real child process) with exactly one result per job and nothing
 * finished run twice, and refuses bad sweep files.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, olrd, tempFolder } from '../cli-test-utils.js';
import { TINY_SWEEP as SWEEP, tinySweepBase } from '../sweep-test-fixtures.js';

async function setUp(epochs: number) {
  const dir = await tempFolder();
  await writeFile(join(dir, 'base.yaml'), tinySweepBase(epochs));
  await writeFile(join(dir, 'tiny.yaml'), SWEEP);
  return dir;
}

const summaries = async (out: string) => {
  const found: Record<string, number> = {};
  for (const entry of await readdir(out)) {
    const info = await stat(join(out, entry, 'summary.json')).catch(() => undefined);
    if (info) found[entry] = info.mtimeMs;
  }
  return found;
};

describe('olrd sweep', () => {
  it('runs a grid of rules × seeds locally, then skips it all when started again', async () => {
    const dir = await setUp(1);
    const args = ['sweep', 'tiny.yaml', '--config', 'base.yaml', '--workers', '2', '--out', 'sw'];
    const first = olrd(args, dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/tiny: 4\/4 jobs finished, 0 failed/);
    expect(first.stdout).toMatch(/best val loss \d\.\d{4}: 00\d_training-mode=/);
    expect(first.stderr).toMatch(/\[4\/4\] .*: done \(epochs\) val loss/);
    const results = JSON.parse(await readFile(join(dir, 'sw/results.json'), 'utf8'));
    expect(results.map((r: { id: string }) => r.id)).toEqual([
      '001_training-mode=bptt_seed=1',
      '002_training-mode=bptt_seed=2',
      '003_training-mode=online_full_seed=1',
      '004_training-mode=online_full_seed=2',
    ]);
    expect(results.every((r: { status: string }) => r.status === 'finished')).toBe(true);
    const config = JSON.parse(
      await readFile(join(dir, 'sw/003_training-mode=online_full_seed=1/config.json'), 'utf8'),
    );
    expect(config).toMatchObject({ trainingMode: 'online_full', seed: 1, dModel: 4 });
    // olrd report: a table of mean ± std over the 2 seeds per rule, the best per method, a plot.
    const report = olrd(['report', 'sw'], dir);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^# tiny\n\n4\/4 jobs finished/);
    expect(report.stdout).toMatch(
      /\| setting \| seeds \| \*\*val loss\*\* \(metric\) \| val accuracy % \|/,
    );
    expect(report.stdout).toMatch(/\| trainingMode=bptt \| 2\/2 \| \d\.\d{4} ± \d\.\d{4} \|/);
    expect(report.stdout).toMatch(/\| online_full \| trainingMode=online_full \| \d\.\d{4} ± /);
    expect(await readFile(join(dir, 'sw/report.md'), 'utf8')).toBe(report.stdout);
    const csv = (await readFile(join(dir, 'sw/report.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^trainingMode,jobs,n,metric_mean,/);
    expect(await readFile(join(dir, 'sw/val-loss.svg'), 'utf8')).toContain('<svg');
    expect(olrd(['report', dir], dir).stderr).toMatch(/is not a sweep folder/);
    const status = olrd(['sweep', 'tiny.yaml', '--out', 'sw', '--status'], dir);
    expect(status.stdout).toBe('tiny (sw): 4 jobs\n  done                       4\n');
    const before = await summaries(join(dir, 'sw'));
    const again = olrd(args, dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/finished before/g)).toHaveLength(4);
    expect(await summaries(join(dir, 'sw'))).toEqual(before);
    // The same folder with another sweep file is refused.
    await writeFile(join(dir, 'tiny.yaml'), SWEEP.replace('[1, 2]', '[1, 3]'));
    const changed = olrd(args, dir);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/holds a sweep started from another sweep file .*job 2 differs/);
  });

  it('finishes after a kill -9 of the sweep, with one result per job and none run twice', async () => {
    const dir = await setUp(25);
    const args = ['sweep', 'tiny.yaml', '--config', 'base.yaml', '--workers', '2', '--out', 'sw'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 120_000;
    // Kill once a job has finished and others are under way.
    while (Object.keys(await summaries(join(dir, 'sw')).catch(() => ({}))).length < 1) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    await exited;
    const finishedBeforeKill = await summaries(join(dir, 'sw'));
    expect(Object.keys(finishedBeforeKill).length).toBeLessThan(4);
    const restarted = olrd(args, dir);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stdout).toMatch(/tiny: 4\/4 jobs finished, 0 failed/);
    const after = await summaries(join(dir, 'sw'));
    expect(Object.keys(after)).toHaveLength(4);
    for (const [job, mtime] of Object.entries(finishedBeforeKill)) expect(after[job]).toBe(mtime);
    const results = JSON.parse(await readFile(join(dir, 'sw/results.json'), 'utf8'));
    expect(results).toHaveLength(4);
    expect(new Set(results.map((r: { id: string }) => r.id)).size).toBe(4);
  });

  it('runs the paper protocol: the scan, then the best setting of each method with more seeds', async () => {
    const dir = await setUp(2);
    await writeFile(
      join(dir, 'scan.yaml'),
      SWEEP.replace(
        'jax_seed: { values: [1, 2] }',
        'lr_base: { values: [0.03, 0.001] }\n  jax_seed: { value: 1 }',
      ),
    );
    const args = ['sweep', 'scan.yaml', '--config', 'base.yaml', '--workers', '2', '--out', 'sw'];
    const run = olrd([...args, '--then-seeds', '5-6'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /second stage: the best setting of each of 2 methods with seeds 5, 6 \(4 jobs\)/,
    );
    expect(run.stdout).toMatch(/tiny: 8\/8 jobs finished, 0 failed/);
    const results = JSON.parse(await readFile(join(dir, 'sw/results.json'), 'utf8')) as Array<{
      id: string;
      stage: string;
      values: { trainingMode: string; lrBase: number; seed: number };
      'val loss': number;
    }>;
    const scan = results.filter((r) => r.stage === 'scan');
    const best = results.filter((r) => r.stage === 'best');
    expect(best.map((r) => r.id)).toEqual([
      'best_bptt_seed=5',
      'best_bptt_seed=6',
      'best_online_full_seed=5',
      'best_online_full_seed=6',
    ]);
    for (const rule of ['bptt', 'online_full']) {
      const winner = scan
        .filter((r) => r.values.trainingMode === rule)
        .sort((a, b) => a['val loss'] - b['val loss'])[0]!;
      for (const r of best.filter((b) => b.values.trainingMode === rule))
        expect(r.values.lrBase).toBe(winner.values.lrBase);
    }
    const report = olrd(['report', 'sw'], dir);
    expect(report.stdout).toMatch(/## Best settings rerun with seeds 5, 6\n\n4\/4 jobs finished/);
    // Started again: everything is found finished, the second stage included.
    const again = olrd([...args, '--then-seeds', '5-6'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/finished before/g)).toHaveLength(8);
    expect(olrd([...args, '--then-seeds', '5-x'], dir).stderr).toMatch(
      /--then-seeds takes seeds like 11-20/,
    );
  });

  it('refuses a missing or bad sweep file, naming it', async () => {
    const dir = await setUp(1);
    const missing = olrd(['sweep', 'none.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read sweep file none\.yaml: file not found/);
    await writeFile(join(dir, 'bad.yaml'), 'parameters:\n  lr_bse: { value: 1 }\n');
    const bad = olrd(['sweep', 'bad.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sweep file bad\.yaml: parameter 'lr_bse' is not a config key/);
    expect(olrd(['sweep'], dir).stderr).toMatch(/olrd sweep needs a sweep file/);
  });
});
