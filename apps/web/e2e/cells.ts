/**
 * The e2e part for a cell other than the LRU: a GRU learns the copy task online with SnAp-1 on
 * wasm (OnlineLearner's tensor engine), the page keeps N = H and offers no online_full, the
 * charts render (no eigenvalue plane: a note instead), and `olrd grad` reads the checkpoint.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseSafetensors } from '@olrd/train';
import { configure, download, type Harness } from './browser.js';
import { chartsRendered, toIdle, waitUntilDone } from './checks.js';
import { gradWithCli } from './cli.js';
import { lossBeforeAfter, readMetrics } from './metrics.js';

const STEPS = 40;

export async function gruLearnsWithSnap1(
  h: Harness,
  summary: Record<string, unknown>,
  artifacts: string,
): Promise<void> {
  const { page } = h;
  await toIdle(h);
  await configure(page, { task: 'copy', cell: 'GRU' });
  // The GRU's output is its state: N follows H, and online_full needs the LRU.
  expect(await page.locator('#d-hidden').isDisabled()).toBe(true);
  expect(await page.locator('#rule-a option[value=online_full]').isDisabled()).toBe(true);
  expect(await page.locator('#rule-a').inputValue()).toBe('snap1');
  await configure(page, {
    'pattern-length': '2',
    'n-layers': '2',
    'd-model': '16',
    bsz: '16',
    lr: '0.03',
    seed: '1919',
    backend: 'wasm',
    'rule-a': 'snap1',
    'rule-b': 'none',
    execution: 'streaming',
    'max-steps': String(STEPS),
    'align-every': '10',
  });
  expect(await page.locator('#d-hidden').inputValue()).toBe('16');
  const t0 = Date.now();
  await page.click('#start');
  await waitUntilDone(h, 120_000);
  summary['gru snap1 seconds'] = (Date.now() - t0) / 1000;
  expect(await page.getByTestId('status').innerText()).toContain('2×GRU H=16 N=16');
  await chartsRendered(h, true, 'GRU');
  await page.screenshot({ path: path.join(artifacts, 'gru.png'), fullPage: true });

  const lines = readMetrics(await download(page, '#metrics', h.scratch));
  const loss = lossBeforeAfter(lines, 'snap1', 5);
  summary['wasm GRU snap1'] = loss;
  expect(loss.steps).toBe(STEPS);
  expect(lines.every((l) => l.execution === 'streaming')).toBe(true);
  // Below ln 2 = 0.693 per bit needs memory of the pattern: the recurrence learnt.
  expect(loss.after).toBeLessThan(loss.before - 0.04);
  summary['wasm GRU snap1 alignment'] = lines
    .filter((l) => l.alignment)
    .map((l) => Number(l.alignment!.cosine.toFixed(3)));

  const checkpoint = await download(page, '#checkpoint-0', h.scratch);
  expect(path.basename(checkpoint)).toBe(`olrd-web-snap1-step${STEPS}.safetensors`);
  const stored = parseSafetensors(readFileSync(checkpoint));
  expect(JSON.parse(stored.metadata['model_config']!)).toMatchObject({
    layerCls: 'GRU',
    dModel: 16,
    dHidden: 16,
  });
  expect(stored.tensors['layers.1.rec.W_hn']?.shape).toEqual([16, 16]);
  summary['olrd grad GRU'] = await gradWithCli(checkpoint, 'snap1', 2, h.scratch);
  await toIdle(h);
  await configure(page, { cell: 'LRU' });
}
