// Every sweep file under experiments/ parses and expands into valid jobs.
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandSweep } from './expand-sweep.js';
import { parseSweepText } from './sweep-spec.js';

const experiments = fileURLToPath(new URL('../../../../experiments', import.meta.url));

describe('experiments/ sweep files', () => {
  it('all expand into jobs with valid configs', async () => {
    const folder = join(experiments, 'reduced');
    const files = (await readdir(folder)).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(join(folder, file), 'utf8');
      const jobs = expandSweep(parseSweepText(text, file, basename(file, '.yaml')));
      expect(jobs.length, file).toBeGreaterThan(0);
    }
  });
});
