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

/** The charts drew; the recurrence view as the cell has it (LRU eigenvalues, RNN ρ(A), a note). */
export async function chartsRendered(
  h: Harness,
  alignment = true,
  cell: 'LRU' | 'RNN' | 'GRU' | 'LSTM' = 'LRU',
): Promise<void> {
  for (const id of ['loss-chart', 'accuracy-chart', ...(alignment ? ['alignment-chart'] : [])])
    expect(await h.page.locator(`[data-testid=${id}] path.series`).count()).toBeGreaterThan(0);
  if (cell === 'LRU') {
    // 2 layers × 16 eigenvalues, now and at the start.
    expect(
      await h.page
        .locator('[data-testid=eigen-chart] circle, [data-testid=eigen-chart] rect')
        .count(),
    ).toBeGreaterThan(32);
  } else if (cell === 'RNN') {
    expect(await h.page.locator('[data-testid=radius-chart] path.series').count()).toBeGreaterThan(
      0,
    );
  } else {
    expect(await h.page.getByTestId('recurrence-note').innerText()).toContain(`No spectrum`);
    expect(await h.page.getByTestId('eigen-chart').count()).toBe(0);
  }
  if (alignment)
    expect(await h.page.locator('[data-testid=alignment-bars] rect').count()).toBeGreaterThan(0);
  expect(await h.page.locator('[data-testid=memory-panel] rect').count()).toBeGreaterThanOrEqual(2);
}
