/**
 * End to end, in a real browser: the built app learns online on wasm (streaming online_full beside
 * bptt) and on webgpu, draws its charts, pauses and resumes, saves a checkpoint that `olrd grad`
 * reads and that the app continues from with its optimiser state, reports a bad file, learns the
 * drifting stream prequentially and runs copy-repeat and ListOps. Screenshots and a summary go to
 * e2e/artifacts/ (gitignored).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '@olrd/train';
import {
  APP_DIR,
  CHROMIUM,
  chromiumPresent,
  configure,
  download,
  openApp,
  shownErrors,
  status,
  type Harness,
} from './browser.js';
import { chartsRendered, legendValues, toIdle, waitUntilDone } from './checks.js';
import { chartsRespond, settingsLinkRoundTrips } from './charts.js';
import { gruLearnsWithSnap1 } from './cells.js';
import { gradWithCli } from './cli.js';
import { lossBeforeAfter, readMetrics } from './metrics.js';

const ARTIFACTS = path.join(APP_DIR, 'e2e/artifacts');
// CI sets this: there a missing browser or WebGPU adapter fails instead of skipping.
const REQUIRED = process.env['OLRD_REQUIRE_WEBGPU'] === '1';
const PRESENT = chromiumPresent();
const summary: Record<string, unknown> = {};

const FASHION_DIR = process.env['OLRD_FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';
const FASHION_FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'].map((f) =>
  path.join(FASHION_DIR, f),
);

/** A small model that visibly learns the copy task within a few dozen steps. */
const SMALL = {
  task: 'copy',
  'pattern-length': '5',
  'n-layers': '2',
  'd-model': '32',
  'd-hidden': '16',
  bsz: '16',
  lr: '0.01',
  seed: '1919',
};

