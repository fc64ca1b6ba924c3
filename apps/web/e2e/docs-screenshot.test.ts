/**
 * Regenerates docs/img/web.png: a longer run of the app's default model (copy task P = 10,
 * 2 × LRU, H = 64, N = 32) with online_full streaming beside online_spatial on wasm, 300 steps.
 * Skipped unless OLRD_WEB_DOCS_SCREENSHOT=1 (about a minute):
 *   OLRD_WEB_DOCS_SCREENSHOT=1 pnpm --filter @olrd/web exec vitest run e2e/docs-screenshot
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_DIR, chromiumPresent, configure, openApp, shownErrors, status } from './browser.js';

const WANTED = process.env['OLRD_WEB_DOCS_SCREENSHOT'] === '1';
const STEPS = process.env['OLRD_WEB_DOCS_STEPS'] ?? '300';

it.runIf(WANTED && chromiumPresent())(
  'screenshots a longer run for docs/img/web.png',
  async () => {
    const h = await openApp();
    try {
      await h.page.getByTestId('backends').locator('ul').waitFor({ timeout: 60_000 });
      await configure(h.page, {
        backend: 'wasm',
        'rule-a': 'online_full',
        'rule-b': 'online_spatial',
        execution: 'streaming',
        'max-steps': STEPS,
        'align-every': '10',
      });
      await h.page.click('#start');
      await expect
        .poll(async () => (await status(h.page)).status, { timeout: 1_500_000, interval: 1000 })
        .toBe('done');
      expect(await shownErrors(h.page)).toEqual([]);
      await h.page.waitForTimeout(300);
      await h.page.screenshot({ path: path.join(REPO_DIR, 'docs/img/web.png'), fullPage: true });
    } finally {
      await h.close();
    }
  },
  1_800_000,
);
