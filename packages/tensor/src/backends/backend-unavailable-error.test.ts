import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './backend-unavailable-error.js';

describe('BackendUnavailableError', () => {
  it('says what failed and what to install', () => {
    const error = BackendUnavailableError.forBackend(
      'cuda',
      '@tensorflow/tfjs-node-gpu is not installed',
      'pnpm add it',
    );
    expect(error.message).toBe(
      "Backend 'cuda' is unavailable: @tensorflow/tfjs-node-gpu is not installed. To use it: pnpm add it",
    );
    expect(error.name).toBe('BackendUnavailableError');
    expect(error.backend).toBe('cuda');
    expect(error.failures).toEqual([
      {
        backend: 'cuda',
        reason: '@tensorflow/tfjs-node-gpu is not installed',
        hint: 'pnpm add it',
      },
    ]);
  });

  it('combines the failures of auto into one message, one line each', () => {
    const error = BackendUnavailableError.combine([
      { backend: 'wasm', reason: 'r1', hint: 'h1' },
      { backend: 'cpu', reason: 'r2', hint: 'h2' },
    ]);
    expect(error.backend).toBe('auto');
    expect(error.message).toBe(
      "No backend could be initialised for 'auto':\n  - wasm: r1. To use it: h1\n  - cpu: r2. To use it: h2",
    );
  });

  it('isInstance recognises errors from another copy of the package (Symbol.for marker), not look-alikes', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('olrd.error.BackendUnavailableError')]: true,
    });
    expect(BackendUnavailableError.isInstance(foreign)).toBe(true);
    expect(
      BackendUnavailableError.isInstance(BackendUnavailableError.forBackend('cpu', 'r', 'h')),
    ).toBe(true);
    expect(BackendUnavailableError.isInstance(new Error("Backend 'cpu' is unavailable"))).toBe(
      false,
    );
    expect(BackendUnavailableError.isInstance(null)).toBe(false);
  });
});
