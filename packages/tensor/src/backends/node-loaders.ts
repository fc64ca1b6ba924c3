/**
 * Loaders only the `./node` entry has: WebGPU through Dawn, and the native tfjs-node backends.
 * tfjs-node and tfjs-node-gpu are optional dependencies that usually fail to install offline, so
 * they are imported by a computed specifier (no bundler or type checker may require them) and
 * both register tfjs backend `'tensorflow'`; one process can hold only one of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedBackendName } from './backend-name.js';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import type { BackendLoader } from './backend-environment.js';
import { describeError } from './activate-backend.js';
import { NODE_HINTS } from './install-hints.js';
import { makeWebGPULoader } from './browser-loaders.js';
import { installNodeWebGPU } from './node-webgpu.js';
import { explainSyncReadsInNode } from './node-webgpu-read-sync.js';

const TFJS_NODE_PACKAGES = Object.freeze({
  tensorflow: '@tensorflow/tfjs-node',
  cuda: '@tensorflow/tfjs-node-gpu',
} as const);
const LOADED_KEY = Symbol.for('olrd.tfjsNodePackage');

function tfjsNodeLoader(name: 'tensorflow' | 'cuda'): BackendLoader {
  const specifier: string = TFJS_NODE_PACKAGES[name];
  return async () => {
    const holder = globalThis as { [LOADED_KEY]?: string };
    const loaded = holder[LOADED_KEY];
    if (loaded != null && loaded !== specifier) {
      throw BackendUnavailableError.forBackend(
        name,
        `${loaded} is already loaded in this process and owns tfjs backend 'tensorflow'`,
        'use one of tensorflow/cuda per process',
      );
    }
    try {
      await import(/* @vite-ignore */ specifier);
    } catch (error) {
      const missing = /cannot find (package|module)|ERR_MODULE_NOT_FOUND/i.test(String(error));
      const reason = missing
        ? `${specifier} is not installed`
        : `${specifier} failed to load (${describeError(error)})`;
      throw BackendUnavailableError.forBackend(name, reason, NODE_HINTS[name], error);
    }
    holder[LOADED_KEY] = specifier;
    if (tf.findBackendFactory('tensorflow') == null) {
      throw BackendUnavailableError.forBackend(
        name,
        `${specifier} registered no tfjs 'tensorflow' backend (is it version 4.22.0?)`,
        NODE_HINTS[name],
      );
    }
  };
}

const loadWebGPUInNode = makeWebGPULoader(NODE_HINTS);

/** The loaders that differ in Node, by name. */
export const NODE_LOADERS: Readonly<Partial<Record<ResolvedBackendName, BackendLoader>>> =
  Object.freeze({
    webgpu: async () => {
      await installNodeWebGPU();
      await loadWebGPUInNode();
      explainSyncReadsInNode((await import('@tensorflow/tfjs-backend-webgpu')).WebGPUBackend);
    },
    webgl: async () => {
      throw BackendUnavailableError.forBackend(
        'webgl',
        'WebGL does not exist in Node',
        NODE_HINTS.webgl,
      );
    },
    tensorflow: tfjsNodeLoader('tensorflow'),
    cuda: tfjsNodeLoader('cuda'),
  });
