import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Sized for a loaded 2-core CI machine: the real-data and download tests take 3 s idle and
  // over 6 s under load, past vitest's 5 s default.
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
});
