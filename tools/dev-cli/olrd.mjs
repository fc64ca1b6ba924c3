#!/usr/bin/env node
/**
 * `pnpm olrd …` inside the monorepo. pnpm runs this bin without printing a banner (as it does for
 * any bin in node_modules/.bin), so `pnpm olrd … --json > file` holds only the command's output.
 * Before running the built CLI it checks whether any source of the CLI or of the packages it
 * uses is newer than the build; only then does it run turbo's build, with turbo's output sent to
 * stderr. A fresh build costs one directory walk (milliseconds) instead of turbo's ~1.3 s check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'apps', 'cli', 'dist', 'olrd.js');
// The CLI and everything it is built from (its workspace dependencies).
const sourceFolders = [
  'apps/cli',
  'packages/core',
  'packages/data',
  'packages/rules',
  'packages/tensor',
  'packages/train',
];
const built = [
  cli,
  ...sourceFolders.slice(1).map((folder) => join(root, folder, 'dist', 'index.js')),
];

/** The newest modification time under `path`, skipping build outputs and dependencies. */
function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === '.turbo') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

function isStale() {
  if (!built.every((file) => existsSync(file))) return true;
  const oldestBuild = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return sourceFolders.some((folder) => newest(join(root, folder)) > oldestBuild);
}

if (isStale()) {
  process.stderr.write('olrd: building the CLI (its sources changed)…\n');
  const turbo = spawnSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=@olrd/cli...', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  if (turbo.status !== 0) {
    process.stderr.write(
      'olrd: the build failed (see above); fix it, then run the command again\n',
    );
    process.exit(turbo.status ?? 1);
  }
}
// The CLI reads its arguments from process.argv.slice(2), which are this script's own.
await import(cli);
