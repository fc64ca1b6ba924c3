/** The browser-safe main entry in Node: no webgpu without navigator.gpu, no tensorflow/cuda. */
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { initBackend, listBackends } from './init-backend.js';

describe('initBackend (main entry)', () => {
  it('lists only browser-safe backends', () => {
    expect(listBackends()).toEqual(['cpu', 'wasm', 'webgpu', 'webgl']);
  });

  it("webgpu without navigator.gpu points Node users at '@olrd/tensor/node'", async () => {
    if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu != null) return;
    const error = await initBackend('webgpu').catch((caught: unknown) => caught);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/navigator\.gpu is missing.*@olrd\/tensor\/node/);
  });

  it('has no tensorflow/cuda (they are Node-only)', async () => {
    await expect(initBackend('cuda')).rejects.toThrow(
      /not supported by this entry point.*pnpm add @tensorflow\/tfjs-node-gpu/,
    );
  });

  it('webgl needs the app to import @tensorflow/tfjs-backend-webgl', async () => {
    await expect(initBackend('webgl')).rejects.toThrow(/tfjs-backend-webgl was not imported/);
  });

  it('auto comes up on wasm or cpu here (no hardware WebGPU adapter)', async () => {
    await expect(initBackend('auto')).resolves.toMatch(/^(wasm|cpu)$/);
  });
});
