import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_RUN, olrd, tempFolder } from '../cli-test-utils.js';

const records = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });

describe('olrd train --log-n-batches', () => {
  it('logs alignment records for the first N batches of each epoch, and their epoch means', async () => {
    const dir = await tempFolder();
    const args = ['train', ...TINY_RUN, '--epochs', '2', '--log-every', '0', '--out', 'run'];
    const result = olrd([...args, '--log-n-batches', '2'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/epoch 1\/2: .* \| cosine with bptt -?\d\.\d{3} \|/);
    const events = await records(join(dir, 'run/metrics.jsonl'));
    expect(events.map((e) => e.type)).toEqual([
      'alignment',
      'alignment',
      'epoch',
      'alignment',
      'alignment',
      'epoch',
    ]);
    expect(events[3]).toMatchObject({ epoch: 1, batch: 0, step: 5, rule: 'online_full' });
    expect(events[2]!['alignment']).toMatchObject({ batches: 2 });
    const config = JSON.parse(await readFile(join(dir, 'run/config.json'), 'utf8'));
    expect(config.logNBatches).toBe(2);
  });

  it('reads log_n_batches from a config file, and says once that bptt has nothing to compare', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'c.yaml'), 'log_n_batches: 3\ntraining_mode: bptt\n');
    const result = olrd(['train', ...TINY_RUN, '--config', 'c.yaml', '--out', 'run'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(
      result.stderr.match(/olrd: note: logNBatches 3 has no effect: the rule is bptt/g),
    ).toHaveLength(1);
    const events = await records(join(dir, 'run/metrics.jsonl'));
    expect(events.filter((e) => e.type === 'alignment')).toEqual([]);
    const bad = olrd(['train', '--log-n-batches', '-2'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/flag --log-n-batches needs a value|must be an integer >= 0/);
    const fraction = olrd(['train', '--log-n-batches', '1.5'], dir);
    expect(fraction.stderr).toMatch(/flag --log-n-batches must be an integer >= 0, got 1\.5/);
  });
});
