/**
 * The Files view on the built UI: imported statements filed by month and card, the rows a file
 * documents, the integrity check, a month bundle download, and receipts attached two ways.
 */
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, useWebAppPerTest } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);

let page: Page;

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', [join(SAMPLES, 'amex_jp_current.csv'), join(SAMPLES, 'saison_netanswer.csv')]);
  await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
});

describe('the Files view', () => {
  it('lists statements by month and card, shows their rows, checks the library and exports a month', async () => {
    await page.click('[data-section=files]');
    await page.waitForSelector('[data-testid=files-table]');
    const table = await page.textContent('[data-testid=files-table]');
    expect(table).toContain('2025-06_アメリカン・エキスプレス_statement.csv');
    expect(table).toContain('セゾンカードインターナショナル');
    await page.locator('[data-testid=files-table] tr', { hasText: 'アメリカン' }).locator('button.link').click();
    await expect.poll(() => page.locator('[data-testid=files-rows] tr').count()).toBe(5);
    await page.click('[data-testid=files-check]');
    await expect.poll(() => page.textContent('[data-testid=files-check-result]')).toContain('ライブラリは正常です');
    await page.fill('input[type=month]', '2025-06');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=files-bundle]')]);
    expect(download.suggestedFilename()).toBe('meisai-2025-06.zip');
    const zip = unzipSync(readFileSync((await download.path())!));
    expect(Object.keys(zip)).toContain('2025-06/transactions-2025-06.csv');
    expect(Object.keys(zip)).toContain('2025-06/2025/2025-06/アメリカン・エキスプレス/2025-06_アメリカン・エキスプレス_statement.csv');
  });

  it('attaches a receipt from the transaction row and from a drop on Files', async () => {
    await page.click('[data-section=transactions]');
    await page.waitForSelector('[data-testid=tx-table]');
    const row = page.locator('[data-testid=tx-row]', { hasText: 'サンプル書店' });
    await row.locator('[data-testid=tx-docs]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    await page.setInputFiles('[data-testid=tx-attach]', { name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    // Two files now (the statement and the receipt), and the row shows it has a receipt.
    await expect.poll(() => row.locator('[data-testid=tx-docs]').textContent()).toBe('2 🧾');

    await page.click('[data-section=files]');
    await page.waitForSelector('[data-testid=receipt-drop]');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([1, 2, 3])], '2025-06-20_cloud.pdf', { type: 'application/pdf' }));
      document.querySelector('[data-testid=receipt-drop]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('[data-testid=receipt-match]');
    await page.fill('[data-testid=receipt-match] input[inputmode=decimal]', '1523');
    const match = page.locator('[data-testid=receipt-match] tr', { hasText: 'EXAMPLE CLOUD SERVICES' });
    await match.locator('button').click();
    await expect.poll(() => page.textContent('[data-testid=files-table]')).toContain('2025-06-20_EXAMPLE CLOUD SERVICES_1523JPY.pdf');
    expect(await page.textContent('[data-testid=files-table]')).toContain('2025-06-28_サンプル書店 東京都 千代田区_3280JPY.png');
  });
});
