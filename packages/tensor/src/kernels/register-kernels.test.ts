import { describe, expect, it, vi } from 'vitest';
import { tf } from '../tf.js';
import { OlrdDenseScan, OlrdDenseScanAdjoint, OlrdDiagScan } from './kernel-names.js';

const HOST_KERNELS = [OlrdDiagScan, OlrdDenseScan, OlrdDenseScanAdjoint];
import { olrdKernelNames, registerOlrdKernels } from './register-kernels.js';

describe('registerOlrdKernels', () => {
  it('is idempotent, registers the gradient once and records itself on globalThis', () => {
    const warn = vi.spyOn(console, 'warn');
    expect(registerOlrdKernels('cpu')).toEqual(HOST_KERNELS);
    expect(registerOlrdKernels('cpu')).toEqual(HOST_KERNELS);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(tf.getKernel(OlrdDiagScan, 'cpu')).toBeDefined();
    expect(tf.getGradient(OlrdDiagScan)).toBeDefined();
    expect(tf.getGradient(OlrdDenseScan)).toBeDefined();
    const record = (globalThis as Record<symbol, Map<string, Set<string>>>)[
      Symbol.for('olrd.kernels')
    ];
    expect([...(record?.get('cpu') ?? [])]).toEqual(HOST_KERNELS);
  });

  it('ships fused kernels for cpu, wasm and webgpu only; other backends use composites', () => {
    // The dense scan's kernels are host loops (cpu, wasm); webgpu runs its stock-ops composite.
    for (const name of ['cpu', 'wasm']) expect(olrdKernelNames(name)).toEqual(HOST_KERNELS);
    expect(olrdKernelNames('webgpu')).toEqual([OlrdDiagScan]);
    for (const name of ['tensorflow', 'webgl']) expect(olrdKernelNames(name)).toEqual([]);
    expect(registerOlrdKernels('tensorflow')).toEqual([]);
  });
});
