/**
 * initBackend's selection logic on made-up environments: auto skips failing candidates (including
 * one whose tfjs factory throws) and never ends on one that failed; one combined error when all
 * fail; an explicit name never falls back; unknown names are a TypeError.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../tf.js';
import type { BackendEnvironment } from './backend-environment.js';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { NODE_HINTS } from './install-hints.js';
import { loadCpu } from './browser-loaders.js';
import { resolveBackend } from './resolve-backend.js';
import { currentBackend } from './current-backend.js';

const fail = (reason: string) => async () => {
  throw new Error(reason);
};

function environment(overrides: Partial<BackendEnvironment>): BackendEnvironment {
  return {
    loaders: {},
    autoLoaders: {},
    autoOrder: [],
    hints: NODE_HINTS,
    listed: [],
    ...overrides,
  };
}

describe('resolveBackend', () => {
  // tfjs logs the stack of a backend factory that throws; these tests throw on purpose.
  beforeAll(() => void vi.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterAll(() => {
    vi.restoreAllMocks();
    tf.removeBackend('webgl');
  });

  it('auto skips a candidate whose loader fails and one whose tfjs factory throws', async () => {
    // A tfjs 'webgl' factory that throws: tf.setBackend resolves false, and tfjs must not stay on it.
    tf.registerBackend('webgl', () => {
      throw new Error('no WebGL here');
    });
    const env = environment({
      loaders: { tensorflow: fail('not installed'), webgl: async () => undefined, cpu: loadCpu },
      autoOrder: ['tensorflow', 'webgl', 'cpu'],
    });
    await expect(resolveBackend(env, 'auto')).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(currentBackend()).toBe('cpu');
  });

  it('an explicitly named backend never falls back', async () => {
    const env = environment({
      loaders: { tensorflow: fail('not installed'), cpu: loadCpu },
      autoOrder: ['cpu'],
    });
    const error = await resolveBackend(env, 'tensorflow').catch((caught: unknown) => caught);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      "Backend 'tensorflow' is unavailable: not installed",
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a tfjs backend that fails to initialise is reported, and the previous one stays active', async () => {
    const env = environment({ loaders: { webgl: async () => undefined } });
    await expect(resolveBackend(env, 'webgl')).rejects.toThrow(
      /tfjs could not initialise its 'webgl' backend/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('when every candidate fails, throws one error listing each reason and hint', async () => {
    const env = environment({
      loaders: { cuda: fail('no CUDA'), wasm: fail('no wasm') },
      autoOrder: ['cuda', 'wasm'],
    });
    const error = (await resolveBackend(env, 'auto').catch(
      (caught: unknown) => caught,
    )) as BackendUnavailableError;
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect(error.backend).toBe('auto');
    expect(error.failures.map((f) => [f.backend, f.reason])).toEqual([
      ['cuda', 'no CUDA'],
      ['wasm', 'no wasm'],
    ]);
    expect(error.message).toContain('pnpm add @tensorflow/tfjs-node-gpu@4.22.0');
  });

  it('names without a loader in this entry are unavailable; unknown names are a TypeError', async () => {
    await expect(resolveBackend(environment({}), 'cpu')).rejects.toThrow(
      /not supported by this entry point/,
    );
    await expect(resolveBackend(environment({}), 'gpu' as never)).rejects.toThrow(TypeError);
  });
});
