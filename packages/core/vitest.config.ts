import { defineConfig } from 'vitest/config';

// The same suite runs once per CPU backend (OLRD_BACKEND is read by src/test-setup.ts).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 60_000,
    projects: ['cpu', 'wasm'].map((backend) => ({
      extends: true,
      test: { name: backend, env: { OLRD_BACKEND: backend }, setupFiles: ['./src/test-setup.ts'] },
    })),
  },
});
