import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCopySplit } from '@olrd/data';
import { RULE_NAMES, isSyntheticGradientRule } from '@olrd/rules';
import { parseSafetensors, serializeSafetensors } from '@olrd/train';
import { TINY_RUN, olrd, tempFolder } from '../cli-test-utils.js';

/** A trained 1-layer checkpoint (run/best.safetensors) and a 3-sequence copy batch. */
async function setup(): Promise<string> {
  const dir = await tempFolder();
  const trained = olrd(['train', ...TINY_RUN, '--max-steps', '2', '--out', 'run'], dir);
  expect(trained.code, trained.stderr).toBe(0);
  const split = generateCopySplit(3, 2, 5);
  await writeFile(
    join(dir, 'batch.safetensors'),
    serializeSafetensors({
      x: { dtype: 'F32', shape: [3, 12, 8], data: split.x },
      y: { dtype: 'I32', shape: [3, 12, 7], data: split.y },
      mask: { dtype: 'F32', shape: [3, 12], data: split.mask },
    }),
  );
  return dir;
}

// A checkpoint without synthesisers: the BP(λ) rules are not in the default list.
const ONLINE_RULES = RULE_NAMES.filter((rule) => rule !== 'bptt' && !isSyntheticGradientRule(rule));
const base = ['align', '--params', 'run/best.safetensors', '--backend', 'cpu'];

interface Stats {
  cosine: number;
  relativeNorm: number;
  norm: number;
  referenceNorm: number;
}
interface Report {
  format: string;
  batch: Record<string, unknown>;
  reference: { loss: number; norm: number };
  rules: Array<{
    label: string;
    loss: number;
    overall: Stats;
    layers: Stats[];
    modules: Record<string, Stats>;
    params: Record<string, Stats>;
  }>;
  skipped: unknown[];
}

