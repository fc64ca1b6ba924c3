import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The worker hands tfjs-backend-wasm's .wasm binaries to `setWasmPaths` from @olrd/tensor as
// hashed assets (`?url` imports, src/worker/wasm-paths.ts). The package is a dependency of
// @olrd/tensor, not of this app, so those asset paths (and only they) resolve through it.
const fromTensor = createRequire(
  createRequire(import.meta.url).resolve('@olrd/tensor/package.json'),
);
const wasmDist = path.join(
  path.dirname(fromTensor.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

export default defineConfig({
  plugins: [react()],
  base: './',
  resolve: {
    alias: [
      {
        find: /^@tensorflow\/tfjs-backend-wasm\/dist\/(tfjs-backend-wasm[a-z-]*\.wasm)/,
        replacement: `${wasmDist}/$1`,
      },
    ],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
