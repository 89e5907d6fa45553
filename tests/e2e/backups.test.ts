/**
 * Backups in Settings on the built UI: back up now, preview a backup, restore it after a change,
 * and see the change gone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebAppPerTest } from './harness';

let page: Page;

async function importCsv(name: string, text: string) {
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-testid=file-preview]');
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
}

useWebAppPerTest(async (p) => {
  page = p;
  await importCsv('a.csv', 'date,description,amount\n2025-06-01,KEEP ME,100\n');
});

describe('backups', () => {
  it('backs up now, previews, and restores a backup', async () => {
    await page.click('[data-section=settings]');
    await page.click('[data-testid=backup-now]');
    await expect.poll(() => page.textContent('[data-testid=backup-notice]')).toContain('バックアップしました');
    await importCsv('b.csv', 'date,description,amount\n2025-07-01,LATER,200\n');
    await page.click('[data-section=settings]');
    // The manual backup: before the second import.
    const manual = page.locator('[data-testid=backup-row]', { hasText: '手動' });
    await manual.locator('[data-testid=backup-preview]').click();
    await expect.poll(() => page.textContent('[data-testid=backup-preview-box]')).toContain('明細 1 件');
    // What the restore does to the library: the statement imported since stays there.
    expect(await page.textContent('[data-testid=backup-library]')).toContain('その後に追加された 1 件はライブラリに残り');
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=backup-restore]');
    await expect.poll(() => page.textContent('[data-testid=backup-notice]')).toContain('に戻しました');
    await page.click('[data-section=transactions]');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('1 件');
    expect(await page.textContent('[data-testid=tx-table]')).toContain('KEEP ME');
  });
});
