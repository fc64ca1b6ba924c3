// The documented dev path, `pnpm web` (Vite's dev server): the first visit with an empty
// dependency cache loads the page once (no "optimized dependencies changed. reloading"), the
// backend probe finishes, and nothing is logged as an error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR, CHROMIUM, CHROMIUM_ARGS, chromiumPresent } from './browser.js';

describe.skipIf(!chromiumPresent())('pnpm web (the Vite dev server)', () => {
  let server: ViteDevServer | undefined;
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'olrd-vite-cache-'));
  afterAll(async () => {
    await server?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('loads the page once on a first visit and probes the backends without errors', async () => {
    // A fresh cache folder is a first visit: Vite has pre-bundled nothing yet.
    server = await createServer({
      root: APP_DIR,
      configFile: path.join(APP_DIR, 'vite.config.ts'),
      cacheDir,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1' },
    });
    await server.listen();
    const url = server.resolvedUrls!.local[0]!;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      let loads = 0;
      page.on('load', () => loads++);
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(url);
      await page.getByTestId('backends').locator('ul').waitFor({ timeout: 120_000 });
      // A late re-optimisation reloads a few seconds after the first load: give it the time.
      await page.waitForTimeout(5_000);
      expect(loads).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
