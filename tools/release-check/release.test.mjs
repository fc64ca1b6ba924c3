// What `changeset publish` would ship, checked before a release can break: every published
// package's tarball (`pnpm pack --dry-run`, the file list pnpm would upload) carries its LICENSE
// and README and no test-only sources, its metadata keeps the README's Node 20+ promise, and
// `changeset status` accepts the pending changesets (one naming an ignored app beside a published
// package makes `changeset version` refuse to run).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const published = readdirSync(join(root, 'packages'))
  .map((name) => ({
    dir: join(root, 'packages', name),
    json: join(root, 'packages', name, 'package.json'),
  }))
  .filter(({ json }) => {
    try {
      return !readJson(json).private;
    } catch {
      return false;
    }
  })
  .map(({ dir, json }) => ({ dir, manifest: readJson(json) }));

/** A test-only source: tests, their setup, helpers and fixtures. */
const TEST_ONLY = /(\.test\.ts$|(^|\/)test-setup\.ts$|test-helpers\.ts$|(^|\/)__fixtures__\/)/;

describe('published packages', () => {
  it('are the five of the README', () => {
    expect(published.map((p) => p.manifest.name).sort()).toEqual([
      '@olrd/core',
      '@olrd/data',
      '@olrd/rules',
      '@olrd/tensor',
      '@olrd/train',
    ]);
  });

  it.each(published.map((p) => [p.manifest.name, p]))(
    '%s: tarball has LICENSE and README, no test-only source; metadata complete',
    (_name, { dir, manifest }) => {
      const run = spawnSync('pnpm', ['pack', '--dry-run', '--json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const files = JSON.parse(run.stdout).files.map((file) => file.path);
      expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
      expect(files.filter((file) => TEST_ONLY.test(file))).toEqual([]);
      expect(manifest.license).toBe('MIT');
      expect(manifest.keywords?.length).toBeGreaterThan(0);
      // The README promises Node 20+; a package (or a dependency pinned here) asking more breaks it.
      expect(manifest.engines?.node).toBe('>=20');
      expect(manifest.publishConfig?.access).toBe('public');
      // Types first in every export condition, as TypeScript resolves them in order.
      for (const [path, target] of Object.entries(manifest.exports ?? {}))
        if (typeof target === 'object') expect(Object.keys(target)[0], path).toBe('types');
    },
  );
});

describe('changesets', () => {
  it('changeset status accepts the pending changesets', () => {
    const run = spawnSync('pnpm', ['exec', 'changeset', 'status'], { cwd: root, encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it('no changeset names an ignored package beside a published one', () => {
    const config = readJson(join(root, '.changeset', 'config.json'));
    const dir = join(root, '.changeset');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
      const names = [...front.matchAll(/^['"]?(@olrd\/[\w-]+)['"]?\s*:/gm)].map((m) => m[1]);
      const ignored = names.filter((name) => config.ignore.includes(name));
      expect(
        ignored.length === 0 || ignored.length === names.length,
        `${file}: ${names.join(', ')}`,
      ).toBe(true);
    }
  });
});
