import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '@olrd/train';
import {
  paperTable,
  paperTableCsv,
  paperTableMarkdown,
  type TableSweep,
} from './report-paper-table.js';
import { firstJobConfig, readSweep } from './report-sweep.js';
import { scanJobs, writeFakeSweep, type FakeJob } from './report-test-fixtures.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'olrd-report-table-'));
});

async function tableSweep(
  name: string,
  jobs: FakeJob[],
  then?: { seeds: number[]; jobs: FakeJob[] },
): Promise<TableSweep> {
  const sweep = await readSweep(
    await writeFakeSweep(join(root, name), { name, jobs, ...(then ? { then } : {}) }),
  );
  return { ...sweep, config: await firstJobConfig(sweep) };
}

const fixed = (dataset: string, layerCls: string, nLayers = 4): Partial<TrainConfig> =>
  ({ dataset, layerCls, nLayers }) as Partial<TrainConfig>;

const rerun = (
  rule: string,
  lr: number,
  accuracies: number[],
  more: Partial<TrainConfig>,
): FakeJob[] =>
  accuracies.map((accuracy, i) => ({
    id: `best_${rule}_seed=${11 + i}`,
    values: {
      ...more,
      trainingMode: rule as TrainConfig['trainingMode'],
      lrBase: lr,
      seed: 11 + i,
    },
    result: { valLoss: 1 - accuracy, testAccuracy: accuracy },
  }));

