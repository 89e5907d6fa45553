/**
 * Several issuers' statement files dropped at once in the built UI: each is recognised, previewed
 * with its card, total check and duplicates, committed, listed in the history, and undone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { amexJpCsv } from '../../bench/generate';
import { makeStatementPdf } from '../support/pdf';
import { ROOT, useWebAppPerTest } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');

let page: Page;

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
});

async function drop(files: string[]) {
  await page.waitForSelector('[data-testid=dropzone]');
  const payload = files.map((f) => ({ name: f, bytes: Array.from(readFileSync(join(SAMPLES, f))) }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const it of items) dt.items.add(new File([new Uint8Array(it.bytes)], it.name, { type: 'text/csv' }));
    const zone = document.querySelector('[data-testid=dropzone]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, payload);
  await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(files.length);
}

describe('importing issuer statements in the UI', () => {
  it('recognises several issuers dropped together, checks totals, commits them all, and undoes one', async () => {
    await drop(['amex_jp_current.csv', 'rakuten_enavi_settled_11col.csv', 'smbc_vpass_confirmed.csv', 'saison_netanswer.csv']);
    const cards = page.locator('[data-testid=file-preview]');
    expect(await cards.nth(0).textContent()).toContain('American Express (Japan)');
    expect(await cards.nth(0).textContent()).toContain('shift_jis');
    expect(await cards.nth(1).textContent()).toContain('utf-8');
    // Statements that print a total are reconciled against their rows.
    expect(await cards.nth(2).locator('[data-testid=total-check]').textContent()).toContain('✓');
    expect(await cards.nth(3).locator('[data-testid=total-check]').textContent()).toContain('8,430');
    await page.click('[data-testid=commit]');
    // 5 Amex + 4 Rakuten + 4 SMBC + 3 Saison rows.
    await expect.poll(() => page.textContent('[data-testid=import-done]')).toContain('16 件を取り込みました');
    const history = page.locator('[data-testid=import-history] tbody tr');
    await expect.poll(() => history.count()).toBe(4);

    // Undo the Rakuten import: two clicks (undo, then confirm) remove exactly its rows.
    const rakuten = history.filter({ hasText: 'rakuten_enavi_settled_11col.csv' });
    await rakuten.locator('[data-testid=undo]').click();
    await rakuten.locator('[data-testid=confirm-undo]').click();
    await expect.poll(() => rakuten.textContent()).toContain('取り消し済み');
    await page.click('[data-section=transactions]');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('12 件');
    const text = await page.textContent('[data-testid=tx-table]');
    expect(text).toContain('サンプル書店');
    expect(text).not.toContain('サンプルストア　楽天市場店');
  });

  it('recognises the same statement re-saved as UTF-8 by a spreadsheet', async () => {
    await drop(['amex_jp_current.csv']);
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    // The same statement re-saved as UTF-8 (a spreadsheet would do this): recognised, nothing to add.
    const resaved = new TextDecoder('shift_jis').decode(readFileSync(join(SAMPLES, 'amex_jp_current.csv')));
    await page.setInputFiles('[data-testid=file-input]', { name: 'amex-resaved.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + resaved, 'utf8') });
    await page.waitForSelector('[data-testid=file-preview]');
    expect(await page.textContent('[data-testid=file-preview]')).toContain('取り込み済みのファイル');
  });

  it('maps the columns of an unknown layout, then recognises it by itself', async () => {
    const csv = 'Wann,Was,Betrag\n2025-06-03,Bakery,420\n2025-06-04,Train,1200\n';
    await page.setInputFiles('[data-testid=file-input]', { name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid=map-columns]');
    await page.click('[data-testid=map-columns]');
    await page.waitForSelector('[data-testid=mapping-dialog]');
    await page.selectOption('#map-date', '0');
    await page.selectOption('#map-description', '1');
    await page.selectOption('#map-amount', '2');
    await page.fill('#map-name', 'Bank export');
    await expect.poll(() => page.locator('[data-testid=mapping-preview] tr').count()).toBe(2);
    await page.click('[data-testid=mapping-commit]');
    await expect.poll(() => page.textContent('[data-testid=import-done]')).toContain('2 件を取り込みました');
    const next = 'Wann,Was,Betrag\n2025-07-01,Bakery,380\n';
    await page.setInputFiles('[data-testid=file-input]', { name: 'bank-july.csv', mimeType: 'text/csv', buffer: Buffer.from(next) });
    await page.waitForSelector('[data-testid=file-preview]');
    expect(await page.textContent('[data-testid=file-preview]')).toContain('Bank export');
  });

  it('shows progress while a big statement imports, and stays usable', async () => {
    const data = Buffer.from(amexJpCsv(120_000));
    await page.setInputFiles('[data-testid=file-input]', { name: 'big-amex.csv', mimeType: 'text/csv', buffer: data });
    // Reading a 9 MB file: a progress bar with the phase and the file name appears.
    await page.waitForSelector('[data-testid=import-progress] progress', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=import-progress]')).toContain('big-amex.csv');
    await page.waitForSelector('[data-testid=file-preview]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=file-preview]')).toContain('120,000 件');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-progress]');
    // The page keeps responding while the import works: switching language still works.
    await page.click('.lang-switch');
    await expect.poll(() => page.textContent('h1')).toBe('Import statement files');
    await expect.poll(() => page.textContent('[data-testid=import-done]'), { timeout: 120_000 }).toContain('Imported 120,000 rows');
  });

  it('imports a statement PDF dropped with its CSV without doubling the rows', async () => {
    const pdf = await makeStatementPdf({
      layout: 'amex-jp',
      summary: [['締切日 2025年6月30日', 'お支払日 2025年7月10日'], ['今回ご請求額', '4,260円']],
      sections: [{ title: ['ご利用者：TARO YAMADA 様'], rows: [{ date: '6月28日', description: 'サンプル書店', amount: '3,280' }, { date: '6月25日', description: 'テストマート', amount: '980' }] }],
    });
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'amex_jp_current.csv', mimeType: 'text/csv', buffer: readFileSync(join(SAMPLES, 'amex_jp_current.csv')) },
      { name: 'amex-statement.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
    ]);
    await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
    expect(await page.locator('[data-testid=file-preview]').nth(1).textContent()).toContain('PDF statement (Japanese)');
    await page.selectOption('#import-card', '__new');
    await page.fill('input[aria-label="新しいカード"]', 'Amex');
    await page.locator('input[aria-label="新しいカード"]').blur();
    await page.waitForTimeout(300);
    await page.click('[data-testid=commit]');
    // 5 CSV rows; the PDF's 2 rows are the same as two of them.
    await expect.poll(() => page.textContent('[data-testid=import-done]')).toContain('5 件を取り込みました');
    await page.click('[data-section=files]');
    await expect.poll(() => page.textContent('[data-testid=files-table]')).toContain('2025-07_Amex_statement.pdf');
  });
});
