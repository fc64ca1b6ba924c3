import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/olrd.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@tensorflow\//, /^@olrd\//, 'webgpu'],
});
