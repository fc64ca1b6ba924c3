/**
 * Finding a WebGPU adapter and telling software adapters (llvmpipe, SwiftShader, ...) from
 * hardware ones: `auto` never picks a software adapter, which is slower than wasm for olrd.
 */

/** The `navigator.gpu` of this realm, if any. */
export function navigatorGpu(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}

/** Adapter info fields across WebGPU implementations (`isFallbackAdapter` moved into `info`). */
type AdapterInfoLike = Partial<
  Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>
> & {
  isFallbackAdapter?: boolean;
};

/** One line naming an adapter, e.g. "llvmpipe-llvm-15-0-6-256-bits- (OpenGL ES 3.2 Mesa 22.3.6)". */
export function describeAdapter(adapter: GPUAdapter): string {
  const info = (adapter.info ?? {}) as AdapterInfoLike;
  const name =
    [info.vendor, info.architecture, info.device].filter((part) => part).join(' ') ||
    'unknown adapter';
  return info.description ? `${name} (${info.description})` : name;
}

/** True for CPU-emulated adapters. */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = (adapter.info ?? {}) as AdapterInfoLike;
  if (
    info.isFallbackAdapter === true ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true
  )
    return true;
  return /llvmpipe|softpipe|lavapipe|swiftshader|software|basic render/i.test(
    describeAdapter(adapter),
  );
}
