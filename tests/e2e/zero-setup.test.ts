/**
 * Zero set-up in the built UI: the first-run guide (language, currency, folders, first import from
 * the inbox → that month's review), the inbox picking up a file while the app runs, the notice for
 * files that arrived while it was closed, and the merchant table tab.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, ROOT, startWebApp, type WebApp } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');

let browser: Browser;
let app: WebApp | undefined;
let page: Page | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await page?.context().close();
  await app?.stop();
  app = page = undefined;
});

/** A data folder whose inbox already holds these samples, downloaded a while ago. */
function prepared(files: string[]): { dataDir: string; inboxDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'meisai-e2e-'));
  const inboxDir = join(dataDir, 'Downloads');
  mkdirSync(inboxDir);
  const old = new Date(Date.now() - 3_600_000);
  for (const f of files) {
    writeFileSync(join(inboxDir, f), readFileSync(join(SAMPLES, f)));
    utimesSync(join(inboxDir, f), old, old);
  }
  return { dataDir, inboxDir };
}

describe('zero set-up', () => {
  it('guides a new user from language to the first import and lands on that month’s review', async () => {
    const { dataDir: root, inboxDir } = prepared(['amex_jp_current.csv']);
    // As a user's first start: no --data-dir, the default folder (here inside `root`).
    app = await startWebApp(root, { firstRun: true, inboxDir, implicitDataDir: true });
    const dataDir = app.dataDir;
    page = await newPage(browser);
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=first-run]');
    expect(await page.textContent('#onb-title')).toBe('ようこそ、明細 Meisai へ');
    await page.click('[data-testid=onb-lang-en]');
    await expect.poll(() => page!.textContent('#onb-title')).toBe('Welcome to Meisai');
    await page.click('[data-testid=onb-next]');
    expect(await page.inputValue('[data-testid=onb-currency]')).toBe('JPY');
    await page.click('[data-testid=onb-next]');
    expect(await page.textContent('[data-testid=onb-data-dir]')).toBe(dataDir);
    expect(await page.textContent('[data-testid=onb-library]')).toContain(dataDir);
    // The ledger goes to a folder of the user's choice (e.g. a synced one), with the choices so far.
    const chosen = join(root, 'Synced', 'Meisai');
    await page.fill('[data-testid=onb-data-input]', chosen);
    await page.click('[data-testid=onb-data-use]');
    await page.waitForSelector('[data-testid=onb-data-moved]');
    await expect.poll(() => page!.textContent('[data-testid=onb-data-dir]')).toBe(chosen);
    await expect.poll(() => page!.textContent('[data-testid=onb-library]')).toContain(chosen);
    await page.click('[data-testid=onb-next]');
    // The file waiting in Downloads is offered with what Meisai detected.
    const offered = page.locator('[data-testid=inbox-file]');
    await expect.poll(() => offered.count(), { timeout: 15_000 }).toBe(1);
    expect(await offered.textContent()).toContain('amex_jp_current.csv');
    expect(await offered.textContent()).toContain('American Express (Japan)');
    await page.click('[data-testid=inbox-import]');
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    // Straight to the review of the imported month.
    await expect.poll(() => page!.textContent('h1'), { timeout: 15_000 }).toBe('Monthly review');
    await expect.poll(() => page!.locator('[data-testid=first-run]').count()).toBe(0);
    const saved = JSON.parse(readFileSync(join(chosen, 'settings.json'), 'utf8')) as { onboarded: boolean; locale: string };
    expect(saved).toMatchObject({ onboarded: true, locale: 'en' });
    expect(existsSync(join(chosen, 'meisai.sqlite'))).toBe(true);
    expect(readdirSync(join(chosen, 'library'), { recursive: true }).some((f) => String(f).endsWith('.csv'))).toBe(true);
    // A reload no longer shows the guide (the server now serves the chosen folder).
    await page.reload();
    await page.waitForSelector('nav');
    await expect.poll(() => page!.locator('h1').first().textContent()).not.toBe('Welcome to Meisai');
    expect(await page.locator('[data-testid=first-run]').count()).toBe(0);
    // Remembered: the default folder now points at the chosen one.
    expect(JSON.parse(readFileSync(join(dataDir, 'location.json'), 'utf8'))).toEqual({ dataDir: chosen });
  });

  it('offers a statement that is downloaded while the app is open, and imports it only when asked', async () => {
    app = await startWebApp();
    page = await newPage(browser);
    await page.goto(app.url);
    await page.click('[data-section=import]');
    await page.waitForSelector('[data-testid=inbox-empty]');
    const inboxDir = join(app.dataDir, 'test-downloads');
    // A browser writes the download under a partial name, then renames it.
    const bytes = readFileSync(join(SAMPLES, 'myjcb.csv'));
    writeFileSync(join(inboxDir, 'meisai.csv.crdownload'), bytes.subarray(0, 100));
    writeFileSync(join(inboxDir, 'meisai.csv.crdownload'), bytes);
    renameSync(join(inboxDir, 'meisai.csv.crdownload'), join(inboxDir, 'meisai.csv'));
    const offered = page.locator('[data-testid=inbox-file]');
    await expect.poll(() => offered.count(), { timeout: 20_000 }).toBe(1);
    expect(await offered.textContent()).toContain('MyJCB');
    // Nothing imported yet.
    expect(await page.locator('[data-testid=import-history] tbody tr').count()).toBe(0);
    await page.click('[data-testid=inbox-import]');
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await expect.poll(() => page!.locator('[data-testid=import-history] tbody tr').count()).toBe(1);
    // Imported: no longer offered.
    await expect.poll(() => offered.count(), { timeout: 10_000 }).toBe(0);
  });

  it('tells on start what arrived while the app was closed', async () => {
    const { dataDir, inboxDir } = prepared([]);
    // Meisai ran once (and looked at the folder), then was closed; two statements were downloaded.
    const first = await startWebApp(dataDir, { inboxDir });
    const firstPage = await newPage(browser);
    await firstPage.goto(first.url);
    await firstPage.click('[data-section=import]');
    await firstPage.waitForSelector('[data-testid=inbox-empty]');
    await firstPage.context().close();
    await first.halt();
    const old = new Date(Date.now() - 60_000);
    for (const f of ['saison_netanswer.csv', 'view_card.csv']) {
      writeFileSync(join(inboxDir, f), readFileSync(join(SAMPLES, f)));
      utimesSync(join(inboxDir, f), old, old);
    }
    app = await startWebApp(dataDir, { inboxDir });
    page = await newPage(browser);
    await page.goto(app.url);
    const notice = page.locator('[data-testid=inbox-notice]');
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    expect(await notice.textContent()).toContain('saison_netanswer.csv');
    expect(await notice.textContent()).toContain('view_card.csv');
    await page.click('[data-testid=inbox-notice-show]');
    await expect.poll(() => page!.locator('[data-testid=inbox-file]').count()).toBe(2);
    // Seen once: not told again on the next start.
    await page.reload();
    await page.click('[data-section=import]');
    // The panel's own scan has answered (the files are still offered), and no notice came.
    await expect.poll(() => page!.locator('[data-testid=inbox-file]').count()).toBe(2);
    expect(await notice.count()).toBe(0);
  });

  it('shows the merchant table; a line added there categorises the next import', async () => {
    app = await startWebApp();
    page = await newPage(browser);
    await page.goto(app.url);
    await page.click('[data-section=transactions]');
    await page.click('[data-testid=tab-knowledge]');
    await expect.poll(() => page!.locator('[data-testid=kn-row]').count()).toBeGreaterThan(150);
    await page.fill('[data-testid=kn-search]', 'ｾﾌﾞﾝ');
    await expect.poll(() => page!.locator('[data-testid=kn-row]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=kn-row]').first().textContent()).toContain('セブン');
    await page.fill('[data-testid=kn-new-pattern]', 'サンプル書店');
    await page.selectOption('[data-testid=kn-new-category]', { label: '教育' });
    await page.click('[data-testid=kn-add]');
    await page.fill('[data-testid=kn-search]', 'サンプル書店');
    await expect.poll(() => page!.locator('[data-testid=kn-row][data-source=user]').count()).toBe(1);
    // Import a sample that has サンプル書店: it arrives categorised.
    await page.click('[data-section=import]');
    await page.waitForSelector('[data-testid=dropzone]');
    const bytes = Array.from(readFileSync(join(SAMPLES, 'amex_jp_current.csv')));
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'amex.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid=dropzone]')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    const row = page.locator('[data-testid=tx-row]', { hasText: 'サンプル書店' }).first();
    await expect.poll(() => row.locator('[data-testid=row-category] option:checked').textContent()).toBe('教育');
  });
});
