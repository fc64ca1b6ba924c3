import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_RUN, olrd, tempFolder } from '../cli-test-utils.js';

/**
 * Well-formedness without an XML library: one root <svg>, every tag closed in order, and no
 * unescaped '<' or '&' in text.
 */
function expectWellFormedSvg(text: string): void {
  expect(text.startsWith('<svg')).toBe(true);
  expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < text.length) {
    const next = text.indexOf('<', i);
    const chunk = text.slice(i, next === -1 ? text.length : next);
    expect(chunk, `text at ${i}`).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/i);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(text);
    expect(match, `tag at ${next}: ${text.slice(next, next + 60)}`).not.toBeNull();
    const [whole, closing, name, , selfClosing] = match!;
    if (closing) expect(stack.pop(), `</${name}> at ${next}`).toBe(name);
    else if (!selfClosing) stack.push(name!);
    if (stack.length === 0) expect(text.slice(next + whole.length).trim()).toBe('');
    i = next + whole.length;
  }
  expect(stack).toEqual([]);
}

async function trainRun(dir: string, out: string, ...more: string[]): Promise<string> {
  const result = olrd(
    ['train', ...TINY_RUN, '--copy-train-samples', '12', '--epochs', '2', '--out', out, ...more],
    dir,
  );
  expect(result.code, result.stderr).toBe(0);
  return join(dir, out);
}

describe('olrd plot', () => {
  let dir: string;
  let run: string;
  beforeAll(async () => {
    dir = await tempFolder();
    run = await trainRun(dir, 'run', '--log-n-batches', '2');
  });

  it('rasterises the same charts as PNG with --format png', async () => {
    const result = olrd(['plot', 'run', '--format', 'png', '--out', 'png'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'wrote png/loss.png\nwrote png/accuracy.png\nwrote png/alignment.png\n',
    );
    for (const name of ['loss.png', 'accuracy.png', 'alignment.png']) {
      const bytes = await readFile(join(dir, 'png', name));
      // The PNG signature, then the IHDR chunk with a width and height of a real chart.
      expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(200);
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(100);
    }
  });

  it('draws loss, accuracy and alignment as SVG with every series', async () => {
    const result = olrd(['plot', 'run'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'wrote run/loss.svg\nwrote run/accuracy.svg\nwrote run/alignment.svg\n',
    );
    const svg = async (name: string) => readFile(join(run, name), 'utf8');
    const [loss, accuracy, alignment] = await Promise.all(
      ['loss.svg', 'accuracy.svg', 'alignment.svg'].map(svg),
    );
    for (const text of [loss!, accuracy!, alignment!]) expectWellFormedSvg(text);
    for (const text of [loss!, accuracy!]) {
      for (const series of ['train (logged steps)', 'train (epoch mean)', 'val', 'test'])
        expect(text).toContain(`>${series}</text>`);
      expect(text).toContain('online_full on copy');
    }
    expect(loss).toContain('>loss</text>');
    expect(accuracy).toContain('>accuracy</text>');
    for (const label of ['overall', 'layer 0', 'cosine similarity', 'relative norm'])
      expect(alignment).toContain(label);
    expect(alignment).not.toContain('layer 1');
  });

  it('writes elsewhere with --out, and skips alignment.svg for a run without alignment', async () => {
    const plain = await trainRun(dir, 'plain');
    const result = olrd(['plot', '--out', 'figures', 'plain'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no alignment records: train with --log-n-batches N');
    expect((await readdir(join(dir, 'figures'))).sort()).toEqual(['accuracy.svg', 'loss.svg']);
    expect((await readdir(plain)).filter((f) => f.endsWith('.svg'))).toEqual([]);
  });

  it('names a missing folder, a missing file, a bad line and a bad record; skips a cut-short last line', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    const lines = (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    const expectError = (args: string[], message: RegExp) => {
      const result = olrd(['plot', ...args], dir);
      expect(result.code, result.stdout).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n')).toHaveLength(2);
    };
    expectError(['nowhere'], /run folder nowhere does not exist/);
    expectError([], /olrd plot needs RUN_DIR/);
    expectError(['broken'], /broken\/metrics\.jsonl does not exist: RUN_DIR must be a run folder/);
    await writeFile(
      join(broken, 'metrics.jsonl'),
      `${lines[0]}\n{"type": "step", oops}\n${lines[1]}\n`,
    );
    expectError(['broken'], /broken\/metrics\.jsonl line 2: not valid JSON/);
    const step = JSON.parse(lines.find((l) => l.includes('"type":"step"'))!);
    delete step.loss;
    await writeFile(join(broken, 'metrics.jsonl'), `\n${JSON.stringify(step)}\n`);
    expectError(['broken'], /line 2: a 'step' record needs a number at 'loss'/);
    await writeFile(join(broken, 'metrics.jsonl'), `[1, 2]\n`);
    expectError(['broken'], /line 1: expected a JSON object with a string 'type'/);
    await writeFile(join(broken, 'metrics.jsonl'), `{"type":"future","x":1}\n`);
    expectError(['broken'], /has no step or epoch records yet/);
    expectError(['run', '--format', 'pdf'], /--format must be svg or png, got 'pdf'/);

    await writeFile(join(broken, 'metrics.jsonl'), `${lines.join('\n')}\n{"type":"ep`);
    const cut = olrd(['plot', 'broken'], dir);
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stderr).toMatch(
      new RegExp(`warning: broken/metrics\\.jsonl line ${lines.length + 1} is incomplete`),
    );
  });

  it('draws the learning-signal alignment of bp_lambda runs, alone and compared (Figure 2)', async () => {
    const sg = ['--rule', 'bp_lambda', '--log-n-batches', '2'];
    await trainRun(dir, 'lambda-0', ...sg, '--lambda', '0');
    await trainRun(dir, 'lambda-1', ...sg, '--lambda', '1', '--freeze-model', 'true');
    const one = olrd(['plot', 'lambda-1'], dir);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('wrote lambda-1/signal-alignment.svg\n');
    const single = await readFile(join(dir, 'lambda-1', 'signal-alignment.svg'), 'utf8');
    expectWellFormedSvg(single);
    expect(single).toContain('layer 0');
    const both = olrd(['plot', 'lambda-0', 'lambda-1', '--out', 'compare'], dir);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toBe('wrote compare/signal-alignment.svg\n');
    const compared = await readFile(join(dir, 'compare', 'signal-alignment.svg'), 'utf8');
    expectWellFormedSvg(compared);
    for (const label of ['>lambda-0</text>', '>lambda-1</text>', 'lambda-0 vs lambda-1'])
      expect(compared).toContain(label);
    const noOut = olrd(['plot', 'lambda-0', 'lambda-1'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/several run folders needs --out DIR/);
    const noSignal = olrd(['plot', 'lambda-0', 'run', '--out', 'compare'], dir);
    expect(noSignal.code).toBe(2);
    expect(noSignal.stderr).toMatch(/run\/metrics\.jsonl has no learning-signal alignment/);
  });
});
