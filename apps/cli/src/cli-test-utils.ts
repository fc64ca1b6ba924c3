// Helpers for the CLI tests: spawn the built binary and make temp folders (not shipped).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI entry. */
export const CLI = fileURLToPath(new URL('../dist/olrd.js', import.meta.url));

/** Runs `olrd args...` in `cwd`; returns the exit code and both streams. */
export function olrd(
  args: string[],
  cwd = process.cwd(),
): { code: number | null; stdout: string; stderr: string } {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run 'pnpm --filter @olrd/cli build' first`);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder. */
export function tempFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'olrd-cli-'));
}

/** Flags of a model/run small enough for a test to train in a second. */
export const TINY_RUN = [
  '--copy-pattern-length',
  '2',
  '--copy-train-samples',
  '16',
  '--copy-val-samples',
  '8',
  '--copy-test-samples',
  '8',
  '--n-layers',
  '1',
  '--d-model',
  '4',
  '--d-hidden',
  '3',
  '--bsz',
  '4',
  '--epochs',
  '1',
  '--backend',
  'cpu',
  '--log-every',
  '1',
];
