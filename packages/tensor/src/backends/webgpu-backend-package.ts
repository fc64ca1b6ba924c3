/**
 * Loads `@tensorflow/tfjs-backend-webgpu` and makes sure tfjs has a `webgpu` factory. The package
 * registers one at import time only if `navigator.gpu` already existed then; when it was imported
 * earlier (e.g. before Node's `navigator.gpu` was installed), this registers an equivalent one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { navigatorGpu } from './webgpu-adapter.js';

type WebGPUBackendClass = typeof import('@tensorflow/tfjs-backend-webgpu').WebGPUBackend;

async function createBackend(WebGPUBackend: WebGPUBackendClass): Promise<tf.KernelBackend> {
  const adapter = await navigatorGpu()?.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter == null) throw new Error('no WebGPU adapter');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  return new WebGPUBackend(device, adapter.info);
}

/** Imports the tfjs webgpu backend package and ensures the `webgpu` factory is registered. */
export async function loadWebGPUBackendPackage(): Promise<void> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu') == null)
    tf.registerBackend('webgpu', () => createBackend(WebGPUBackend), 3);
}
