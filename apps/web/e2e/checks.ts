/** Checks the e2e tests share: a run finishing, resetting, the charts having drawn. */
import { expect } from 'vitest';
import { shownErrors, status, type Harness } from './browser.js';

export async function waitUntilDone(h: Harness, timeout: number): Promise<void> {
  await expect
    .poll(async () => (await status(h.page)).status, { timeout, interval: 250 })
    .toMatch(/done|idle/);
  expect(await shownErrors(h.page)).toEqual([]);
  expect((await status(h.page)).status).toBe('done');
}

/** Resets a finished run (the button is disabled when nothing ran). */
export async function toIdle(h: Harness): Promise<void> {
  if ((await status(h.page)).status === 'idle') return;
  await h.page.click('#reset');
  await expect.poll(async () => (await status(h.page)).status).toBe('idle');
}

/**
 * A uPlot chart drew points: its canvas is there, it holds data, and its legend (off the chart:
 * each series' latest value) shows a number for the first series.
 */
export async function chartDrawn(h: Harness, testId: string): Promise<void> {
  const chart = h.page.getByTestId(testId);
  expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
  expect(await legendValues(h, testId)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^-?\d/)]),
  );
}

/** The values the legend of a chart shows, x first (uPlot's `.u-value` cells). */
export function legendValues(h: Harness, testId: string): Promise<string[]> {
  return h.page.locator(`[data-testid=${testId}] .u-legend .u-value`).allInnerTexts();
}

/** The charts drew; the recurrence view as the cell has it (LRU eigenvalues, RNN ρ(A), a note). */
export async function chartsRendered(
  h: Harness,
  alignment = true,
  cell: 'LRU' | 'RNN' | 'GRU' | 'LSTM' = 'LRU',
): Promise<void> {
  for (const id of ['loss-chart', 'accuracy-chart', ...(alignment ? ['alignment-chart'] : [])])
    await chartDrawn(h, id);
  if (cell === 'LRU') {
    // 2 layers × 16 eigenvalues, now and at the start.
    expect(
      await h.page
        .locator('[data-testid=eigen-chart] circle, [data-testid=eigen-chart] rect')
        .count(),
    ).toBeGreaterThan(32);
  } else if (cell === 'RNN') {
    await chartDrawn(h, 'radius-chart');
  } else {
    expect(await h.page.getByTestId('recurrence-note').innerText()).toContain(`No spectrum`);
    expect(await h.page.getByTestId('eigen-chart').count()).toBe(0);
  }
  if (alignment)
    expect(await h.page.locator('[data-testid=alignment-bars] rect').count()).toBeGreaterThan(0);
  expect(await h.page.locator('[data-testid=memory-panel] rect').count()).toBeGreaterThanOrEqual(2);
}
