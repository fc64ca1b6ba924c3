import { createRequire } from 'node:module';
import path from 'node:path';
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
  // The dev server pre-bundles what it finds from index.html; the training worker (and the tfjs
  // backends it imports) is only reached once the page runs, so Vite used to find them late,
  // re-optimise and reload the page on the first visit. Crawling the worker up front avoids that.
  optimizeDeps: { entries: ['index.html', 'src/worker/training.worker.ts'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
