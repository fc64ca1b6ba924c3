// Every sweep file under experiments/paper (recursively) and experiments/reduced parses, expands
// into jobs whose configs `olrd train` accepts, and says in its header how to run it; the
// full-scale paper sweeps keep the grids of spec 1 §7 and spec 2 §10 exactly.
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../config/train-config.js';
import { validateTrainConfig } from '../config/validate-config.js';
import { expandSweep, sweepJobConfig, type SweepJob } from './expand-sweep.js';
import { parseSweepText } from './sweep-spec.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The .yaml files under `folder`, recursively, as paths relative to the repository root. */
async function sweepFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split('/').includes('results'))
    .sort();
}

async function loadJobs(path: string): Promise<{ text: string; jobs: SweepJob[] }> {
  const text = await readFile(join(repoRoot, path), 'utf8');
  const jobs = expandSweep(parseSweepText(text, path, basename(path, '.yaml')), {}, path);
  return { text, jobs };
}

type Grid = Partial<Record<keyof TrainConfig, readonly unknown[]>>;

const COPY_LRS = [0.001, 0.002, 0.004, 0.008, 0.016, 0.032];
const SEEDS_201_210 = [201, 202, 203, 204, 205, 206, 207, 208, 209, 210];

/**
 * The swept values of each full-scale sweep, as spec 1 §7 lists them (online_full / SnAp-1 of
 * Tables 2-3, which the reference runs with accumulation, in their own files) and as the BP(λ)
 * files choose them for spec 2 §10. The job count must be the product: nothing else varies.
 */
const FULL_SCALE: Record<string, Grid> = {
  'experiments/paper/figure2_AB.yaml': { nLayers: [1, 2, 3, 4, 5], seed: SEEDS_201_210 },
  'experiments/paper/figure2_CD.yaml': { rMin: [0, 0.5, 0.75, 0.9], seed: SEEDS_201_210 },
  'experiments/paper/figure2_EF.yaml': {
    trainingMode: ['bptt', 'online_full', 'online_1truncated', 'online_spatial'],
    lrBase: [1.25e-4, 2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3, 8e-3],
    seed: [1, 2, 3, 4, 5],
  },
  'experiments/paper/table1_lru.yaml': {
    lrBase: COPY_LRS,
    trainingMode: ['bptt', 'online_full', 'online_1truncated', 'online_spatial'],
    seed: [201, 202, 203],
  },
  'experiments/paper/table1_linearrnn.yaml': {
    lrBase: COPY_LRS,
    trainingMode: ['bptt', 'snap1', 'online_1truncated', 'online_spatial'],
    seed: [201, 202, 203],
  },
  'experiments/paper/table1_gru_4layers.yaml': {
    lrBase: COPY_LRS,
    trainingMode: ['bptt', 'online_1truncated', 'online_spatial', 'snap1'],
    seed: [201, 202, 203],
  },
  'experiments/paper/table1_gru_1layer.yaml': {
    lrBase: COPY_LRS,
    trainingMode: ['bptt', 'online_1truncated', 'online_spatial', 'snap1'],
    seed: [201, 202, 203],
  },
  'experiments/paper/table2_sCIFAR.yaml': {
    lrBase: [0.001, 0.004],
    weightDecay: [0.1, 0.5],
    seed: [1032, 1033],
    trainingMode: ['bptt', 'online_spatial', 'online_1truncated'],
  },
  'experiments/paper/table2_sCIFAR_online_full.yaml': {
    lrBase: [0.001, 0.004],
    weightDecay: [0.1, 0.5],
    seed: [1032, 1033],
  },
  'experiments/paper/table2_IMDB.yaml': {
    lrBase: [0.001, 0.003],
    rMin: [0, 0.9],
    seed: [0, 1],
    trainingMode: ['bptt', 'online_spatial', 'online_1truncated'],
  },
  'experiments/paper/table2_IMDB_online_full.yaml': {
    lrBase: [0.001, 0.003],
    rMin: [0, 0.9],
    seed: [0, 1],
  },
  'experiments/paper/table2_ListOps.yaml': {
    lrBase: [0.001, 0.003],
    rMin: [0, 0.9],
    seed: [0, 1],
    trainingMode: ['bptt', 'online_spatial', 'online_1truncated'],
  },
  'experiments/paper/table2_ListOps_online_full.yaml': {
    lrBase: [0.001, 0.003],
    rMin: [0, 0.9],
    seed: [0, 1],
  },
  'experiments/paper/table3.yaml': {
    lrBase: [0.001, 0.004],
    weightDecay: [0.1, 0.2],
    seed: [0, 1],
    trainingMode: ['online_spatial', 'online_1truncated', 'bptt'],
  },
  'experiments/paper/table3_snap1.yaml': {
    lrBase: [0.001, 0.004],
    weightDecay: [0.1, 0.2],
    seed: [0, 1],
  },
  'experiments/paper/bp-lambda/figure2_toy_fixed.yaml': {
    lambda: [0, 0.25, 0.5, 0.75, 1],
    seed: [1, 2, 3, 4, 5],
  },
  'experiments/paper/bp-lambda/figure3_toy_plastic.yaml': {
    seqLength: [10, 20, 30, 40, 50, 60],
    lambda: [0, 0.5, 1],
    seed: [1, 2, 3],
  },
  'experiments/paper/bp-lambda/table2_toy_tbptt.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3, 4, 5],
  },
  'experiments/paper/bp-lambda/table2_toy_dni.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3, 4, 5],
  },
  'experiments/paper/bp-lambda/table2_toy_bp_lambda.yaml': {
    lambda: [0.5, 1],
    seed: [1, 2, 3, 4, 5],
  },
  'experiments/paper/bp-lambda/table2_smnist_tbptt.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3],
  },
  'experiments/paper/bp-lambda/table2_smnist_dni.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3],
  },
  'experiments/paper/bp-lambda/table2_smnist_bp_lambda.yaml': { lambda: [0.5, 1], seed: [1, 2, 3] },
  'experiments/paper/bp-lambda/figure5_copy_repeat_bp_lambda.yaml': { seed: [1, 2, 3] },
  'experiments/paper/bp-lambda/figure5_copy_repeat_tbptt.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3],
  },
  'experiments/paper/bp-lambda/figure5_copy_repeat_dni.yaml': {
    truncation: [1, 2, 3, 4, 5],
    seed: [1, 2, 3],
  },
};

