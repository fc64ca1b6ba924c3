/**
 * Regenerates the web app's pictures in docs/img from a longer run of the app's default model
 * (copy task P = 10, 2 × LRU, H = 64, N = 32) with online_full streaming beside online_spatial on
 * wasm, 300 steps:
 * - web.png: the whole page;
 * - web-loss-readout.png: the loss chart, smoothed over the faint raw curves, with the cursor's
 *   readout in its legend;
 * - web-loss-zoom.png: the same chart on a log scale, zoomed into the second half of the run.
 * Skipped unless OLRD_WEB_DOCS_SCREENSHOT=1 (a few minutes):
 *   OLRD_WEB_DOCS_SCREENSHOT=1 pnpm --filter @olrd/web exec vitest run e2e/docs-screenshot
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_DIR, chromiumPresent, configure, openApp, shownErrors, status } from './browser.js';

const WANTED = process.env['OLRD_WEB_DOCS_SCREENSHOT'] === '1';
const STEPS = process.env['OLRD_WEB_DOCS_STEPS'] ?? '300';
const image = (name: string) => path.join(REPO_DIR, 'docs/img', name);

/** The point `fraction` of the way across the loss chart's plotting area, half way up. */
async function acrossLoss(page: Page, fraction: number): Promise<[number, number]> {
  const box = await page.locator('[data-testid=loss-chart] .u-over').boundingBox();
  if (!box) throw new Error('the loss chart has no plotting area');
  return [box.x + box.width * fraction, box.y + box.height / 2];
}

it.runIf(WANTED && chromiumPresent())(
  'screenshots a longer run for docs/img/web*.png',
  async () => {
    const h = await openApp();
    try {
      const { page } = h;
      await page.getByTestId('backends').locator('ul').waitFor({ timeout: 60_000 });
      await configure(page, {
        backend: 'wasm',
        'rule-a': 'online_full',
        'rule-b': 'online_spatial',
        execution: 'streaming',
        'max-steps': STEPS,
        'align-every': '10',
      });
      await page.click('#start');
      await expect
        .poll(async () => (await status(page)).status, { timeout: 1_500_000, interval: 1000 })
        .toBe('done');
      expect(await shownErrors(page)).toEqual([]);
      await page.waitForTimeout(300);
      await page.screenshot({ path: image('web.png'), fullPage: true });

      const chart = page.getByTestId('loss-chart');
      await page.mouse.move(...(await acrossLoss(page, 0.35)));
      await page.waitForTimeout(200);
      await chart.screenshot({ path: image('web-loss-readout.png') });

      await page.locator('#log-loss').check();
      const [from, y] = await acrossLoss(page, 0.5);
      const [to] = await acrossLoss(page, 1);
      await page.mouse.move(from, y);
      await page.mouse.down();
      await page.mouse.move(to - 1, y, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => chart.getAttribute('data-zoomed')).toBe('true');
      await page.mouse.move(...(await acrossLoss(page, 0.6)));
      await page.waitForTimeout(200);
      await chart.screenshot({ path: image('web-loss-zoom.png') });
    } finally {
      await h.close();
    }
  },
  1_800_000,
);