describe('olrd align', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await setup();
  });

  it('compares every online rule with BPTT on a batch file: table, JSON, and olrd grad agree', async () => {
    const result = olrd([...base, '--batch', 'batch.safetensors', '--out', 'report.json'], dir);
    expect(result.stderr).toMatch(/olrd: bptt \(reference\): loss \d\.\d{4}/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '1-layer LRU (d_model 4, d_hidden 3) from run/best.safetensors',
    );
    expect(result.stdout).toMatch(/batch: batch\.safetensors \[3, 12, 8\]/);
    expect(result.stdout).toMatch(/^rule +scope +cosine +rel\. norm +norm$/m);
    for (const rule of ONLINE_RULES)
      expect(result.stdout).toMatch(new RegExp(`^${rule} +overall `, 'm'));
    expect(result.stdout).toMatch(/^ +layer 0 +-?\d\.\d{4} +\d+\.\d{3} +\d\.\d{3}e[-+]\d+$/m);
    expect(result.stdout).toContain('report written to report.json');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.format).toBe('olrd-align-v1');
    expect(report.batch).toMatchObject({ file: 'batch.safetensors', xShape: [3, 12, 8] });
    expect(report.rules.map((r) => r.label)).toEqual(ONLINE_RULES);
    expect(report.skipped).toEqual([]);
    const byLabel = Object.fromEntries(report.rules.map((r) => [r.label, r]));
    const full = byLabel['online_full']!;
    // Exact for a 1-layer LRU's recurrence and everything above it (spec 0).
    for (const module of ['layers.0.rec', 'layers.0.glu', 'decoder']) {
      expect(full.modules[module]!.cosine, module).toBeGreaterThan(0.9999);
      expect(full.modules[module]!.relativeNorm, module).toBeCloseTo(1, 3);
    }
    const spatial = byLabel['online_spatial']!;
    expect(spatial.modules['layers.0.rec']!.cosine).toBeLessThan(0.99);
    expect(spatial.params['layers.0.rec.nu']).toMatchObject({ cosine: 0, norm: 0 });
    expect(spatial.layers[0]!.cosine).toBeLessThan(full.layers[0]!.cosine);
    for (const rule of report.rules) expect(rule.loss).toBeCloseTo(report.reference.loss, 5);

    // The same numbers from the gradients olrd grad writes.
    const grad = async (rule: string) => {
      const out = `${rule}.safetensors`;
      const args = ['grad', '--params', 'run/best.safetensors', '--batch', 'batch.safetensors'];
      const result = olrd([...args, '--rule', rule, '--out', out, '--backend', 'cpu'], dir);
      expect(result.code, result.stderr).toBe(0);
      return parseSafetensors(new Uint8Array(await readFile(join(dir, out)))).tensors;
    };
    const [bptt, online] = [await grad('bptt'), await grad('online_spatial')];
    let [ab, aa, bb] = [0, 0, 0];
    for (const [name, tensor] of Object.entries(bptt)) {
      tensor.data.forEach((b, i) => {
        const a = online[name]!.data[i]!;
        ab += a * b;
        aa += a * a;
        bb += b * b;
      });
    }
    expect(spatial.overall.cosine).toBeCloseTo(ab / Math.sqrt(aa * bb), 4);
    expect(spatial.overall.norm).toBeCloseTo(Math.sqrt(aa), 3);
    expect(report.reference.norm).toBeCloseTo(Math.sqrt(bb), 3);
  });

  it("draws the batch from the checkpoint's task, prints JSON, and shares dropout masks", () => {
    const result = olrd(
      [...base, '--rules', 'online_full', '--seed', '3', '--bsz', '4', '--json'],
      dir,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.batch).toMatchObject({ task: 'copy', seed: 3, bsz: 4, xShape: [4, 12, 8] });
    expect(report.rules.map((r) => r.label)).toEqual(['online_full']);
    const verbose = olrd([...base, '--rules', 'online_full', '--verbose'], dir);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(/copy task: P=2.*training split, 4 sequences drawn with seed 0/);
    expect(verbose.stdout).toMatch(/^ +layers\.0\.rec +1\.0000 +1\.000 /m);
    const order = ['encoder', 'layers.0.norm', 'layers.0.rec', 'layers.0.glu', 'decoder'];
    const rows = order.map((module) => verbose.stdout.search(new RegExp(`^ +${module} +`, 'm')));
    expect(rows.every((row) => row > 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    const dropout = olrd(
      [...base, '--rules', 'online_full', '--p-dropout', '0.3', '--dropout-seed', '5', '--json'],
      dir,
    );
    expect(dropout.code, dropout.stderr).toBe(0);
    const withDropout = JSON.parse(dropout.stdout) as Report & { model: { pDropout: number } };
    expect(withDropout.model.pDropout).toBe(0.3);
    // Different masks for BPTT and the rule would break this exactness.
    expect(withDropout.rules[0]!.modules['decoder']!.cosine).toBeGreaterThan(0.9999);
    expect(withDropout.reference.loss).not.toBeCloseTo(report.reference.loss, 3);
  });

  it('passes tbptt:K through as the truncation: K = T is exact BPTT, K = 1 is not', () => {
    // T = 12 for the copy task with P = 2.
    const result = olrd(
      [...base, '--batch', 'batch.safetensors', '--rules', 'tbptt:1,tbptt:12', '--json'],
      dir,
    );
    expect(result.code, result.stderr).toBe(0);
    const [one, whole] = (JSON.parse(result.stdout) as Report).rules;
    expect(one).toMatchObject({ label: 'tbptt:1', rule: 'tbptt', truncation: 1 });
    expect(whole).toMatchObject({ label: 'tbptt:12', truncation: 12 });
    expect(whole!.overall.cosine).toBeGreaterThan(0.9999);
    expect(whole!.overall.relativeNorm).toBeCloseTo(1, 3);
    expect(one!.overall.cosine).toBeLessThan(0.999);
  });

  it('aligns a regression checkpoint (bp-toy, mse readout) on a draw of its task', async () => {
    const toyDir = await tempFolder();
    const small = ['--n-layers', '1', '--d-model', '4', '--d-hidden', '3', '--backend', 'cpu'];
    const trained = olrd(
      ['train', '--task', 'bp-toy', '--bsz', '100', '--epochs', '1', ...small, '--out', 'run'],
      toyDir,
    );
    expect(trained.code, trained.stderr).toBe(0);
    const result = olrd(
      [
        'align',
        '--params',
        'run/best.safetensors',
        '--backend',
        'cpu',
        '--bsz',
        '4',
        '--rules',
        'online_full,online_spatial',
        '--out',
        'report.json',
      ],
      toyDir,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(toyDir, 'report.json'), 'utf8')) as Report;
    expect(report.batch).toMatchObject({ task: 'bp-toy', xShape: [4, 10, 10] });
    const [full, spatial] = report.rules;
    // The readout is the squared error, and online_full stays exact above the first layer's input.
    for (const module of ['layers.0.rec', 'decoder'])
      expect(full!.modules[module]!.cosine, module).toBeGreaterThan(0.9999);
    // The toy task's signal arrives at the last step only: the spatial rule sees none of it
    // through the recurrence (the pattern is shown at step 0), so it is far from BPTT there.
    expect(spatial!.modules['layers.0.rec']!.cosine).toBeLessThan(0.9);
  });

  it('trains with bp_lambda from the flags, and aligns it by default on its checkpoint', async () => {
    const sgDir = await tempFolder();
    const flags = [
      '--rule',
      'bp_lambda',
      '--gamma',
      '0.9',
      '--lambda',
      '0.5',
      '--sg-weight',
      '0.5',
    ];
    const trained = olrd(
      ['train', ...TINY_RUN, ...flags, '--synth-lr', '0.01', '--max-steps', '2', '--out', 'run'],
      sgDir,
    );
    expect(trained.code, trained.stderr).toBe(0);
    const bytes = new Uint8Array(await readFile(join(sgDir, 'run/best.safetensors')));
    const tensors = parseSafetensors(bytes).tensors;
    expect(tensors['layers.0.synth.kernel']!.shape).toEqual([6, 6]);
    const config = JSON.parse(await readFile(join(sgDir, 'run/config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(config)).toMatch(/"gamma":0\.9.*"lambda":0\.5.*"sg_?[wW]eight":0\.5/);
    const result = olrd(['align', '--params', 'run/best.safetensors', '--backend', 'cpu'], sgDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^bp_lambda +overall /m);
    expect(result.stdout).toMatch(/^online_full_bp_lambda +overall /m);
    const bad = olrd(['train', ...TINY_RUN, '--rule', 'bp_lambda', '--lambda', '2'], sgDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lambda/);
  });

  it('rejects bad input with one line naming the problem', () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['align', '--batch', 'b'], 2, /olrd align needs --params P\.safetensors/],
      [
        [...base, '--rules', 'online_ful'],
        2,
        /--rules entry 'online_ful': unknown rule 'online_ful'/,
      ],
      [[...base, '--rules', 'online_full:3'], 2, /only tbptt and dni take a truncation/],
      [[...base, '--rules', 'tbptt:0'], 2, /the truncation must be an integer >= 1, got '0'/],
      [[...base, '--rules', 'online_full,online_full'], 2, /lists 'online_full' twice/],
      [[...base, '--rules', ' , '], 2, /--rules needs at least one rule/],
      [[...base, '--batch', 'batch.safetensors', '--task', 'copy'], 2, /--task has no effect/],
      [[...base, '--seed', '-1'], 2, /flag --seed needs a value|--seed must be an integer/],
      [[...base, '--dropout-seed', '1'], 2, /--dropout-seed has no effect with dropout rate 0/],
      [
        [...base, '--task', 'bp-toy'],
        1,
        /the task's inputs have width 10 but run\/best\.safetensors has d_input 8/,
      ],
      [
        [...base, '--task', 'copy-repeat'],
        1,
        /the task's inputs have width 10 but run\/best\.safetensors has d_input 8/,
      ],
      [[...base, '--bsz', '100'], 2, /has 16 training sequences, fewer than --bsz 100/],
      [
        [...base, '--rules', 'bptt', '--execution', 'streaming'],
        1,
        /error: bptt: rule 'bptt' needs the whole sequence/,
      ],
      [[...base, '--format', 'x'], 2, /unknown flag --format/],
    ];
    for (const [args, code, message] of cases) {
      const result = olrd(args, dir);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('takes the task from flags for a checkpoint without train_config', async () => {
    const params = parseSafetensors(
      new Uint8Array(await readFile(join(dir, 'run/best.safetensors'))),
    );
    const { train_config: _dropped, ...metadata } = params.metadata;
    await writeFile(join(dir, 'bare.safetensors'), serializeSafetensors(params.tensors, metadata));
    const bare = [
      'align',
      '--params',
      'bare.safetensors',
      '--backend',
      'cpu',
      '--rules',
      'online_full',
    ];
    expect(olrd(bare, dir).stderr).toMatch(
      /needs --batch B\.safetensors or --task NAME: bare\.safetensors has no train_config/,
    );
    const result = olrd([...bare, '--task', 'copy', '--json'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).batch).toMatchObject({ task: 'copy', bsz: 32 });
  });
});
