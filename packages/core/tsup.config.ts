import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'spec/index': 'src/spec/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  // data's PRNG is bundled in (one source, data/src/prng.ts; core's install does not pull data's
  // file-format dependencies): every other @olrd package stays external.
  external: [/^@tensorflow\//, /^@olrd\/(?!data\/prng$)/, 'webgpu'],
  noExternal: [/^@olrd\/data\/prng$/],
});
