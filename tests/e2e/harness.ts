/**
 * End-to-end harness: web mode on a fresh temporary data directory, driven in Debian's Chromium
 * through playwright-core (no browser download, ever).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebApp {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Stop the server and remove its data. */
  stop(): Promise<void>;
  /** Stop the server, keeping its data (to start it again on the same folder). */
  halt(): Promise<void>;
}

/**
 * `firstRun`: leave the first-run guide on (other tests start past it). The inbox watches a folder
 * of the test's own (`inboxDir`), never the machine's Downloads. `implicitDataDir`: no --data-dir;
 * the app finds its default folder inside `dataDir` (XDG_CONFIG_HOME), as a user's first start does.
 */
export async function startWebApp(dataDir = mkdtempSync(join(tmpdir(), 'meisai-e2e-')), options: { firstRun?: boolean; inboxDir?: string; implicitDataDir?: boolean } = {}): Promise<WebApp> {
  const root = dataDir;
  if (options.implicitDataDir) dataDir = join(root, 'Meisai');
  mkdirSync(dataDir, { recursive: true });
  const settingsFile = join(dataDir, 'settings.json');
  if (!options.firstRun && !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ onboarded: true }));
  const inboxDir = options.inboxDir ?? join(dataDir, 'test-downloads');
  mkdirSync(inboxDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, MEISAI_DOWNLOADS_DIR: inboxDir };
  delete env.MEISAI_DATA_DIR;
  if (options.implicitDataDir) env.XDG_CONFIG_HOME = root;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'web', 'main.ts'), ...(options.implicitDataDir ? [] : ['--data-dir', dataDir])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web mode did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`web mode exited with ${code}: ${stderr}`)));
  });
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return {
    url,
    dataDir,
    process: child,
    stop: async () => {
      await halt();
      rmSync(root, { recursive: true, force: true });
    },
    halt,
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium fonts-ipafont-gothic\` (or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser: Browser, locale = 'ja-JP'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  return context.newPage();
}

/**
 * One browser per test file and a fresh web-mode app (own data directory) per test. `ready` runs
 * once the page is open, e.g. to import fixtures; it receives the page and the app.
 */
export function useWebAppPerTest(ready: (page: Page, app: WebApp) => Promise<void>): void {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startWebApp();
    page = await newPage(browser!);
    await page.goto(app.url);
    await ready(page, app);
  });
  afterEach(async () => {
    await page?.context().close();
    await app?.stop();
  });
}
