/**
 * The backends of the browser-safe main entry. `auto` order: webgpu on a hardware adapter, then
 * wasm, then cpu. wasm beats cpu by 6–30× on olrd's ops (spec 4); a hardware WebGPU adapter is put
 * first as in tfjs's own priorities (not measured here: these machines have no GPU); software
 * adapters are skipped because they are slower than wasm (measured in Node, see node-environment).
 */
import type { BackendEnvironment } from './backend-environment.js';
import { BROWSER_HINTS } from './install-hints.js';
import {
  loadCpu,
  loadWasm,
  loadWebGL,
  makeHardwareWebGPULoader,
  makeWebGPULoader,
} from './browser-loaders.js';

/** The main entry's {@link BackendEnvironment}. */
export const BROWSER_ENVIRONMENT: BackendEnvironment = Object.freeze({
  loaders: Object.freeze({
    cpu: loadCpu,
    wasm: loadWasm,
    webgpu: makeWebGPULoader(BROWSER_HINTS),
    webgl: loadWebGL,
  }),
  autoLoaders: Object.freeze({ webgpu: makeHardwareWebGPULoader(BROWSER_HINTS) }),
  autoOrder: Object.freeze(['webgpu', 'wasm', 'cpu'] as const),
  hints: BROWSER_HINTS,
  listed: Object.freeze(['cpu', 'wasm', 'webgpu', 'webgl'] as const),
});
