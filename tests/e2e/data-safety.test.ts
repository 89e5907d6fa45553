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

/**
 * For every text node under `selector` holding U+202E (RIGHT-TO-LEFT OVERRIDE): is the override
 * kept from reordering anything but the hostile value it belongs to? Either it sits between FIRST
 * STRONG ISOLATE and POP DIRECTIONAL ISOLATE inside the text, or the nearest element that isolates
 * it (unicode-bidi isolate, or a box of its own) holds nothing but one of `values`.
 */
async function overridesIsolated(p: Page, selector: string, values: string[]): Promise<boolean[]> {
  return p.evaluate(([sel, vals]) => {
    const enclosed = (text: string) => {
      let depth = 0;
      for (const ch of text) {
        if (ch === '\u2068') depth++;
        else if (ch === '\u2069') depth = Math.max(0, depth - 1);
        else if (ch === '\u202e' && depth === 0) return false;
      }
      return true;
    };
    const isolates = (e: Element) => {
      const st = getComputedStyle(e);
      return ['isolate', 'isolate-override', 'plaintext'].includes(st.unicodeBidi) || st.display !== 'inline';
    };
    const out: boolean[] = [];
    for (const root of Array.from(document.querySelectorAll(sel))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!text.includes('\u202e')) continue;
        let e = n.parentElement;
        while (e && !isolates(e)) e = e.parentElement;
        out.push(enclosed(text) || (e !== null && vals.includes((e.textContent ?? '').trim())));
      }
    }
    return out;
  }, [selector, values] as const);
}

describe('hostile merchant text in the UI', () => {
  it('is shown isolated: a bidi override cannot reorder the text around it', async () => {
    app = await startWebApp();
    page = await newPage(browser);
    await page.goto(app.url);
    const evil = 'evil\u202Etxt.exe';
    // As printed, and as the merchant it is recognised as.
    const values = [evil, 'EVIL\u202ETXT.EXE'];
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', { name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(`date,description,amount\n2025-06-01,${evil},100\n2025-06-02,PLAIN,200\n`) });
    await page.waitForSelector('[data-testid=file-preview]');
    expect(await overridesIsolated(page, '[data-testid=file-preview]', values)).toEqual([true]);
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    await expect.poll(() => page!.textContent('[data-testid=tx-table]')).toContain(evil);
    expect(await overridesIsolated(page, '[data-testid=tx-table]', values)).toEqual([true]);
    // A sentence about it: the rule offered after a re-categorisation names the merchant.
    const row = page.locator('[data-testid=tx-table] [role=row]', { hasText: 'evil' });
    await row.locator('[data-testid=row-category]').selectOption({ label: '食費' });
    await page.waitForSelector('[data-testid=rule-suggestion]');
    expect(await page.textContent('[data-testid=rule-suggestion]')).toContain('\u202E');
    expect(await overridesIsolated(page, '[data-testid=rule-suggestion]', values)).toEqual([true]);
    await row.locator('[data-testid=row-open]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    const inPanel = await overridesIsolated(page, '[data-testid=detail-panel]', values);
    expect(inPanel.length).toBeGreaterThanOrEqual(2);
    expect(inPanel.every(Boolean)).toBe(true);
  });
});
