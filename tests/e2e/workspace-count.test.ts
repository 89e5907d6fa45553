/**
 * The workspace shows the first page of a filter as soon as it arrives and fills the number of
 * matching rows in after (counting every match of a text search is a pass over the whole ledger).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebAppPerTest } from './harness';

let page: Page;
useWebAppPerTest(async (p) => {
  page = p;
});

const count = () => page.textContent('[data-testid=tx-count]');
const rows = () => page.locator('[data-testid=tx-row]');

describe('the row count of a large filter', () => {
  it('shows "counting…" over the first rows until the count arrives', async () => {
    // 450 rows, 300 of them at a coffee stand: more than one page (200) of matches.
    const lines = ['Date,Description,Amount'];
    for (let i = 0; i < 450; i++) lines.push(`2025/06/${String(1 + (i % 28)).padStart(2, '0')},${i % 3 === 2 ? 'BOOK SHOP' : 'COFFEE STAND'} ${i},${100 + i}`);
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', { name: 'june.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    await expect.poll(count).toContain('450 件');

    // Hold the count back: the rows must not wait for it.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/transactions.count', async (route) => {
      await held;
      await route.continue();
    });
    await page.fill('[data-testid=filter-search]', 'ｃｏｆｆｅｅ');
    await expect.poll(count).toContain('件数を数えています');
    await expect.poll(async () => (await rows().first().textContent()) ?? '').toContain('COFFEE STAND');
    expect(await page.getAttribute('[data-testid=tx-count]', 'aria-busy')).toBe('true');
    release();
    await expect.poll(count).toContain('300 件');
    expect(await page.getAttribute('[data-testid=tx-count]', 'aria-busy')).toBe('false');

    // A page shorter than 200 rows is every match: no counting to wait for.
    await page.unroute('**/api/transactions.count');
    await page.route('**/api/transactions.count', () => new Promise(() => {}));
    await page.fill('[data-testid=filter-search]', 'book');
    await expect.poll(count).toContain('150 件');
  });
});
