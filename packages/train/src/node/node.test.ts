import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import type { ModelConfig } from '@olrd/core';
import { resolveTrainConfig } from '../config/validate-config.js';
import { disposeTree } from '../optim/tree.js';
import { train } from '../loop/train.js';
import { summarizeRun } from '../loop/run-summary.js';
import { loadCheckpointFile, saveCheckpointFile } from './checkpoint-file.js';
import { readConfigFile } from './config-file.js';
import { createRunFolder, defaultRunFolder } from './run-folder.js';

const temp = () => mkdtemp(join(tmpdir(), 'olrd-train-'));

describe('node helpers', () => {
  it('readConfigFile reads YAML/JSON and names a missing file', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'a.yaml'), 'bsz: 4\nrule: bptt\n');
    expect(await readConfigFile(join(dir, 'a.yaml'))).toEqual({ bsz: 4, trainingMode: 'bptt' });
    await writeFile(join(dir, 'b.json'), '{"bsz": "x"}');
    await expect(readConfigFile(join(dir, 'b.json'))).rejects.toThrow(
      /b\.json: key 'bsz' must be an integer/,
    );
    await expect(readConfigFile(join(dir, 'none.yaml'))).rejects.toThrow(
      /none\.yaml: file not found/,
    );
  });

  it('checkpoint files round-trip and errors name the file and the tensor', async () => {
    const dir = await temp();
    const path = join(dir, 'c.safetensors');
    const params = { 'decoder.bias': tf.tensor1d([1, 2]) };
    await saveCheckpointFile(path, params, { dModel: 1 } as ModelConfig);
    const loaded = await loadCheckpointFile(path, { 'decoder.bias': [2] });
    expect([...loaded.params['decoder.bias']!.dataSync()]).toEqual([1, 2]);
    await expect(loadCheckpointFile(path, { 'decoder.bias': [3] })).rejects.toThrow(
      /c\.safetensors: checkpoint does not match the model:\n {2}tensor 'decoder\.bias': expected shape \[3\], found \[2\]/,
    );
    disposeTree({ ...params, ...loaded.params });
  });

  it('a run folder gets config.json, metrics.jsonl, best.safetensors and summary.json', async () => {
    const dir = await temp();
    const config = resolveTrainConfig({
      copyPatternLength: 2,
      copyTrainSamples: 16,
      copyValSamples: 8,
      copyTestSamples: 8,
      nLayers: 1,
      dModel: 4,
      dHidden: 2,
      bsz: 8,
      epochs: 2,
      logEvery: 1,
    });
    const folder = await createRunFolder(join(dir, 'run'), config);
    const result = await train(config, folder.callbacks());
    await folder.writeSummary(
      summarizeRun(result, {
        dataset: 'copy',
        trainingMode: config.trainingMode,
        backend: 'cpu',
        parameterCount: 1,
      }),
    );
    disposeTree(result.params);
    await folder.release();
    expect((await readdir(folder.path)).sort()).toEqual([
      'best.safetensors',
      'checkpoint.safetensors',
      'config.json',
      'metrics.jsonl',
      'summary.json',
    ]);
    expect(JSON.parse(await readFile(join(folder.path, 'config.json'), 'utf8'))).toEqual({
      ...config,
      out: folder.path,
    });
    const lines = (await readFile(join(folder.path, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['step', 'step', 'epoch', 'step', 'step', 'epoch']);
    const summary = JSON.parse(await readFile(join(folder.path, 'summary.json'), 'utf8'));
    expect(summary.test.accuracy).toBeGreaterThan(0);
    // summary.json numbers epochs from 1, as the console does; the result counts from 0.
    expect(summary.bestEpoch).toBe(result.best!.epoch + 1);
    expect(defaultRunFolder(config, new Date(2024, 0, 2, 3, 4, 5))).toBe(
      join('runs', '20240102-030405-copy-online_full'),
    );
  });
});
