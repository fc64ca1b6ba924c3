import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'spec/index': 'src/spec/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  external: [/^@tensorflow\//, /^@olrd\//, 'webgpu'],
});
