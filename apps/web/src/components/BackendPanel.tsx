/** Which backends this browser offers, with a clear note when WebGPU is missing and why. */
import type { BackendStatus } from '../protocol.js';

export function BackendPanel({ backends }: { backends?: BackendStatus[] }) {
  if (!backends)
    return (
      <p className="muted" data-testid="backends">
        Probing backends (cpu, wasm, webgpu)…
      </p>
    );
  const webgpu = backends.find((b) => b.name === 'webgpu');
  return (
    <div data-testid="backends">
      <ul className="backends">
        {backends.map((b) => (
          <li
            key={b.name}
            className={b.available ? 'ok' : 'missing'}
            data-backend={b.name}
            data-available={b.available}
          >
            {b.available ? '✓' : '✗'} {b.name}
            {b.adapter ? ` — ${b.adapter}` : ''}
          </li>
        ))}
      </ul>
      {webgpu && !webgpu.available && (
        <p className="note" data-testid="webgpu-note">
          WebGPU is unavailable here: {webgpu.reason}.
          {webgpu.hint ? ` To use it: ${webgpu.hint}.` : ''} Training runs on wasm or cpu instead.
        </p>
      )}
      {webgpu?.available && webgpu.software && (
        <p className="note" data-testid="webgpu-note">
          WebGPU runs on a software adapter ({webgpu.adapter}): it works, but the CPU emulates the
          GPU, so wasm is faster on this machine.
        </p>
      )}
    </div>
  );
}