describe('olrd report --table', () => {
  it('Table 2: the second stage where it ran, else the best scan setting; merged columns; the paper beside', async () => {
    const scifar = fixed('scifar', 'LRU');
    const main = await tableSweep(
      'table2_sCIFAR',
      scanJobs(
        {
          bptt: { '0.001': [0.8, 0.7], '0.004': [0.9, 0.8] },
          online_spatial: { '0.001': [0.5, 0.6], '0.004': [0.4, 0.4] },
        },
        scifar,
      ),
      { seeds: [11, 12, 13], jobs: rerun('bptt', 0.004, [0.82, 0.84, 0.86], scifar) },
    );
    const full = await tableSweep(
      'table2_sCIFAR_online_full',
      scanJobs({ online_full: { '0.001': [0.75, 0.79] } }, scifar),
    );
    const imdb = await tableSweep(
      'table2_IMDB',
      scanJobs({ bptt: { '0.001': [0.87, 0.88] } }, fixed('imdb', 'LRU')),
    );
    const data = paperTable('2', [main, full, imdb]);
    expect(data.columns.map((c) => [c.label, c.dirs.length])).toEqual([
      ['sCIFAR', 2],
      ['IMDB', 1],
    ]);
    expect(data.rules).toEqual(['online_spatial', 'online_full', 'bptt']);
    const bptt = data.columns[0]!.cells.get('bptt')!;
    expect(bptt.source).toBe('second stage');
    expect(bptt.setting).toEqual({ lrBase: 0.004 });
    expect(bptt.testAccuracy.mean).toBeCloseTo(0.84, 12);
    expect(bptt.testAccuracy.std).toBeCloseTo(0.02, 12);
    expect(bptt.paper).toEqual({ mean: 83.4, std: 1.54 });
    // No second stage: the scan's best rate (lowest mean val loss = highest accuracy here).
    const spatial = data.columns[0]!.cells.get('online_spatial')!;
    expect([spatial.source, spatial.setting.lrBase, spatial.testAccuracy.n]).toEqual([
      'scan',
      0.001,
      2,
    ]);
    expect(spatial.testAccuracy.mean).toBeCloseTo(0.55, 12);
    expect(data.columns[0]!.cells.get('online_full')!.testAccuracy.mean).toBeCloseTo(0.77, 12);

    const markdown = paperTableMarkdown(data);
    expect(markdown).toContain('| rule | sCIFAR | sCIFAR (paper) | IMDB | IMDB (paper) |');
    expect(markdown).toContain(
      '| bptt | 84.0 ± 2.0 | 83.40 ± 1.54 | 87.5 ± 0.7 * | 87.69 ± 0.39 |',
    );
    expect(markdown).toContain('| online_full | 77.0 ± 2.8 * | 79.59 ± 1.01 | — | 86.48 ± 0.41 |');
    const csv = paperTableCsv(data).split('\n');
    expect(csv[0]).toBe(
      'table,column,rule,setting,source,n,test_accuracy_mean,test_accuracy_std,paper_mean,paper_std,metric,metric_mean,metric_std,folder',
    );
    const fields = csv.find((line) => line.startsWith('2,sCIFAR,bptt,'))!.split(',');
    expect(fields.slice(0, 6)).toEqual([
      '2',
      'sCIFAR',
      'bptt',
      'lrBase=0.004',
      'second stage',
      '3',
    ]);
    expect(fields.slice(6, 12).map(Number)).toEqual([
      expect.closeTo(84, 9),
      expect.closeTo(2, 9),
      83.4,
      1.54,
      Number.NaN,
      expect.closeTo(0.15, 9),
    ]);
    const fullLine = csv.find((line) => line.startsWith('2,sCIFAR,online_full,'))!.split(',');
    expect(fullLine.slice(3, 6)).toEqual(['lrBase=0.001', 'scan', '2']);
    expect(Number(fullLine[7])).toBeCloseTo(Math.sqrt(0.0008) * 100, 9);
    expect(fullLine.at(-1)).toBe(join(root, 'table2_sCIFAR_online_full'));
  });

  it('Table 1: one column per architecture, no paper column; Table 3 names SnAp-1', async () => {
    const lru = await tableSweep(
      'table1_lru',
      scanJobs({ bptt: { '0.001': [0.9] } }, fixed('copy', 'LRU')),
    );
    const gru = await tableSweep(
      'table1_gru_1layer',
      scanJobs({ snap1: { '0.001': [0.6] } }, fixed('copy', 'GRU', 1)),
    );
    const one = paperTable('1', [lru, gru]);
    expect(one.columns.map((c) => c.label)).toEqual(['LRU (4 layers)', 'GRU (1 layer)']);
    expect(one.rules).toEqual(['snap1', 'bptt']);
    expect(paperTableMarkdown(one)).toContain('| snap1 | — | 60.0 * |');
    expect(paperTableMarkdown(one)).toContain('Spec 1 §9 gives no figures for Table 1');
    const rnn = await tableSweep(
      'table3_snap1',
      scanJobs({ snap1: { '0.001': [0.6] } }, fixed('scifar', 'RNN')),
    );
    expect(paperTable('3', [rnn]).columns[0]!.cells.get('snap1')!.paper).toEqual({
      mean: 63.71,
      std: 0.33,
    });
  });

  it("puts Fashion-MNIST stand-ins in sCIFAR's place, with sCIFAR's figures beside", async () => {
    const lru = await tableSweep(
      'table2_sFMNIST',
      scanJobs({ online_full: { '0.004': [0.7] } }, fixed('sfmnist', 'LRU', 2)),
    );
    const permuted = await tableSweep(
      'table2_psFMNIST',
      scanJobs({ online_full: { '0.004': [0.6] } }, fixed('psfmnist', 'LRU', 2)),
    );
    const two = paperTable('2', [lru, permuted]);
    expect(two.columns.map((c) => [c.label, c.paper])).toEqual([
      ['sFMNIST (for sCIFAR)', 'sCIFAR'],
      ['psFMNIST (for sCIFAR)', 'sCIFAR'],
    ]);
    expect(paperTableMarkdown(two)).toContain(
      '| rule | sFMNIST (for sCIFAR) | sCIFAR (paper) | psFMNIST (for sCIFAR) | sCIFAR (paper) |',
    );
    expect(paperTableMarkdown(two)).toContain('| online_full | 70.0 * | 79.59 ± 1.01 | 60.0 * |');
    const rnn = await tableSweep(
      'table3_sFMNIST',
      scanJobs({ snap1: { '0.004': [0.5] } }, fixed('sfmnist', 'RNN', 2)),
    );
    const three = paperTable('3', [rnn]);
    expect(three.columns[0]!.label).toBe('sFMNIST (for sCIFAR, linear RNN)');
    expect(three.columns[0]!.cells.get('snap1')!.paper?.mean).toBe(63.71);
  });

  it('refuses sweeps of the wrong kind and a rule from two folders', async () => {
    const copy = await tableSweep(
      'copy-rules',
      scanJobs({ bptt: { '0.001': [0.9] } }, fixed('copy', 'LRU')),
    );
    expect(() => paperTable('2', [copy])).toThrow(
      /sweep 'copy-rules' trained LRU on copy; Table 2 .* takes an LRU sweep on scifar, imdb or listops/,
    );
    expect(() => paperTable('3', [copy])).toThrow(/Table 3 .* takes a linear-RNN sweep on scifar/);
    const depth = await tableSweep('depth', [
      ...scanJobs({ online_full: { '0.001': [0.9] } }, fixed('copy', 'LRU', 1)),
      ...scanJobs({ online_full: { '0.001': [0.9] } }, fixed('copy', 'LRU', 2)).map((j) => ({
        ...j,
        id: `${j.id}_2`,
      })),
    ]);
    expect(() => paperTable('1', [depth])).toThrow(
      /sweep 'depth' varies n_layers, which a column of Table 1 keeps fixed/,
    );
    const again = await tableSweep(
      'copy-again',
      scanJobs({ bptt: { '0.002': [0.9] } }, fixed('copy', 'LRU')),
    );
    expect(() => paperTable('1', [copy, again])).toThrow(
      /column LRU \(4 layers\) of Table 1 has rule bptt from two folders/,
    );
  });

  it('reads a sweep folder only when it has finished jobs', async () => {
    const dir = await writeFakeSweep(join(root, 'pending'), {
      name: 'pending',
      jobs: [{ id: 'a', values: { seed: 1 } }],
    });
    await expect(readSweep(dir)).rejects.toThrow(
      /no job of sweep 'pending' has finished yet \(0\/1\)/,
    );
    await expect(readSweep(root)).rejects.toThrow(
      /is not a sweep folder \(no readable sweep.json\)/,
    );
  });
});
