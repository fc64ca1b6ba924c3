// `pnpm olrd … --json > file` must hold only the command's JSON: no pnpm banner, no turbo output.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = JSON.parse(
  readFileSync(new URL('../../apps/cli/package.json', import.meta.url)),
).version;

describe('pnpm olrd', () => {
  it('prints only the command output on stdout, as pnpm runs it from the repository root', () => {
    const run = spawnSync('pnpm', ['olrd', 'data', 'list', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    const plain = spawnSync('pnpm', ['olrd', '--version'], { cwd: root, encoding: 'utf8' });
    expect(plain.stdout).toBe(`${version}\n`);
  });
});
