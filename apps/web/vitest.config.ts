import { defineConfig } from 'vitest/config';

// Unit tests (src) and the end-to-end test (e2e), which builds the app, serves it and drives
// Debian's Chromium through playwright-core. One file at a time: the e2e owns a browser.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
