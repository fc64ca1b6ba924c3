import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    // The folder holds a run now: a second run into it is refused.
    const again = olrd(['stream', '--steps', '10', '--backend', 'wasm', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds files .*--resume .*--overwrite/);
    // Resume continues the same stream: --steps is the total length.
    const resumed = olrd(['stream', '--steps', '1700', '--backend', 'wasm', '--resume', out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const next = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(next.updates).toBe(1700);
    expect(next.steps).toBe(1700);
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(
      17,
    );
    // A damaged checkpoint is named, not a raw parse error; a folder that is no run is refused.
    await writeFile(join(out, 'learner.safetensors'), 'not a checkpoint');
    const damaged = olrd(['stream', '--steps', '1800', '--resume', out]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`${join(out, 'learner.safetensors')}: `);
    const none = olrd(['stream', '--resume', join(out, 'nowhere')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--resume .*nowhere: no such run folder/);
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
    // Flags that repeat the run's options are accepted; one that changes them is refused.
    const changed = olrd(['stream', '--resume', out, '--steps', '150', '--d-model', '16']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(
      /a resumed run keeps its options, but --d-model 16 \(the run has 8\)/,
    );
    const resumed = olrd([
      'stream',
      '--steps',
      '150',
      '--d-model',
      '8',
      '--backend',
      'wasm',
      '--resume',
      join(out, 'learner.safetensors'),
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).updates).toBe(150);
  });

  it('resumes a run folder written with the old option names, and rewrites them', async () => {
    // Written by olrd stream before its flags took olrd train's names: --rule online_spatial
    // --batch-size 2 --lr 0.01, 40 steps; config.json holds rule, batchSize and lr.
    const out = join(await tempFolder(), 'run');
    await cp(fileURLToPath(new URL('__fixtures__/stream-run-v0', import.meta.url)), out, {
      recursive: true,
    });
    const changed = olrd(['stream', '--resume', out, '--steps', '60', '--bsz', '3']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(
      /a resumed run keeps its options, but --bsz 3 \(the run has 2\)/,
    );
    const resumed = olrd(['stream', '--resume', out, '--steps', '60', '--lr', '0.01']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/online_spatial .*\(resumed at step 40\)/);
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).steps).toBe(60);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ trainingMode: 'online_spatial', bsz: 2, lrBase: 0.01 });
    expect(config).not.toHaveProperty('rule');
    expect(config).not.toHaveProperty('batchSize');
    expect(config).not.toHaveProperty('lr');
    expect(config.given).toContain('trainingMode');
  });

  it('writes the new option names when given the old flags', async () => {
    const out = await tempFolder();
    const run = olrd([
      'stream',
      ...['--steps', '20', '--n-layers', '1', '--d-model', '4', '--d-hidden', '2'],
      ...['--rule', 'online_1truncated', '--batch-size', '2', '--lr', '0.01'],
      ...['--backend', 'wasm', '--out', out],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ trainingMode: 'online_1truncated', bsz: 2, lrBase: 0.01 });
  });

  it('rejects bad flags with a message naming them and what they take', () => {
    expect(olrd(['stream', '--update-every', '0']).stderr).toMatch(
      /flag --update-every must be an integer >= 1 or 'sequence', got '0'/,
    );
    expect(olrd(['stream', '--task', 'drift', '--update-every', 'sequence']).stderr).toMatch(
      /endless sequence/,
    );
    expect(olrd(['stream', '--bsz', 'x']).stderr).toMatch(
      /flag --bsz must be an integer >= 1, got 'x'/,
    );
    expect(olrd(['stream', '--rule', 'bptt']).stderr).toMatch(
      /flag --rule must be one of: online_full, online_1truncated, online_spatial, snap1, bp_lambda, online_full_bp_lambda, got "bptt"/,
    );
    expect(olrd(['stream', '--lambda', '0.5']).stderr).toMatch(
      /--lambda is for the BP\(λ\) rules \(--rule bp_lambda or online_full_bp_lambda\), not online_full/,
    );
    expect(olrd(['stream', '--training-mode', 'bp_lambda', '--gamma', '2']).stderr).toMatch(
      /flag --gamma must be a number >= 0 and <= 1, got 2/,
    );
    expect(olrd(['stream', '--lr', '0.1', '--lr-base', '0.2']).stderr).toMatch(
      /flags --lr-base and --lr both set lrBase; give one/,
    );
    const help = olrd(['stream', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--update-every');
    expect(help.stdout).toContain('--lr  alias of --lr-base');
  });
});
