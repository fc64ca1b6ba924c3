import { describe, expect, it, vi } from 'vitest';
import { tf } from '../tf.js';
import { OlrdDiagScan } from './kernel-names.js';
import { olrdKernelNames, registerOlrdKernels } from './register-kernels.js';

describe('registerOlrdKernels', () => {
  it('is idempotent, registers the gradient once and records itself on globalThis', () => {
    const warn = vi.spyOn(console, 'warn');
    expect(registerOlrdKernels('cpu')).toEqual([OlrdDiagScan]);
    expect(registerOlrdKernels('cpu')).toEqual([OlrdDiagScan]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(tf.getKernel(OlrdDiagScan, 'cpu')).toBeDefined();
    expect(tf.getGradient(OlrdDiagScan)).toBeDefined();
    const record = (globalThis as Record<symbol, Map<string, Set<string>>>)[
      Symbol.for('olrd.kernels')
    ];
    expect([...(record?.get('cpu') ?? [])]).toEqual([OlrdDiagScan]);
  });

  it('ships fused kernels for cpu, wasm and webgpu only; other backends use composites', () => {
    for (const name of ['cpu', 'wasm', 'webgpu'])
      expect(olrdKernelNames(name)).toEqual([OlrdDiagScan]);
    for (const name of ['tensorflow', 'webgl']) expect(olrdKernelNames(name)).toEqual([]);
    expect(registerOlrdKernels('tensorflow')).toEqual([]);
  });
});
