import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// @olrd/tensor imports @tensorflow/tfjs-backend-wasm, which needs setWasmPaths() and its .wasm
// files served. The app does not depend on that package itself, so it is resolved from
// @olrd/tensor and aliased: the worker's setWasmPaths then configures the very module that
// initBackend('wasm') loads, and `?url` imports of the .wasm files become hashed assets.
const appDir = path.dirname(fileURLToPath(import.meta.url));
const fromApp = createRequire(import.meta.url);
const fromTensor = createRequire(fromApp.resolve('@olrd/tensor/package.json'));
const wasmPackage = path.dirname(fromTensor.resolve('@tensorflow/tfjs-backend-wasm/package.json'));

export default defineConfig({
  plugins: [react()],
  base: './',
  resolve: {
    alias: [
      {
        find: /^@tensorflow\/tfjs-backend-wasm$/,
        replacement: path.join(wasmPackage, 'dist/index.js'),
      },
      { find: /^@tensorflow\/tfjs-backend-wasm\/(.*)$/, replacement: `${wasmPackage}/$1` },
      // @olrd/data's main entry reaches Node's `events` (through tar-stream); see src/shims.
      { find: /^events$/, replacement: path.join(appDir, 'src/shims/events.ts') },
    ],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