if (!PRESENT)
  console.warn(`[olrd web e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

it.runIf(!PRESENT && REQUIRED)('has Chromium (required where OLRD_REQUIRE_WEBGPU=1)', () => {
  throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
});

describe.skipIf(!PRESENT)('the web app in Chromium', () => {
  let h: Harness;
  const started = Date.now();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await openApp();
    try {
      await h.page.getByTestId('backends').locator('ul').waitFor({ timeout: 60_000 });
    } catch (error) {
      const shown = await shownErrors(h.page);
      throw new Error(
        `the backend probe did not finish: ${String(error)}\n` +
          `shown errors: ${JSON.stringify(shown)}\npage errors: ${JSON.stringify(h.pageErrors)}\n` +
          `console errors: ${JSON.stringify(h.consoleErrors)}`,
      );
    }
    summary['backends'] = await h.page.getByTestId('backends').innerText();
  });

  afterAll(async () => {
    summary['seconds'] = (Date.now() - started) / 1000;
    summary['console errors'] = h?.consoleErrors ?? [];
    // .jsonl: one line, and a name the repository's `prettier --check .` leaves alone.
    writeFileSync(path.join(ARTIFACTS, 'e2e-summary.jsonl'), `${JSON.stringify(summary)}\n`);
    console.log('[olrd web e2e]', JSON.stringify(summary));
    await h?.close();
  });

  it('learns online on wasm, streaming online_full beside bptt, with pause and resume', async () => {
    const { page } = h;
    await configure(page, {
      ...SMALL,
      backend: 'wasm',
      'rule-a': 'online_full',
      'rule-b': 'bptt',
      execution: 'streaming',
      'max-steps': '40',
      'align-every': '5',
    });
    await page.click('#start');
    await expect
      .poll(async () => (await status(page)).step, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(5);
    await page.click('#pause');
    await expect.poll(async () => (await status(page)).status).toBe('paused');
    await page.waitForTimeout(800); // the step in flight when pausing may still land
    const pausedAt = (await status(page)).step;
    await page.waitForTimeout(800);
    expect((await status(page)).step).toBe(pausedAt);
    expect(pausedAt).toBeLessThan(40);
    await page.click('#resume');
    await waitUntilDone(h, 90_000);
    await chartsRendered(h);
    summary['loss chart'] = await chartsRespond(h);
    expect(await page.getByTestId('tokens-0').innerText()).toMatch(/[1-9][\d,]* tokens\/s/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wasm.png'), fullPage: true });

    const lines = readMetrics(await download(page, '#metrics', h.scratch));
    expect(lines.every((l) => l.backend === 'wasm')).toBe(true);
    for (const rule of ['online_full', 'bptt']) {
      const loss = lossBeforeAfter(lines, rule, 5);
      summary[`wasm ${rule}`] = loss;
      expect(loss.steps).toBe(40);
      expect(loss.after).toBeLessThan(loss.before - 0.05);
    }
    const aligned = lines.filter((l) => l.rule === 'online_full' && l.alignment);
    expect(aligned.length).toBe(8);
    for (const l of aligned) expect(l.alignment!.cosine).toBeGreaterThan(0.5);
    summary['wasm online_full alignment'] = aligned.map((l) =>
      Number(l.alignment!.cosine.toFixed(3)),
    );
    expect(lines.find((l) => l.rule === 'online_full')!.execution).toBe('streaming');
  });

  it('keeps the settings in a link that opens them again; a bad value is told by its label', () =>
    settingsLinkRoundTrips(h));

  it('saves a checkpoint that olrd grad reads, and continues learning from it', async () => {
    const { page } = h;
    const checkpoint = await download(page, '#checkpoint-0', h.scratch);
    expect(path.basename(checkpoint)).toBe('olrd-web-online_full-step40.safetensors');
    const stored = parseSafetensors(readFileSync(checkpoint));
    expect(stored.tensors['layers.1.rec.B_re']?.shape).toEqual([16, 32]);
    expect(JSON.parse(stored.metadata['train_config']!)).toMatchObject({
      trainingMode: 'online_full',
      copyPatternLength: 5,
    });
    // Adam's state rides along in the metadata (the CLI reads only the parameters).
    expect(stored.metadata['optimizer_state']?.length).toBeGreaterThan(1000);

    summary['olrd grad'] = await gradWithCli(checkpoint, 'online_full', 5, h.scratch);

    const firstRun = readMetrics(await download(page, '#metrics', h.scratch));
    await page.click('#reset');
    await expect.poll(async () => (await status(page)).status).toBe('idle');
    await page.setInputFiles('#checkpoint-file', checkpoint);
    await expect.poll(() => page.getByTestId('checkpoint-name').innerText()).toContain('step40');
    await configure(page, { 'rule-b': 'none', 'max-steps': '5' });
    await page.click('#start');
    await waitUntilDone(h, 60_000);
    expect(await page.getByTestId('status').innerText()).toContain(
      'from olrd-web-online_full-step40.safetensors (optimiser state resumed)',
    );
    const resumed = readMetrics(await download(page, '#metrics', h.scratch));
    const fresh = lossBeforeAfter(firstRun, 'online_full', 5).before;
    const continued = lossBeforeAfter(resumed, 'online_full', 5).before;
    summary['continued from checkpoint'] = { freshFirst5: fresh, continuedFirst5: continued };
    expect(continued).toBeLessThan(fresh - 0.05);
  });

  it('shows a bad checkpoint file as an error', async () => {
    const { page } = h;
    await page.click('#reset');
    await expect.poll(async () => (await status(page)).status).toBe('idle');
    await page.setInputFiles('#checkpoint-file', {
      name: 'bad.safetensors',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is not a checkpoint'),
    });
    await expect
      .poll(() => page.getByTestId('checkpoint-name').innerText())
      .toContain('bad.safetensors');
    await page.click('#start');
    await expect.poll(() => shownErrors(page), { timeout: 30_000 }).toHaveLength(1);
    const [error] = await shownErrors(page);
    expect(error).toMatch(/bad\.safetensors: not a safetensors checkpoint/);
    expect((await status(page)).status).toBe('idle');
    await page.locator('[data-testid=errors] button').click();
    await page.getByTestId('checkpoint-name').getByRole('button').click();
    expect(h.pageErrors).toEqual([]);
  });

  it('learns with a GRU and SnAp-1 on wasm; olrd grad reads its checkpoint', () =>
    gruLearnsWithSnap1(h, summary, ARTIFACTS));

  it('learns Fashion-MNIST row by row from IDX files the person picks', async ({ skip }) => {
    if (!FASHION_FILES.every((file) => existsSync(file))) {
      const missing = `no Fashion-MNIST IDX files in ${FASHION_DIR} (apt-get install dataset-fashion-mnist)`;
      if (process.env['OLRD_REQUIRE_DATA'] === '1') throw new Error(missing);
      console.warn(`[olrd web e2e] Fashion-MNIST part skipped: ${missing}`);
      skip(missing);
    }
    const { page } = h;
    await configure(page, { task: 'fashion-mnist' });
    await page.setInputFiles('#data-files', FASHION_FILES);
    await expect
      .poll(() => page.getByTestId('data-files').innerText(), { timeout: 30_000 })
      .toContain('train-labels-idx1-ubyte.gz');
    const { 'pattern-length': _copyOnly, ...model } = SMALL;
    await configure(page, {
      ...model,
      task: 'fashion-mnist',
      backend: 'wasm',
      'rule-a': 'online_full',
      'rule-b': 'bptt',
      execution: 'streaming',
      'max-steps': '30',
      'align-every': '10',
      bsz: '32',
    });
    await page.click('#start');
    await waitUntilDone(h, 120_000);
    expect(await page.getByTestId('status').innerText()).toContain('Fashion-MNIST rows: T=28');
    await chartsRendered(h);
    await page.screenshot({ path: path.join(ARTIFACTS, 'fashion-mnist.png'), fullPage: true });
    const lines = readMetrics(await download(page, '#metrics', h.scratch));
    for (const rule of ['online_full', 'bptt']) {
      const loss = lossBeforeAfter(lines, rule, 5);
      summary[`fashion-mnist ${rule}`] = loss;
      expect(loss.after).toBeLessThan(loss.before - 0.1);
    }
    await page.click('#reset');
    await expect.poll(async () => (await status(page)).status).toBe('idle');
  });

  it('learns the drifting stream prequentially on wasm, two online rules side by side', async () => {
    const { page } = h;
    await toIdle(h);
    await configure(page, { task: 'drift' });
    // bptt cannot learn an endless sequence: the page offers only the online rules.
    expect(await page.locator('#rule-a option[value=bptt]').isDisabled()).toBe(true);
    const { 'pattern-length': _copyOnly, ...model } = SMALL;
    await configure(page, {
      ...model,
      task: 'drift',
      backend: 'wasm',
      'rule-a': 'online_full',
      'rule-b': 'online_spatial',
      bsz: '1',
      lr: '0.003',
      'switch-every': '1000',
      'update-every': '1',
      'max-steps': '1200',
    });
    const t0 = Date.now();
    await page.click('#start');
    await waitUntilDone(h, 120_000);
    summary['drift seconds'] = (Date.now() - t0) / 1000;
    const line = await page.getByTestId('status').innerText();
    expect(line).toContain('drifting stream: 1 stream, switch every 1000, update every 1');
    expect(line).toContain('stream step 1,200 · regime 2');
    await chartsRendered(h, false);
    expect(await page.getByTestId('alignment-unavailable').innerText()).toMatch(/endless/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'drift.png'), fullPage: true });
    const lines = readMetrics(await download(page, '#metrics', h.scratch));
    const full = lines.filter((l) => l.rule === 'online_full');
    expect(full.map((l) => l.step)).toEqual(Array.from({ length: 12 }, (_, i) => 100 * (i + 1)));
    const beforeSwitch = full.find((l) => l.step === 1000)!;
    summary['drift online_full prequential accuracy at 1000, 1200'] = [
      beforeSwitch.accuracy,
      full.at(-1)!.accuracy,
    ];
    // Chance is 50%: the recurrence has to remember x_{t−2}.
    expect(beforeSwitch.accuracy).toBeGreaterThan(0.75);
    expect(full.at(-1)!.regime).toBe(1);
  });

  it('climbs the copy-repeat curriculum and learns generated ListOps', async () => {
    const { page } = h;
    await toIdle(h);
    await configure(page, { task: 'copy-repeat' });
    const { 'pattern-length': _copyOnly, ...model } = SMALL;
    await configure(page, {
      ...model,
      task: 'copy-repeat',
      backend: 'wasm',
      'rule-a': 'online_full',
      'rule-b': 'bptt',
      execution: 'streaming',
      'max-steps': '60',
      'align-every': '10',
    });
    await page.click('#start');
    await waitUntilDone(h, 90_000);
    await chartsRendered(h);
    // The step, then each learner's T (no smoothing on the curriculum).
    expect(await legendValues(h, 'curriculum-chart')).toHaveLength(3);
    expect(await page.getByTestId('level-0').innerText()).toMatch(/level N=\d+ R=\d+ \(T=\d+\)/);
    const repeats = readMetrics(await download(page, '#metrics', h.scratch));
    const reached = ['online_full', 'bptt'].map(
      (rule) => repeats.filter((l) => l.rule === rule).at(-1)!.level!,
    );
    summary['copy-repeat levels after 60 steps'] = reached;
    expect(repeats.every((l) => l.level && l.seqLength >= 5)).toBe(true);
    // Both solved the first level (N = 1, R = 1: below 0.15 bits per output) and moved on.
    for (const level of reached) expect(level['patternLength']).toBeGreaterThanOrEqual(2);

    await toIdle(h);
    await configure(page, { task: 'listops' });
    await configure(page, { 'listops-length': '24', 'rule-b': 'none', 'max-steps': '80' });
    await page.click('#start');
    await waitUntilDone(h, 120_000);
    expect(await page.getByTestId('status').innerText()).toContain('ListOps: 13–23 tokens, T=24');
    const listops = readMetrics(await download(page, '#metrics', h.scratch));
    const learnt = lossBeforeAfter(listops, 'online_full', 10);
    summary['listops online_full'] = learnt;
    expect(listops).toHaveLength(80);
    // Learning, not just running: the loss of the last 10 steps is clearly below the first 10's.
    expect(learnt.after).toBeLessThan(learnt.before - 0.1);
    await toIdle(h);
  });

  it('learns on webgpu', async ({ skip }) => {
    const { page } = h;
    const webgpu = page.locator('[data-backend=webgpu]');
    if ((await webgpu.getAttribute('data-available')) !== 'true') {
      const note = await page.getByTestId('webgpu-note').innerText();
      summary['webgpu'] = `unavailable: ${note}`;
      if (REQUIRED) throw new Error(`WebGPU is unavailable in headless Chromium: ${note}`);
      console.warn(`[olrd web e2e] webgpu part skipped: ${note}`);
      skip(note);
    }
    summary['webgpu adapter'] = await webgpu.innerText();
    // SwiftShader runs each dispatch on the CPU: sequence execution, one rule, a few steps.
    await configure(page, {
      ...SMALL,
      backend: 'webgpu',
      'rule-a': 'online_full',
      'rule-b': 'none',
      execution: 'sequence',
      'max-steps': '24',
      'align-every': '5',
    });
    const t0 = Date.now();
    await page.click('#start');
    await waitUntilDone(h, 150_000);
    summary['webgpu seconds'] = (Date.now() - t0) / 1000;
    expect(await page.getByTestId('status').innerText()).toContain('· webgpu ·');
    await chartsRendered(h);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webgpu.png'), fullPage: true });
    const lines = readMetrics(await download(page, '#metrics', h.scratch));
    const loss = lossBeforeAfter(lines, 'online_full', 3);
    summary['webgpu online_full'] = loss;
    expect(lines.every((l) => l.backend === 'webgpu')).toBe(true);
    expect(loss.after).toBeLessThan(loss.before - 0.05);
    expect(h.pageErrors).toEqual([]);
  });

  it('logged no console error and no uncaught page error in the whole session', () => {
    expect(h.pageErrors).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
