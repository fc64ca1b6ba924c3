/**
 * One project per backend (lesson 19): the conformance suite (`*.conformance.test.ts`) runs on
 * each of cpu, wasm and webgpu; backend-independent unit tests run once, in the cpu project.
 * The backend under test comes from OLRD_TEST_BACKEND. webgpu runs in forked processes: Dawn must
 * see its driver variables and keep one GPU object per process. With OLRD_REQUIRE_WEBGPU=1 (CI) a
 * missing WebGPU adapter fails the webgpu project; otherwise it is skipped with what to install.
 */
import { defineConfig } from 'vitest/config';

const conformance = 'src/**/*.conformance.test.ts';

export default defineConfig({
  test: {
    // Every file initialises its backend itself, so files can share one module graph per worker:
    // importing tfjs once per worker instead of once per file halves the suite's time.
    isolate: false,
    // Sized for a loaded 2-core CI machine, not for an idle one (vitest's default is 5 s).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'cpu',
          include: ['src/**/*.test.ts'],
          env: { OLRD_TEST_BACKEND: 'cpu' },
        },
      },
      {
        extends: true,
        test: {
          name: 'wasm',
          include: [conformance],
          env: { OLRD_TEST_BACKEND: 'wasm' },
        },
      },
      {
        extends: true,
        test: {
          name: 'webgpu',
          include: [conformance],
          pool: 'forks',
          env: {
            OLRD_TEST_BACKEND: 'webgpu',
            EGL_PLATFORM: process.env.EGL_PLATFORM ?? 'surfaceless',
          },
        },
      },
    ],
  },
});
