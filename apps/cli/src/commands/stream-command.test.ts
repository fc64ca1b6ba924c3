import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { olrd, tempFolder } from '../cli-test-utils.js';

describe('olrd stream', () => {
  it('learns the drifting stream online and writes a resumable run folder', async () => {
    const out = await tempFolder();
    const run = olrd([
      'stream',
      '--task',
      'drift',
      '--steps',
      '1500',
      '--switch-every',
      '100000',
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.steps).toBe(1500);
    expect(summary.updates).toBe(1500);
    // y_t = x_{t−2}[0]: chance is 50%; an online learner with memory gets far above it.
    expect(summary.lastWindow.accuracy).toBeGreaterThan(0.8);
    const lines = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(15);
    expect(await readFile(join(out, 'prequential.svg'), 'utf8')).toContain('<path d="M');
    // Resume from the checkpoint and continue.
    const more = await tempFolder();
    const resumed = olrd([
      'stream',
      '--task',
      'drift',
      '--steps',
      '200',
      '--switch-every',
      '100000',
      '--backend',
      'wasm',
      '--resume',
      join(out, 'learner.safetensors'),
      '--out',
      more,
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const next = JSON.parse(await readFile(join(more, 'summary.json'), 'utf8'));
    expect(next.updates).toBe(1700);
  });

  it('learns copy sequences with BP(λ), updating model and synthesisers every step', async () => {
    const out = await tempFolder();
    const run = olrd([
      'stream',
      '--task',
      'copy',
      '--rule',
      'online_full_bp_lambda',
      '--steps',
      '120',
      '--n-layers',
      '1',
      '--d-model',
      '8',
      '--d-hidden',
      '4',
      '--copy-pattern-length',
      '2',
      '--lambda',
      '0.5',
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.updates).toBe(120);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.model.synthesiser).toBe(true);
    expect(config.lambda).toBe(0.5);
    // The checkpoint keeps the synthesisers and BP(λ)'s options; resuming continues them.
    const more = await tempFolder();
    const resumed = olrd([
      'stream',
      '--task',
      'copy',
      '--rule',
      'online_full_bp_lambda',
      '--steps',
      '30',
      '--n-layers',
      '1',
      '--d-model',
      '8',
      '--d-hidden',
      '4',
      '--copy-pattern-length',
      '2',
      '--backend',
      'wasm',
      '--resume',
      join(out, 'learner.safetensors'),
      '--out',
      more,
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(more, 'summary.json'), 'utf8')).updates).toBe(150);
  });

  it('rejects bad flags with a message naming them', () => {
    expect(olrd(['stream', '--update-every', '0']).stderr).toMatch(
      /--update-every must be an integer ≥ 1/,
    );
    expect(olrd(['stream', '--task', 'drift', '--update-every', 'sequence']).stderr).toMatch(
      /endless sequence/,
    );
    expect(olrd(['stream', '--rule', 'bptt']).stderr).toMatch(
      /--rule must be one of online_full, online_1truncated, online_spatial, snap1, bp_lambda, online_full_bp_lambda/,
    );
    expect(olrd(['stream', '--lambda', '0.5']).stderr).toMatch(
      /--lambda is for the BP\(λ\) rules \(--rule bp_lambda or online_full_bp_lambda\), not online_full/,
    );
    expect(olrd(['stream', '--rule', 'bp_lambda', '--gamma', '2']).stderr).toMatch(
      /--gamma must be a number in \[0, 1\], got '2'/,
    );
    const help = olrd(['stream', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--update-every');
  });
});
