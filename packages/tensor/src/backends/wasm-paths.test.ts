/**
 * `setWasmPaths`: the binaries really load from where it says (checked in fresh Node processes on
 * the built package, since test files share one tfjs per worker and the wasm backend initialises
 * once per process), it rejects bad input, and it refuses once the backend is up.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { setWasmPaths, WASM_BINARY_NAMES, wasmPaths } from './wasm-paths.js';

const run = promisify(execFile);
const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WASM_DIST = dirname(
  createRequire(join(PACKAGE, 'package.json')).resolve('@tensorflow/tfjs-backend-wasm'),
);

// Runs in a fresh process; evaluated in the package folder, so '@olrd/tensor/node' is this build.
const PROBE = `
import * as tensor from '@olrd/tensor/node';
if (typeof tensor.setWasmPaths !== 'function') {
  console.log(JSON.stringify({ error: 'dist has no setWasmPaths: run pnpm --filter @olrd/tensor build' }));
  process.exit(0);
}
const { setWasmPaths, initBackend, tf } = tensor;
setWasmPaths(process.argv[1]);
try {
  const name = await initBackend('wasm');
  const product = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]]));
  console.log(JSON.stringify({ name, values: Array.from(await product.data()) }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
`;

describe('setWasmPaths', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'olrd-wasm-paths-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const initIn = async (
    folder: string,
  ): Promise<{ name?: string; values?: number[]; error?: string; log: string }> => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--input-type=module', '-e', PROBE, folder],
      { cwd: PACKAGE },
    );
    return { ...JSON.parse(stdout.trim().split('\n').pop()!), log: stdout + stderr };
  };

  it('loads the binaries from the folder it names, and fails where they are not', async () => {
    const moved = join(scratch, 'served-here');
    mkdirSync(moved);
    for (const name of WASM_BINARY_NAMES) copyFileSync(join(WASM_DIST, name), join(moved, name));
    const [found, missing] = await Promise.all([
      initIn(`${moved}/`),
      // Empty: without the setting tfjs would find its binaries next to its script and succeed.
      initIn(`${mkdtempSync(join(scratch, 'empty-'))}/`),
    ]);
    expect([found.name, found.values]).toEqual(['wasm', [3, 7]]);
    expect(missing.error).toMatch(/Backend 'wasm' is unavailable/);
    // tfjs's own log names the file it looked for: the empty folder's.
    expect(missing.log).toMatch(/ENOENT.*empty-\w+\/tfjs-backend-wasm[-a-z]*\.wasm/);
  }, 60_000);

  it('rejects an empty folder and a map without every binary, keeping the setting', () => {
    const before = wasmPaths();
    expect(() => setWasmPaths('')).toThrow(TypeError);
    expect(() =>
      setWasmPaths({ 'tfjs-backend-wasm.wasm': 'a.wasm' } as Parameters<typeof setWasmPaths>[0]),
    ).toThrow(
      /missing tfjs-backend-wasm-simd\.wasm, tfjs-backend-wasm-threaded-simd\.wasm\), or one folder/,
    );
    expect(wasmPaths()).toBe(before);
  });

  it('refuses once the wasm backend is initialised (the binaries are already loaded)', async () => {
    await initBackend('wasm');
    expect(() => setWasmPaths('/elsewhere/')).toThrow(/already initialised/);
  });
});
