/**
 * WebGPU in Node through the `webgpu` npm package (Dawn). Routes, in order: Mesa OpenGL ES
 * (`backend=opengles`, EGL_PLATFORM=surfaceless, compatibility feature level) and Dawn's default
 * (Vulkan, e.g. SwiftShader via VK_ICD_FILENAMES or a real GPU); with VK_ICD_FILENAMES set, Vulkan
 * goes first. Every object `create()` returns stays referenced from `globalThis` for the life of
 * the process: if one is garbage-collected, Dawn segfaults, aborts or hangs (spec 4).
 */
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { describeError } from './activate-backend.js';
import { NODE_HINTS } from './install-hints.js';
import { navigatorGpu } from './webgpu-adapter.js';

const INSTANCES_KEY = Symbol.for('olrd.webgpu.instances');

function keepAlive(gpu: GPU): void {
  const holder = globalThis as { [INSTANCES_KEY]?: GPU[] };
  (holder[INSTANCES_KEY] ??= []).push(gpu);
}

/** Adds `featureLevel: 'compatibility'` when the adapter asked for is not found otherwise (GLES). */
function withCompatibilityFallback(gpu: GPU): GPU {
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  const request = async (options: GPURequestAdapterOptions = {}) =>
    (await requestAdapter(options)) ??
    ('featureLevel' in options
      ? null
      : await requestAdapter({ ...options, featureLevel: 'compatibility' }));
  Object.defineProperty(gpu, 'requestAdapter', {
    value: request,
    configurable: true,
    writable: true,
  });
  return gpu;
}

function installNavigatorGpu(gpu: GPU): void {
  const holder = globalThis as { navigator?: { gpu?: GPU } };
  // Node ≥ 21 has a `navigator` object already; Node 20 does not.
  if (holder.navigator == null) {
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu },
      configurable: true,
      writable: true,
    });
  } else {
    Object.defineProperty(holder.navigator, 'gpu', {
      value: gpu,
      configurable: true,
      writable: true,
    });
  }
}

function routes(): string[][] {
  const opengles = ['backend=opengles'];
  const vulkanFirst = (process.env.VK_ICD_FILENAMES ?? '') !== '';
  return vulkanFirst ? [[], opengles] : [opengles, []];
}

/**
 * Makes `navigator.gpu` available in Node (no-op when it already is) with a working adapter.
 * @throws BackendUnavailableError when the `webgpu` package or every adapter route is missing.
 */
export async function installNodeWebGPU(): Promise<void> {
  if (navigatorGpu() != null) return;
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (error) {
    throw BackendUnavailableError.forBackend(
      'webgpu',
      `the 'webgpu' npm package could not be loaded (${describeError(error)})`,
      NODE_HINTS.webgpu,
      error,
    );
  }
  process.env.EGL_PLATFORM ??= 'surfaceless';
  for (const [name, value] of Object.entries(dawn.globals as Record<string, unknown>)) {
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const tried: string[] = [];
  for (const flags of routes()) {
    const label = flags.join(' ') || 'default (Vulkan)';
    try {
      const gpu = withCompatibilityFallback(dawn.create(flags));
      keepAlive(gpu);
      if ((await gpu.requestAdapter()) != null) return installNavigatorGpu(gpu);
      tried.push(`${label}: no adapter`);
    } catch (error) {
      tried.push(`${label}: ${describeError(error)}`);
    }
  }
  throw BackendUnavailableError.forBackend(
    'webgpu',
    `Dawn found no adapter (${tried.join('; ')})`,
    NODE_HINTS.webgpu,
  );
}
