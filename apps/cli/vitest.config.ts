import { defineConfig } from 'vitest/config';

// The tests spawn the built CLI (dist/olrd.js): build first (turbo's `test` task does).
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000 },
});
