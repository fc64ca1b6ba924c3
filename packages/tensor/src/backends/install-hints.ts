/**
 * What to install or change for each backend, as shown in `BackendUnavailableError` messages.
 * Versions are pinned because every `@tensorflow/*` package must match tfjs-core 4.22.0.
 */
import type { ResolvedBackendName } from './backend-name.js';

/** The apt packages of the Mesa OpenGL ES route to WebGPU in Node (spec 4). */
export const WEBGPU_NODE_APT_PACKAGES = 'libegl1 libgles2 libegl-mesa0 libgl1-mesa-dri';

const TFJS_NODE_BUILD_NOTE =
  'its install script downloads libtensorflow 2.9.1, so it needs network access at install time and its build ' +
  "allowed (pnpm-workspace.yaml `allowBuilds`); then call initBackend from '@olrd/tensor/node'";

/** Hints for the browser-safe main entry. */
export const BROWSER_HINTS: Readonly<Record<ResolvedBackendName, string>> = Object.freeze({
  cpu: 'reinstall @tensorflow/tfjs-backend-cpu@4.22.0 (a dependency of @olrd/tensor)',
  wasm:
    'reinstall @tensorflow/tfjs-backend-wasm@4.22.0 (a dependency of @olrd/tensor); in a browser, serve its .wasm ' +
    "files and point setWasmPaths() from '@olrd/tensor' at them before the first initBackend",
  webgpu:
    'use a browser with WebGPU (Chrome/Edge 113+, or Chromium with --enable-unsafe-webgpu) in a secure context ' +
    "(https or localhost); in Node, import initBackend from '@olrd/tensor/node' instead",
  webgl:
    "run in a browser and `pnpm add @tensorflow/tfjs-backend-webgl@4.22.0`, then `import '@tensorflow/tfjs-backend-webgl'` " +
    'before initBackend; @olrd/tensor does not depend on it and has no fused webgl kernels (diagScan uses its composite)',
  tensorflow: `in Node, \`pnpm add @tensorflow/tfjs-node@4.22.0\`; ${TFJS_NODE_BUILD_NOTE}`,
  cuda:
    '`pnpm add @tensorflow/tfjs-node-gpu@4.22.0` on Linux x64 with an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1; ' +
    TFJS_NODE_BUILD_NOTE,
});

/** Hints for the `./node` entry (only those that differ from the browser ones). */
export const NODE_HINTS: Readonly<Record<ResolvedBackendName, string>> = Object.freeze({
  ...BROWSER_HINTS,
  wasm: 'reinstall @tensorflow/tfjs-backend-wasm@4.22.0 (a dependency of @olrd/tensor)',
  webgpu:
    `install the optional dependency \`webgpu@0.6.2\` and either the Mesa OpenGL ES route ` +
    `(\`apt-get install ${WEBGPU_NODE_APT_PACKAGES}\`; EGL_PLATFORM=surfaceless is set for you) or the ` +
    'SwiftShader Vulkan route (`apt-get install chromium libvulkan1` and ' +
    '`export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json` before Node starts)',
  webgl: "WebGL exists only in browsers; in Node use 'webgpu', 'wasm' or 'cpu'",
  tensorflow: `\`pnpm add @tensorflow/tfjs-node@4.22.0\`; ${TFJS_NODE_BUILD_NOTE}`,
});
