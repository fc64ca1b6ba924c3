/**
 * The e2e harness: build the app, serve it on 127.0.0.1, and drive Debian's Chromium with
 * playwright-core (flags from spec 4; --enable-unsafe-webgpu gives a SwiftShader adapter).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './static-server.js';

export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(APP_DIR, '../..');
export const CHROMIUM = process.env['OLRD_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

const run = promisify(execFile);

export interface Harness {
  page: Page;
  server: StaticServer;
  context: BrowserContext;
  /** Scratch folder for downloads and batch files. */
  scratch: string;
  /** Uncaught errors of the page and its worker. */
  pageErrors: string[];
  /** What the page logged with console.error. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** `vite build` into a fresh folder (never the package's dist); returns the folder. */
export async function buildApp(outDir: string): Promise<void> {
  const vite = path.join(APP_DIR, 'node_modules/vite/bin/vite.js');
  await run(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: APP_DIR,
    },
  );
}

/** Builds, serves and opens the app in a fresh Chromium profile. */
export async function openApp(): Promise<Harness> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'olrd-web-e2e-'));
  const dist = path.join(scratch, 'dist');
  await buildApp(dist);
  const server = await serveStatic(dist);
  const context = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(server.url);
  return {
    page,
    server,
    context,
    scratch,
    pageErrors,
    consoleErrors,
    async close() {
      await context.close();
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export const chromiumPresent = (): boolean => existsSync(CHROMIUM);

/** The settings the e2e uses, by control id. */
export async function configure(page: Page, values: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(values)) {
    const control = page.locator(`#${id}`);
    const tag = await control.evaluate((el) => el.tagName);
    if (tag === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}

/** Clicks a download button and saves the file under `dir`; returns its path. */
export async function download(page: Page, selector: string, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

/** The status line's state and step. */
export async function status(page: Page): Promise<{ status: string; step: number }> {
  const line = page.getByTestId('status');
  return {
    status: (await line.getAttribute('data-status')) ?? '',
    step: Number(await line.getAttribute('data-step')),
  };
}

/** The errors the page shows (empty when none). */
export async function shownErrors(page: Page): Promise<string[]> {
  const errors = page.locator('[data-testid=errors] .error');
  return errors.allInnerTexts();
}
