/**
 * The Node entry's real backends: tensorflow/cuda report what to install when tfjs-node is absent,
 * auto picks one that works, repeated calls are cheap, switching works, probing restores.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  tf,
  BackendUnavailableError,
  TFJS_BACKEND_OF,
  currentBackend,
  diagScan,
  hasFusedDiagScan,
} from '../node.js';
import { initBackend, listBackends, probeBackends } from './node-init-backend.js';

const HOST_KERNELS = ['OlrdDiagScan', 'OlrdDenseScan', 'OlrdDenseScanAdjoint'];

const INSTALL_HINTS = {
  tensorflow: /pnpm add @tensorflow\/tfjs-node@4\.22\.0.*network access at install time/,
  cuda: /pnpm add @tensorflow\/tfjs-node-gpu@4\.22\.0.*CUDA 11\.2 and cuDNN 8\.1.*network access at install time/,
};

describe('initBackend (Node entry)', () => {
  for (const name of ['tensorflow', 'cuda'] as const) {
    it(`${name}: works where installed, else BackendUnavailableError with the install command`, async () => {
      const outcome = await initBackend(name).catch((error: unknown) => error);
      if (outcome === name) {
        expect(tf.getBackend()).toBe('tensorflow');
        return;
      }
      expect(BackendUnavailableError.isInstance(outcome)).toBe(true);
      expect((outcome as Error).message).toMatch(INSTALL_HINTS[name]);
    });
  }

  it('webgl is unavailable in Node, saying so', async () => {
    await expect(initBackend('webgl')).rejects.toThrow(/WebGL does not exist in Node/);
  });

  it('auto picks a backend that works (never one that failed), with fused kernels where olrd has them', async () => {
    const failed = new Set<string>();
    for (const name of ['cuda', 'tensorflow'] as const)
      if ((await initBackend(name).catch(() => null)) == null) failed.add(name);
    const chosen = await initBackend('auto');
    expect(['cuda', 'tensorflow', 'wasm', 'cpu']).toContain(chosen);
    expect(failed.has(chosen)).toBe(false);
    expect(currentBackend()).toBe(chosen);
    expect(tf.getBackend()).toBe(TFJS_BACKEND_OF[chosen]);
    expect(hasFusedDiagScan()).toBe(chosen === 'wasm' || chosen === 'cpu');
    await expect(initBackend()).resolves.toBe(chosen);
  });

  it('repeating a call is cheap and switching back and forth keeps tensors usable', async () => {
    await initBackend('cpu');
    // Cheap means no backend switch at all (counted, not timed: a loaded machine must not fail it).
    const setBackend = vi.spyOn(tf.engine(), 'setBackend');
    for (let i = 0; i < 1000; i++) await initBackend('cpu');
    expect(setBackend).not.toHaveBeenCalled();
    setBackend.mockRestore();

    const lambda = tf.tensor1d([0.5]);
    const b = tf.ones([1, 3, 1]) as tf.Tensor3D;
    for (const name of ['wasm', 'cpu', 'wasm'] as const) {
      await expect(initBackend(name)).resolves.toBe(name);
      expect(tf.getBackend()).toBe(name);
      expect(hasFusedDiagScan()).toBe(true);
      const [hRe, hIm] = diagScan(lambda, tf.zerosLike(lambda), b, tf.zerosLike(b));
      expect(Array.from(await hRe.data())).toEqual([1, 1.5, 1.75]);
      tf.dispose([hRe, hIm]);
    }
    tf.dispose([lambda, b]);
  });

  it('probeBackends reports each listed backend and restores the active one', async () => {
    await initBackend('wasm');
    const probes = await probeBackends();
    expect(probes.map((probe) => probe.name)).toEqual([...listBackends()]);
    const byName = Object.fromEntries(probes.map((probe) => [probe.name, probe]));
    expect(byName.cpu).toMatchObject({
      available: true,
      tfjsBackend: 'cpu',
      fusedKernels: HOST_KERNELS,
    });
    expect(byName.wasm).toMatchObject({ available: true, fusedKernels: HOST_KERNELS });
    expect(byName.cuda).toMatchObject({ tfjsBackend: 'tensorflow', fusedKernels: [] });
    for (const probe of probes) if (!probe.available) expect(probe.hint).toBeTruthy();
    expect(currentBackend()).toBe('wasm');
  });
});
