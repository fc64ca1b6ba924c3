import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCopySplit } from '@olrd/data';
import { RULE_NAMES } from '@olrd/rules';
import { parseSafetensors, serializeSafetensors } from '@olrd/train';
import { TINY_RUN, olrd, tempFolder } from './cli-test-utils.js';

describe('olrd CLI: usage errors (exit 2, one line, no stack trace)', () => {
  it('prints help and the version', () => {
    const help = olrd(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: olrd <command>');
    const trainHelp = olrd(['train', '--help']);
    expect(trainHelp.code).toBe(0);
    expect(trainHelp.stdout).toContain('--copy-pattern-length');
    expect(trainHelp.stdout).toContain('--jax-seed');
    expect(olrd(['help', 'grad']).stdout).toContain('usage: olrd grad');
    expect(olrd(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown flag, suggesting the closest one', () => {
    const result = olrd(['train', '--lr-bse', '0.1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "olrd: error: unknown flag --lr-bse (did you mean --lr-base?); run 'olrd train --help' for the list of flags\n",
    );
  });

  it('rejects bad values, naming the flag and what it accepts', () => {
    const bool = olrd(['train', '--prenorm', 'False']);
    expect(bool.code).toBe(2);
    expect(bool.stderr).toBe("olrd: error: flag --prenorm must be true or false, got 'False'\n");
    const rule = olrd(['train', '--rule', 'nope']);
    expect(rule.stderr).toContain(
      `flag --rule must be one of: ${RULE_NAMES.join(', ')}, got "nope"`,
    );
    expect(olrd(['train', '--bsz', '0']).stderr).toMatch(
      /flag --bsz must be an integer >= 1, got 0/,
    );
    expect(olrd(['trian']).code).toBe(2);
  });

  it('rejects a bad config file, naming the file and key', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'bad.yaml'), 'epochs: 2\nlearning_rate: 0.1\n');
    const result = olrd(['train', '--config', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /config file .*bad\.yaml: unknown key 'learning_rate' \(did you mean lrBase\?\); allowed keys:/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('olrd train', () => {
  it('trains a tiny model and writes the run folder', async () => {
    const dir = await tempFolder();
    const result = olrd(['train', ...TINY_RUN, '--max-steps', '3', '--out', 'run'], dir);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/best epoch 1: .*test accuracy \d+\.\d%/);
    const run = join(dir, 'run');
    // The lock is gone once the run ended; the resumable state stays.
    expect((await readdir(run)).sort()).toEqual([
      'best.safetensors',
      'checkpoint.safetensors',
      'config.json',
      'metrics.jsonl',
      'summary.json',
    ]);
    const config = JSON.parse(await readFile(join(run, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      dModel: 4,
      trainingMode: 'online_full',
      maxSteps: 3,
      out: 'run',
    });
    const events = (await readFile(join(run, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['step', 'step', 'step', 'epoch']);
    const summary = JSON.parse(await readFile(join(run, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      stoppedBy: 'max-steps',
      steps: 3,
      backend: 'cpu',
      // 1-based, as the console's "best epoch 1".
      bestEpoch: 1,
    });
    expect(summary.test.accuracy).toBeGreaterThan(0);
    expect(summary.tokensPerSecond).toBeGreaterThan(0);
    const best = parseSafetensors(new Uint8Array(await readFile(join(run, 'best.safetensors'))));
    expect(best.tensors['layers.0.rec.B_re']!.shape).toEqual([3, 4]);
    expect(JSON.parse(best.metadata.model_config!)).toMatchObject({
      dInput: 8,
      multidim: 7,
      nClasses: 2,
    });
    expect(JSON.parse(best.metadata.train_config!).dModel).toBe(4);
  });
});

describe('olrd grad', () => {
  async function setup() {
    const dir = await tempFolder();
    expect(olrd(['train', ...TINY_RUN, '--max-steps', '2', '--out', 'run'], dir).code).toBe(0);
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
  const read = async (path: string) => parseSafetensors(new Uint8Array(await readFile(path)));

  it('round-trips: gradients keep the parameter names and shapes; 1-layer online_full equals bptt', async () => {
    const dir = await setup();
    const args = (rule: string, out: string, ...more: string[]) => [
      'grad',
      '--params',
      'run/best.safetensors',
      '--batch',
      'batch.safetensors',
      '--rule',
      rule,
      '--out',
      out,
      '--backend',
      'cpu',
      ...more,
    ];
    const online = olrd(args('online_full', 'online.safetensors'), dir);
    expect(online.stderr).toBe('');
    expect(online.code).toBe(0);
    expect(online.stdout).toMatch(
      /^loss \d\.\d{4} \(online_full, sequence\); gradients written to online\.safetensors\n$/,
    );
    expect(olrd(args('bptt', 'bptt.safetensors'), dir).code).toBe(0);
    expect(
      olrd(args('online_full', 'stream.safetensors', '--execution', 'streaming'), dir).code,
    ).toBe(0);
    const params = await read(join(dir, 'run/best.safetensors'));
    const grads = await read(join(dir, 'online.safetensors'));
    const bptt = await read(join(dir, 'bptt.safetensors'));
    const stream = await read(join(dir, 'stream.safetensors'));
    expect(Object.keys(grads.tensors).sort()).toEqual(Object.keys(params.tensors).sort());
    for (const [name, tensor] of Object.entries(params.tensors))
      expect(grads.tensors[name]!.shape).toEqual(tensor.shape);
    expect(Number(grads.metadata.loss)).toBeCloseTo(Number(bptt.metadata.loss), 5);
    // Exact for the LRU's own parameters and everything above it (spec 0); the encoder and the
    // pre-norm below the recurrence only get the spatial error.
    const exact = /^(layers\.0\.(rec|glu)\.|decoder\.)/;
    for (const [name, tensor] of Object.entries(bptt.tensors)) {
      const online = grads.tensors[name]!.data;
      const streamed = stream.tensors[name]!.data;
      tensor.data.forEach((value, i) => {
        if (exact.test(name)) expect(online[i], name).toBeCloseTo(value, 4);
        expect(streamed[i], name).toBeCloseTo(online[i]!, 4);
      });
    }
  });

  it('names the tensor of a checkpoint that does not match, and a broken file', async () => {
    const dir = await setup();
    const params = await read(join(dir, 'run/best.safetensors'));
    const { 'decoder.bias': _dropped, ...rest } = params.tensors;
    const wrong = {
      ...rest,
      'layers.0.rec.nu': { dtype: 'F32' as const, shape: [5], data: new Float32Array(5) },
    };
    await writeFile(join(dir, 'wrong.safetensors'), serializeSafetensors(wrong, params.metadata));
    const base = [
      'grad',
      '--batch',
      'batch.safetensors',
      '--rule',
      'bptt',
      '--out',
      'g.safetensors',
      '--backend',
      'cpu',
    ];
    const result = olrd([...base, '--params', 'wrong.safetensors'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('wrong.safetensors does not match a 1-layer LRU model');
    expect(result.stderr).toContain("tensor 'layers.0.rec.theta': expected shape [5], found [3]");
    expect(result.stderr).toContain("missing tensor 'decoder.bias' (expected shape [14])");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await writeFile(join(dir, 'broken.safetensors'), new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 123]));
    const broken = olrd([...base, '--params', 'broken.safetensors'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /broken\.safetensors: invalid safetensors file: the header is not valid JSON/,
    );
    const noRule = olrd(
      ['grad', '--params', 'run/best.safetensors', '--batch', 'batch.safetensors', '--out', 'g'],
      dir,
    );
    expect(noRule.code).toBe(2);
    expect(noRule.stderr).toMatch(/olrd grad needs --rule/);
  });
});
