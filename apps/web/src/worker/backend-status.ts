/**
 * Which backends come up in this browser, and what the WebGPU adapter is. `probeBackends` from
 * @olrd/tensor activates each backend for real; the adapter line is added here so the page can
 * say when WebGPU runs on a software rasteriser (SwiftShader), which works but is slow.
 */
import { probeBackends, tf } from '@olrd/tensor';
import { WEB_BACKENDS, type BackendStatus } from '../protocol.js';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: object): Promise<{ info?: AdapterInfoLike } | null>;
}

/** The WebGPU adapter of this realm in words, or undefined when there is none. */
async function describeAdapter(): Promise<{ adapter: string; software: boolean } | undefined> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const name =
    [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') ||
    'unknown adapter';
  const software =
    info.isFallbackAdapter === true ||
    /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i.test(name);
  return { adapter: software ? `${name} (software)` : name, software };
}

/** Why WebGPU cannot work here before even trying, or undefined. */
function webgpuPrecondition(): string | undefined {
  if (!globalThis.isSecureContext)
    return 'this page is not a secure context (serve it over https or from localhost)';
  if (!('gpu' in globalThis.navigator))
    return 'navigator.gpu is missing: this browser has no WebGPU (Chrome/Edge 113+, or Chromium with --enable-unsafe-webgpu)';
  return undefined;
}

/** Probes cpu, wasm and webgpu. */
export async function probeWebBackends(): Promise<BackendStatus[]> {
  const probes = await probeBackends();
  const adapter = await describeAdapter().catch(() => undefined);
  const precondition = webgpuPrecondition();
  return WEB_BACKENDS.map((name) => {
    const probe = probes.find((p) => p.name === name);
    const status: BackendStatus = { name, available: probe?.available ?? false };
    if (!status.available) {
      status.reason =
        (name === 'webgpu' ? precondition : undefined) ?? probe?.reason ?? 'not listed';
      if (probe?.hint) status.hint = probe.hint;
    }
    if (name === 'webgpu' && adapter) Object.assign(status, adapter);
    return status;
  });
}

/**
 * Forwards WebGPU device errors (out of memory, validation, device lost) that tfjs would only
 * log, so the page can show them.
 */
export function watchWebGPUDevice(report: (message: string) => void): void {
  const device = (tf.backend() as { device?: GPUDeviceLike }).device;
  if (!device || watched.has(device)) return;
  watched.add(device);
  device.addEventListener('uncapturederror', (event) => {
    const error = (event as { error?: { message?: string; constructor?: { name?: string } } })
      .error;
    const kind = error?.constructor?.name ?? 'GPUError';
    report(`WebGPU ${kind}: ${error?.message ?? 'unknown error'}`);
  });
  void device.lost.then((info) => {
    if (info.reason !== 'destroyed') report(`WebGPU device lost: ${info.message || info.reason}`);
  });
}

const watched = new WeakSet<GPUDeviceLike>();

interface GPUDeviceLike {
  addEventListener(type: 'uncapturederror', listener: (event: Event) => void): void;
  lost: Promise<{ reason: string; message: string }>;
}
