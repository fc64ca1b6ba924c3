import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/testing.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  // tfjs-core's Node build registers no gradients and its ESM gradient files use extensionless
  // imports Node cannot load, so that one entry is bundled; it registers into tfjs's global
  // registry, shared with the external tfjs-core.
  noExternal: [/register_all_gradients/],
  external: [/^@tensorflow\/(?!tfjs-core\/dist\/register_all_gradients)/, /^@olrd\//, 'webgpu'],
});
