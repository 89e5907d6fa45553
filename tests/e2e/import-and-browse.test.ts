/**
 * A new user's first minutes, in the real built UI served by web mode: import files through the
 * picker and by drag-and-drop, see the rows, switch language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, useWebAppPerTest } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'csv');

let page: Page;

useWebAppPerTest(async (p) => {
  page = p;
});

/** The table's loaded rows as { column: text } (cells carry data-col). */
async function rowsOfTable(): Promise<Record<string, string>[]> {
  return page.$$eval('[data-testid=tx-row]', (rows) =>
    rows.map((row) => Object.fromEntries(Array.from(row.querySelectorAll('[data-col]')).map((c) => [c.getAttribute('data-col'), (c.textContent ?? '').trim()]))),
  );
}

describe('import and browse in web mode', () => {
  it('imports a Shift_JIS and a UTF-8 file through the file picker and shows their rows', async () => {
    await expect.poll(() => page.textContent('nav')).toContain('取り込み');
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', [join(FIXTURES, 'household-sjis.csv'), join(FIXTURES, 'travel-utf8.csv')]);
    await page.waitForSelector('[data-testid=file-preview]');
    const previews = await page.$$eval('[data-testid=file-preview]', (els) => els.map((e) => e.textContent ?? ''));
    expect(previews).toHaveLength(2);
    expect(previews[0]).toContain('shift_jis');
    expect(previews[0]).toContain('3 件');
    expect(previews[1]).toContain('utf-8');
    // Nothing is written before the user commits.
    await page.click('[data-section=transactions]');
    await expect.poll(() => page.textContent('main')).toContain('明細はまだありません');
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', [join(FIXTURES, 'household-sjis.csv'), join(FIXTURES, 'travel-utf8.csv')]);
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await expect.poll(() => page.textContent('[data-testid=import-done]')).toContain('5 件を取り込みました');
    await page.click('text=明細を見る');
    await expect.poll(async () => (await rowsOfTable()).length).toBe(5);
    const rows = await rowsOfTable();
    expect(rows.map((r) => r.description)).toEqual(expect.arrayContaining(['髙島屋　日本橋店', 'セブン－イレブン', 'ＪＲ東日本　モバイルＳｕｉｃａ', 'HOTEL EXAMPLE', 'CAFE LUMIERE']));
    expect(rows).toHaveLength(5);
    const sushi = rows.find((r) => r.description?.startsWith('髙島屋'))!;
    expect(sushi.amount).toBe('￥12,800');
    expect(await page.textContent('[data-testid=tx-count]')).toContain('5 件');
    // Search narrows the table (width-insensitive: ascii "suica" finds full-width ＳＵＩＣＡ).
    await page.fill('input[type=search]', 'suica');
    await expect.poll(async () => (await rowsOfTable()).length).toBe(1);
  });

  it('imports a file dropped on the drop zone, and re-importing it adds nothing', async () => {
    await page.click('[data-section=import]');
    const drop = async () => {
      await page.waitForSelector('[data-testid=dropzone]');
      const bytes = Array.from(readFileSync(join(SAMPLES, 'amex_jp_old6.csv')));
      await page.evaluate((data) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(data)], 'amex_jp_old6.csv', { type: 'text/csv' }));
        const zone = document.querySelector('[data-testid=dropzone]')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, bytes);
      await page.waitForSelector('[data-testid=file-preview]');
    };
    await drop();
    expect(await page.textContent('[data-testid=file-preview]')).toContain('サンプル書店');
    await page.click('[data-testid=commit]');
    await expect.poll(() => page.textContent('[data-testid=import-done]')).toContain('2 件を取り込みました');
    await drop();
    expect(await page.textContent('[data-testid=file-preview]')).toContain('取り込み済みのファイル');
    expect(await page.isDisabled('[data-testid=commit]')).toBe(true);
    expect(await page.textContent('[data-testid=import-history]')).toContain('amex_jp_old6.csv');
  });

  it('shows a clear message for a broken file and writes nothing', async () => {
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('date,description,amount\n2025-06-01,OK,100\nnot-a-date,Bad,100\n') });
    await page.waitForSelector('[data-testid=file-preview] .problems');
    expect(await page.textContent('[data-testid=file-preview] .problems')).toContain('broken.csv, line 3');
    expect(await page.isDisabled('[data-testid=commit]')).toBe(true);
  });

  it('switches between Japanese and English, formatting money per locale, and remembers it', async () => {
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', [join(FIXTURES, 'travel-utf8.csv')]);
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    await page.waitForSelector('[data-testid=tx-table]');
    expect(await page.textContent('h1')).toBe('明細');
    await page.keyboard.press('Alt+6');
    await expect.poll(() => page.textContent('h1')).toBe('設定');
    await page.keyboard.press('Alt+2');
    await page.click('.lang-switch');
    await expect.poll(() => page.textContent('h1')).toBe('Transactions');
    expect(await page.textContent('nav')).toContain('Subscriptions');
    expect(await page.textContent('.tx-head')).toContain('Amount');
    expect(await page.textContent('[data-testid=tx-total-JPY]')).toBe('¥26,150');
    const dates = (await rowsOfTable()).map((r) => r.date);
    expect(dates).toContain('07/02/2025');
    await page.reload();
    await expect.poll(() => page.textContent('h1')).toBe('Transactions');
  });
});
