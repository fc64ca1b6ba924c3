/**
 * The built main entry (dist/index.js and every chunk it reaches, statically or by dynamic
 * import) must load in a browser bundler without shims: no Node built-ins and no tar-stream
 * (which needs Node's `events`). Reads what tsup wrote, so turbo builds the package before its
 * tests; the Node entry is scanned too, to show that the scan finds what it looks for.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(SRC, '../dist');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
// Bare packages the main entry may import: pure-JS, browser-safe.
const BROWSER_SAFE = new Set(['fflate', 'fast-png']);

/** Bare specifiers imported by `entry` and by every dist file it reaches through relative imports. */
function bareImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    // Comment lines go first: TSDoc examples in the bundle mention imports too.
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line))
      .join('\n');
    const specifiers = [
      // Statements only: messages in template strings may say "from '@olrd/data/node'".
      ...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm),
      ...code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
      ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ].map((match) => match[1]!);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  visit(entry);
  return bare;
}

/** Newest modification time of the sources the build reads (tests excluded). */
function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') newest = Math.max(newest, newestSource(path));
    } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

describe('the built main entry is browser-safe', () => {
  const entry = join(DIST, 'index.js');

  it('is built from the current sources', () => {
    let built = 0;
    try {
      built = statSync(entry).mtimeMs;
    } catch {
      throw new Error(`${entry} is missing: run pnpm --filter @olrd/data build`);
    }
    expect(built, 'dist is older than src: run pnpm --filter @olrd/data build').toBeGreaterThan(
      newestSource(SRC),
    );
  });

  it('imports no Node built-ins and no tar-stream, only browser-safe packages', () => {
    const imports = [...bareImports(entry)];
    expect(imports.filter((name) => NODE_BUILTINS.has(name))).toEqual([]);
    expect(imports.filter((name) => /^(tar-stream|streamx|events)(\/|$)/.test(name))).toEqual([]);
    expect(imports.filter((name) => !BROWSER_SAFE.has(name))).toEqual([]);
  });

  it('while the Node entry does reach them (the scan sees through chunks)', () => {
    const imports = bareImports(join(DIST, 'node.js'));
    expect(imports.has('tar-stream')).toBe(true);
    expect([...imports].some((name) => NODE_BUILTINS.has(name))).toBe(true);
  });
});
