import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCommand, reportHelp } from './report-command.js';
import { scanJobs, writeFakeSweep, type FakeJob } from './report-test-fixtures.js';

let root: string;
let printed: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'olrd-report-'));
});
beforeEach(() => {
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A depth sweep of online_full: cosines fall with depth, loss too. */
const depthJobs = (): FakeJob[] =>
  [1, 2, 3].flatMap((nLayers) =>
    [1, 2].map((seed) => ({
      id: `00${nLayers}_n-layers=${nLayers}_seed=${seed}`,
      values: { trainingMode: 'online_full' as const, nLayers, seed },
      result: { valLoss: 0.6 - 0.1 * nLayers + 0.01 * seed, valAccuracy: 0.7, testAccuracy: 0.7 },
      epochs: [0, 1].map((epoch) => ({
        valLoss: 0.8 - 0.1 * epoch,
        valAccuracy: 0.6 + 0.1 * epoch,
        alignment: {
          overall: 1 - 0.1 * nLayers - 0.02 * seed,
          layers: [...Array(nLayers - 1).fill(0.9), 0.998] as number[],
          lastRec: 1,
        },
      })),
    })),
  );

describe('olrd report SWEEP_DIR', () => {
  it('writes the depth panels A/B with their tables, and the curves with alignment', async () => {
    const dir = await writeFakeSweep(join(root, 'figure2_AB'), {
      name: 'figure2_AB',
      jobs: depthJobs(),
    });
    expect(await reportCommand([dir])).toBe(0);
    const files = await readdir(dir);
    for (const file of [
      'report.md',
      'report.csv',
      'val-loss.svg',
      'val-accuracy.svg',
      'alignment.svg',
      'figure2-A.svg',
      'figure2-B.svg',
    ])
      expect(files).toContain(file);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(printed).toBe(markdown);
    expect(markdown).toContain('# Figure 2 A/B');
    // Depth 2: overall cosine 1 − 0.2 − 0.02·seed → 0.77 ± 0.0141 over seeds 1, 2.
    expect(markdown).toContain(
      '| 2 | 2 | 0.7700 ± 0.0141 | 0.9490 ± 0.0000 | 0.9980 ± 0.0000 | 1.0000 ± 0.0000 |',
    );
    expect(markdown).toContain('| 3 | 2 | 0.3150 ± 0.0071 | 70.0 ± 0.0 |');
    const svg = await readFile(join(dir, 'figure2-A.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('last layer rec');
    const csv = (await readFile(join(dir, 'report.csv'), 'utf8')).trim().split('\n');
    // One field per header column on every line.
    for (const line of csv) expect(line.split(',').length).toBe(csv[0]!.split(',').length);
    expect(csv[0]).toContain('val_accuracy_mean,val_accuracy_std');
  });

  it('writes panels E/F of a rules × lr scan without alignment, and no alignment chart', async () => {
    const jobs = scanJobs({
      bptt: { '0.001': [0.8, 0.9], '0.002': [0.95, 0.85] },
      online_spatial: { '0.001': [0.5, 0.6], '0.002': [0.4, 0.5] },
    });
    const dir = await writeFakeSweep(join(root, 'figure2_EF'), { name: 'figure2_EF', jobs });
    const out = join(root, 'ef-report');
    expect(await reportCommand([dir, '--out', out])).toBe(0);
    const files = await readdir(out);
    expect(files).toEqual(
      expect.arrayContaining(['report.md', 'figure2-E.svg', 'figure2-F.svg', 'val-loss.svg']),
    );
    expect(files).not.toContain('alignment.svg');
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('| bptt | 0.1500 ± 0.0707 | **0.1000 ± 0.0707** | 0.002 |');
    expect(markdown).toContain(
      '| online_spatial | **0.4500 ± 0.0707** | 0.5500 ± 0.0707 | 0.001 |',
    );
    expect(markdown).toContain('| bptt | 0.002 | 2 | scan | 0.1000 ± 0.0707 |');
  });

  it("charts and tabulates BP(λ)'s learning-signal alignment per setting", async () => {
    const jobs: FakeJob[] = [0, 1].flatMap((lambda) =>
      [1, 2].map((seed) => ({
        id: `lambda=${lambda}_seed=${seed}`,
        values: { trainingMode: 'bp_lambda' as const, lambda, seed, dataset: 'bp-toy' as const },
        result: { valLoss: 0.5, testAccuracy: 0 },
        epochs: [0, 1].map((epoch) => ({
          valLoss: 0.5,
          valAccuracy: 0,
          // Layer 0's steps average to 0.2 + 0.5·λ + 0.2·epoch, seed 2 a bit higher.
          signal: [
            [
              0.1 + 0.5 * lambda + 0.2 * epoch + 0.02 * seed,
              0.3 + 0.5 * lambda + 0.2 * epoch + 0.02 * seed,
              null,
            ],
          ],
        })),
      })),
    );
    const dir = await writeFakeSweep(join(root, 'toy_fixed'), { name: 'toy_fixed', jobs });
    expect(await reportCommand([dir])).toBe(0);
    expect(await readdir(dir)).toContain('signal-alignment.svg');
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(markdown).toContain("## BP(λ)'s learning-signal alignment");
    expect(markdown).toContain('| lambda=0 | 0.2300 ± 0.0141 | 0.4300 ± 0.0141 | 2 |');
    expect(markdown).toContain('| lambda=1 | 0.7300 ± 0.0141 | 0.9300 ± 0.0141 | 2 |');
  });

  it('draws Figure 2 for copy-task sweeps by default, for another task only when asked', async () => {
    const jobs = scanJobs(
      { bptt: { '0.004': [0.6] }, online_full: { '0.004': [0.55] } },
      { dataset: 'sfmnist' },
    );
    const dir = await writeFakeSweep(join(root, 'table2_sFMNIST'), {
      name: 'table2_sFMNIST',
      jobs,
    });
    expect(await reportCommand([dir])).toBe(0);
    expect(await readdir(dir)).not.toContain('figure2-E.svg');
    expect(await readFile(join(dir, 'report.md'), 'utf8')).not.toContain('# Figure 2');
    expect(await reportCommand([dir, '--figure', '2EF'])).toBe(0);
    expect(await readdir(dir)).toContain('figure2-E.svg');
  });

  it('notes a missing panel A when the depth sweep logged no alignment; --figure none leaves Figure 2 out', async () => {
    const jobs = depthJobs().map((job) => ({
      ...job,
      epochs: job.epochs!.map(({ alignment: _, ...epoch }) => epoch),
    }));
    const dir = await writeFakeSweep(join(root, 'no-alignment'), { name: 'depth', jobs });
    await reportCommand([dir]);
    expect(printed).toContain(
      'No alignment logged (the sweep ran with log_n_batches 0): no panel A.',
    );
    const files = await readdir(dir);
    expect(files).toContain('figure2-B.svg');
    expect(files).not.toContain('figure2-A.svg');
    printed = '';
    const out = join(root, 'no-figure');
    await reportCommand([dir, '--figure', 'none', '--out', out]);
    expect(printed).not.toContain('Figure 2');
    expect(await readdir(out)).not.toContain('figure2-B.svg');
  });

  it('refuses bad input with errors that say what to do', async () => {
    const depth = await writeFakeSweep(join(root, 'depth-again'), { name: 'd', jobs: depthJobs() });
    await expect(reportCommand([depth, '--figure', '2CD'])).rejects.toThrow(
      /Figure 2CD needs a sweep over r_min/,
    );
    await expect(reportCommand([join(root, 'nothing')])).rejects.toThrow(/is not a sweep folder/);
    await expect(reportCommand([depth, depth])).rejects.toThrow(
      /takes one sweep folder \(or several with --table N\), got 2/,
    );
    await expect(reportCommand([depth, '--table', '4'])).rejects.toThrow(/--table takes 1, 2 or 3/);
    await expect(reportCommand(['--table', '1'])).rejects.toThrow(/needs sweep folders/);
    await expect(reportCommand([depth, '--table', '1'])).rejects.toThrow(/varies n_layers/);
    await expect(reportCommand([depth, '--figur', '2AB'])).rejects.toThrow(/did you mean --figure/);
    expect(reportHelp()).toMatch(/--figure F .*\n.*--table N/);
  });
});

describe('olrd report DIR... --table N', () => {
  it('writes tableN.md and tableN.csv into --out', async () => {
    const scan = (name: string, dataset: string) =>
      writeFakeSweep(join(root, name), {
        name,
        jobs: scanJobs({ bptt: { '0.001': [0.85, 0.87] }, online_full: { '0.001': [0.8, 0.82] } }, {
          dataset,
          layerCls: 'LRU',
        } as never),
      });
    const dirs = [await scan('table2_sCIFAR', 'scifar'), await scan('table2_ListOps', 'listops')];
    const out = join(root, 'tables');
    expect(await reportCommand([...dirs, '--table', '2', '--out', out])).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['table2.csv', 'table2.md']);
    const markdown = await readFile(join(out, 'table2.md'), 'utf8');
    expect(printed).toBe(markdown);
    expect(markdown).toContain('| rule | sCIFAR | sCIFAR (paper) | ListOps | ListOps (paper) |');
    expect(markdown).toContain(
      '| online_full | 81.0 ± 1.4 * | 79.59 ± 1.01 | 81.0 ± 1.4 * | 37.62 ± 0.68 |',
    );
  });
});