/** Settings every full-scale sweep of spec 1 §7 shares with the reference's runs. */
const SPEC1_SHARED: Partial<TrainConfig> = {
  prenorm: true,
  maxPhase: 6.28,
  cosineAnneal: true,
  lrSchedule: 'reference',
};

/** Per sweep of spec 1 §7, settings the grid does not sweep but the table names. */
const SPEC1_FIXED: Record<string, Partial<TrainConfig>> = {
  figure2_AB: { trainingMode: 'online_full', weightDecay: 0, epochs: 25, bsz: 50 },
  figure2_CD: { trainingMode: 'online_full', weightDecay: 0.05, nLayers: 4 },
  table1_gru_1layer: { nLayers: 1, dModel: 134, activationFn: 'none' },
  table2_sCIFAR_online_full: { trainingMode: 'online_full', bsz: 5, nAccumulationSteps: 20 },
  table2_IMDB_online_full: { trainingMode: 'online_full', bsz: 1, nAccumulationSteps: 32 },
  table2_ListOps_online_full: { trainingMode: 'online_full', bsz: 2, nAccumulationSteps: 16 },
  table3_snap1: { trainingMode: 'snap1', bsz: 5, nAccumulationSteps: 20 },
};

const product = (grid: Grid) =>
  Object.values(grid).reduce((count, values) => count * values.length, 1);

describe('experiments/ sweep files', async () => {
  const files = [
    ...(await sweepFiles('experiments/paper')),
    ...(await sweepFiles('experiments/reduced')),
  ];

  it('include every full-scale sweep with a grid, and every paper file has one', () => {
    const paper = files.filter((path) => path.startsWith('experiments/paper/'));
    expect(paper.sort()).toEqual(Object.keys(FULL_SCALE).sort());
    expect(files.filter((path) => path.startsWith('experiments/reduced/')).length).toBeGreaterThan(
      0,
    );
  });

  it.each(files)(
    '%s expands into jobs olrd train accepts, and its header says how to run it',
    async (path) => {
      const { text, jobs } = await loadJobs(path);
      expect(jobs.length).toBeGreaterThan(0);
      // olrd sweep hands each job to olrd train as a config file (sweepJobConfig: the rule
      // options the job's rule reads): the same checks, including
      // the refusal of a rule option that the job's rule ignores (checkRuleOptions).
      for (const job of jobs)
        validateTrainConfig(sweepJobConfig({}, job.values), `${path}: job ${job.id}`);
      const header = text.split('\n').filter((line) => line.startsWith('#'));
      expect(text.startsWith('#'), `${path} starts with a comment`).toBe(true);
      expect(header.join('\n'), `${path}'s header gives the command`).toContain(
        `pnpm olrd sweep ${path}`,
      );
      expect(header.join('\n'), `${path}'s header gives the job count`).toMatch(
        new RegExp(`\\b${jobs.length.toLocaleString('en-US')} jobs\\b`),
      );
    },
  );

  it.each(Object.entries(FULL_SCALE))('%s keeps its grid', async (path, grid) => {
    const { jobs } = await loadJobs(path);
    expect(jobs.length).toBe(product(grid));
    const configs = jobs.map((job) => validateTrainConfig(job.values, path));
    for (const [key, values] of Object.entries(grid) as Array<[keyof TrainConfig, unknown[]]>) {
      const seen = [...new Set(configs.map((config) => config[key]))];
      expect(seen.sort(), `${path}: ${key}`).toEqual([...values].sort());
    }
    // Nothing outside the grid varies.
    const swept = new Set(Object.keys(grid));
    for (const key of Object.keys(configs[0]!) as Array<keyof TrainConfig>)
      if (!swept.has(key))
        expect(new Set(configs.map((config) => config[key])).size, `${path}: ${key}`).toBe(1);
    if (path.startsWith('experiments/paper/bp-lambda/')) return;
    const fixed = { ...SPEC1_SHARED, ...SPEC1_FIXED[basename(path, '.yaml')] };
    for (const config of configs) expect(config).toMatchObject(fixed);
  });

  it('spec 1 §7 job counts', async () => {
    const count = async (name: string) =>
      (await loadJobs(`experiments/paper/${name}.yaml`)).jobs.length;
    expect(await count('figure2_AB')).toBe(5 * 10);
    expect(await count('figure2_CD')).toBe(4 * 10);
    expect(await count('figure2_EF')).toBe(4 * 7 * 5);
    for (const row of ['lru', 'linearrnn', 'gru_4layers', 'gru_1layer'])
      expect(await count(`table1_${row}`)).toBe(6 * 4 * 3);
    for (const sweep of ['table2_sCIFAR', 'table2_IMDB', 'table2_ListOps', 'table3']) {
      expect(await count(sweep)).toBe(2 * 2 * 2 * 3);
    }
    for (const sweep of [
      'table2_sCIFAR_online_full',
      'table2_IMDB_online_full',
      'table2_ListOps_online_full',
      'table3_snap1',
    ])
      expect(await count(sweep)).toBe(2 * 2 * 2);
  });
});
