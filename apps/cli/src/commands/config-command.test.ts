import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@olrd/train';
import { olrd, tempFolder } from '../cli-test-utils.js';

describe('olrd config schema', () => {
  it('prints the JSON Schema of config files, and writes it with --out', async () => {
    const printed = olrd(['config', 'schema']);
    expect(printed.code).toBe(0);
    const schema = JSON.parse(printed.stdout) as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.properties.training_mode!.enum).toContain('online_full');
    // Every key of a committed config file is in the schema.
    const text = await readFile(
      join(__dirname, '../../../../experiments/bp-lambda/toy.yaml'),
      'utf8',
    );
    const keys = text
      .split('\n')
      .filter((line) => /^[a-z_]+:/.test(line))
      .map((line) => line.split(':')[0]!);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(schema.properties[key], key).toBeDefined();
    expect(() => parseConfigText(text, 'yaml', 'toy.yaml')).not.toThrow();
    const dir = await tempFolder();
    const out = join(dir, 'olrd-config.schema.json');
    const written = olrd(['config', 'schema', '--out', out]);
    expect(written.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(schema);
  });

  it('refuses an unknown subcommand or flag with the fix', () => {
    const sub = olrd(['config', 'show']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain("use 'olrd config schema'");
    expect(olrd(['config', 'schema', '--outt', 'x']).stderr).toContain('did you mean --out?');
    expect(olrd(['config', '--help']).stdout).toContain('yaml-language-server');
  });
});
