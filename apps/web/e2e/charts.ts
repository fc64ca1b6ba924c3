/**
 * The e2e parts for the charts and the settings: the loss chart reads values under the cursor,
 * zooms on a drag and resets on a double-click, redraws on a log scale and with or without
 * smoothing; the page's settings link opens the same settings in a new tab, and a bad value in a
 * link (or the form) is told by the form's label and replaced by the default.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { shownErrors, status, type Harness } from './browser.js';
import { chartDrawn, legendValues } from './checks.js';

/** Moves the mouse to a fraction of the way across a chart's plotting area. */
async function pointAt(page: Page, testId: string, fraction: number): Promise<[number, number]> {
  const box = await page.locator(`[data-testid=${testId}] .u-over`).boundingBox();
  if (!box) throw new Error(`${testId} has no plotting area`);
  return [box.x + box.width * fraction, box.y + box.height / 2];
}

/** Checks the loss chart's readout, zoom, log scale and smoothing; returns the hover readout. */
export async function chartsRespond(h: Harness): Promise<string[]> {
  const { page } = h;
  const chart = page.getByTestId('loss-chart');
  const steps = Number(await chart.getAttribute('data-points'));
  // Off the chart: the latest step (the run's last), then each series' latest loss.
  expect((await legendValues(h, 'loss-chart'))[0]).toBe(String(steps));
  await page.mouse.move(...(await pointAt(page, 'loss-chart', 0.4)));
  // Under the cursor: its step, then each series' loss there.
  await expect
    .poll(async () => Number((await legendValues(h, 'loss-chart'))[0]))
    .toBeLessThan(0.6 * steps);
  const readout = await legendValues(h, 'loss-chart');
  for (const value of readout.slice(1)) expect(value).toMatch(/^\d+\.\d+$/);

  const [x0, y] = await pointAt(page, 'loss-chart', 0.2);
  const [x1] = await pointAt(page, 'loss-chart', 0.6);
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move(x1, y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => chart.getAttribute('data-zoomed')).toBe('true');
  await page.mouse.dblclick(x1, y);
  await expect.poll(() => chart.getAttribute('data-zoomed')).toBe('false');
  await page.mouse.move(0, 0);

  // Smoothing off: one curve per learner (step + 2 values); on: raw and smoothed (step + 4).
  await page.locator('#smoothing').fill('0');
  await expect.poll(async () => (await legendValues(h, 'loss-chart')).length).toBe(3);
  await page.locator('#smoothing').fill('0.9');
  await expect.poll(async () => (await legendValues(h, 'loss-chart')).length).toBe(5);
  await page.locator('#log-loss').check();
  await chartDrawn(h, 'loss-chart');
  await page.locator('#log-loss').uncheck();
  await page.locator('#smoothing').fill('0.6');
  return readout;
}

/** Opens `url` in a new tab of the same browser, its errors counted with the session's. */
async function openTab(h: Harness, url: string): Promise<Page> {
  const page = await h.context.newPage();
  page.on('pageerror', (error) => h.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') h.consoleErrors.push(message.text());
  });
  await page.goto(url);
  await page.locator('#d-model').waitFor();
  return page;
}

export async function settingsLinkRoundTrips(h: Harness): Promise<void> {
  const link = await h.page.locator('#settings-link').getAttribute('href');
  expect(link).toContain('dModel=32');
  const shared = await openTab(h, link!);
  try {
    // The first test's settings, as the link carries them.
    for (const [id, value] of Object.entries({
      'd-model': '32',
      'd-hidden': '16',
      'pattern-length': '5',
      lr: '0.01',
      'max-steps': '40',
      'align-every': '5',
      'rule-b': 'bptt',
      backend: 'wasm',
    }))
      expect([id, await shared.locator(`#${id}`).inputValue()]).toEqual([id, value]);
    expect(await shownErrors(shared)).toEqual([]);
  } finally {
    await shared.close();
  }

  const base = link!.split('?')[0]!;
  const bad = await openTab(h, `${base}?dModel=abc&bsz=8&logLoss=1`);
  try {
    await expect.poll(() => shownErrors(bad)).toHaveLength(1);
    const [linkError, ...others] = await shownErrors(bad);
    expect(others).toEqual([]);
    expect(linkError).toMatch(/^settings link:\s+d_model \(H\) must be a positive integer/);
    expect(linkError).toContain("got 'abc': using the default, 64");
    expect(await bad.locator('#d-model').inputValue()).toBe('64');
    expect(await bad.locator('#bsz').inputValue()).toBe('8');
    expect(await bad.locator('#log-loss').isChecked()).toBe(true);
    // The address now holds what the form shows: the bad value is gone.
    expect(bad.url()).toMatch(/\?bsz=8&logLoss=1$/);
    await bad.locator('[data-testid=errors] button').click();

    // The form's own check, before anything reaches the worker.
    await bad.locator('#d-model').fill('0');
    await bad.click('#start');
    const shown = await shownErrors(bad);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^settings:\s+d_model \(H\) must be a positive integer, got 0/);
    expect((await status(bad)).status).toBe('idle');

    // "defaults": every field back, and nothing left in the address.
    await bad.click('#default-settings');
    await expect.poll(() => bad.locator('#d-model').inputValue()).toBe('64');
    expect(await bad.locator('#bsz').inputValue()).toBe('32');
    expect(await bad.locator('#log-loss').isChecked()).toBe(false);
    expect(new URL(bad.url()).search).toBe('');
  } finally {
    await bad.close();
  }
}
