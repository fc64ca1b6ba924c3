import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { olrd, tempFolder } from '../cli-test-utils.js';

const hasCc = spawnSync('cc', ['--version']).status === 0;

describe('olrd chip budget', () => {
  it('prints a row per rule, and JSON with --json', () => {
    const budget = ['chip', 'budget', '--precision', 'int8', '--d-model', '8', '--d-hidden', '4'];
    const table = olrd(budget);
    expect(table.code, table.stderr).toBe(0);
    for (const rule of [
      'online_full',
      'online_1truncated',
      'online_spatial',
      'snap1',
      'bp_lambda',
      'bptt',
    ])
      expect(table.stdout).toMatch(new RegExp(`^${rule} `, 'm'));
    const json = olrd([...budget, '--n-layers', '2', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    const full = report.rules.find((r: { rule: string }) => r.rule === 'online_full');
    // drift: d_input 4, two classes; 386 parameters (chip-budget.test.ts counts them), int8.
    expect(full.parameterBytes).toBe(386);
    expect(full.traceBytes).toBe(2 * (16 + 64) * 2);
  });
  it('names a bad precision and its choices', () => {
    const bad = olrd(['chip', 'budget', '--precision', 'params=q4.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/M \+ N = 8, 16 or 32/);
  });
});

describe('olrd stream --precision and olrd export --target c', () => {
  it('learns the drift stream with int8 weights and int16 states and traces, then exports C', async () => {
    const out = await tempFolder();
    const run = olrd([
      'stream',
      '--task',
      'drift',
      '--precision',
      'int8',
      '--steps',
      '3000',
      '--switch-every',
      '100000',
      '--n-layers',
      '1',
      '--d-model',
      '16',
      '--d-hidden',
      '16',
      '--out',
      join(out, 'run'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'run', 'summary.json'), 'utf8'));
    expect(summary.steps).toBe(3000);
    // y_t = x_{t−2}[0]: chance is 50%.
    expect(summary.lastWindow.accuracy).toBeGreaterThan(0.75);
    expect(summary.bytesByClass.params).toBeGreaterThan(0);
    const config = JSON.parse(await readFile(join(out, 'run', 'config.json'), 'utf8'));
    expect(config.chip.precision).toMatch(/^params=q2\.6,/);
    const exported = olrd(['export', '--target', 'c', join(out, 'run'), '--out', join(out, 'c')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readdir(join(out, 'c'))).sort()).toEqual(['README.md', 'olrd.c', 'olrd.h']);
    if (!hasCc) {
      console.warn('olrd export test: cc not found, the library was not compiled');
      return;
    }
    const cc = spawnSync('cc', ['-std=c99', '-O2', '-Wall', '-Werror', '-c', 'olrd.c'], {
      cwd: join(out, 'c'),
      encoding: 'utf8',
    });
    expect(cc.status, cc.stderr).toBe(0);
  });
  it('refuses what the chip learner cannot do', () => {
    const rule = olrd(['stream', '--precision', 'int8', '--rule', 'online_spatial']);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/online_full only/);
    const exportFloat = olrd(['export', '--target', 'wasm', 'x', '--out', 'y']);
    expect(exportFloat.code).toBe(2);
    expect(exportFloat.stderr).toMatch(/--target must be c/);
  });
});
