/**
 * Entry smoke tests: the barrels export the public names, and the main entry stays browser-safe
 * (nothing reachable from src/index.ts imports `node:` built-ins or the `webgpu` npm package).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as node from './node.js';
import * as testing from './testing.js';

const PUBLIC_NAMES = [
  'tf',
  'diagScan',
  'diagScanComposite',
  'hasFusedDiagScan',
  'denseScan',
  'denseScanComposite',
  'hasFusedDenseScan',
  'OlrdDenseScan',
  'OlrdDenseScanAdjoint',
  'initBackend',
  'probeBackends',
  'listBackends',
  'currentBackend',
  'setWasmPaths',
  'WASM_BINARY_NAMES',
  'isBackendName',
  'TFJS_BACKEND_OF',
  'BackendUnavailableError',
  'registerOlrdKernels',
  'olrdKernelNames',
  'OlrdDiagScan',
  'disposeTree',
  'cloneTree',
  'mapTree',
  'forEachTensor',
  'numTensors',
];

function reachableImports(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [
      ...source.matchAll(
        /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g,
      ),
    ]
      .filter((match) => !/^\s*(import|export)\s+type\b/.test(match[0]))
      .map((match) => (match[1] ?? match[2] ?? match[3])!);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.'))
        visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return graph;
}

describe('entries', () => {
  it('main and node export the same public names; testing exports its helpers', () => {
    for (const name of PUBLIC_NAMES) {
      expect(main, name).toHaveProperty(name);
      expect(node, name).toHaveProperty(name);
    }
    expect(node.initBackend).not.toBe(main.initBackend);
    expect(typeof testing.expectNoLeak).toBe('function');
    expect(typeof testing.diagScanReference).toBe('function');
  });

  it('the main entry reaches no Node built-in and no webgpu npm package', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const graph = reachableImports(join(here, 'index.ts'));
    const offending = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => s.startsWith('node:') || s === 'webgpu' || /tfjs-node/.test(s))
        .map((s) => `${file}: ${s}`),
    );
    expect(offending).toEqual([]);
    expect([...graph.keys()].some((file) => file.endsWith('node-webgpu.ts'))).toBe(false);
    expect(graph.size).toBeGreaterThan(10);
  });
});
