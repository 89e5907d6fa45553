/**
 * Foreign currencies on the built UI: the currency view with its chart, a trip in both currencies
 * whose rows open in the workspace, and a foreign amount entered by hand from a receipt.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, useWebAppPerTest } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');
let page: Page;

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', [join(SAMPLES, 'amex_jp_current.csv'), join(SAMPLES, 'smbc_vpass_confirmed.csv')]);
  await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
  await page.click('[data-section=transactions]');
  await page.waitForSelector('[data-testid=tx-row]');
});

describe('foreign currencies', () => {
  it('shows spending per currency and month with a chart, and a trip in both currencies', async () => {
    await page.click('[data-testid=tab-foreign]');
    await page.waitForSelector('[data-testid=fx-table]');
    const table = await page.textContent('[data-testid=fx-table]');
    // Amex: $10.00 billed ¥1,523 in June; SMBC: $9.99 billed ¥1,513 in May.
    expect(table).toContain('2025-06');
    expect(table).toContain('$10.00');
    expect(table).toContain('￥1,523');
    expect(table).toContain('2025-05');
    expect(table).toContain('$9.99');
    expect(await page.locator('.foreign-view .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(2);

    await page.fill('[data-testid=trip-name]', '出張 5月');
    await page.fill('[data-testid=trip-from]', '2025-05-01');
    await page.fill('[data-testid=trip-to]', '2025-05-31');
    await page.click('[data-testid=trip-add]');
    await page.waitForSelector('[data-testid=trip-row]');
    expect(await page.textContent('[data-testid=trip-billed]')).toContain('￥1,513');
    expect(await page.textContent('[data-testid=trip-original]')).toContain('$9.99');
    await page.click('[data-testid=trip-show]');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('1 件');
    expect(await page.textContent('[data-testid=tx-row]')).toContain('EXAMPLE, INC.');
  });

  it('takes a foreign amount from a receipt and shows the rate it came to and the fee', async () => {
    await page.locator('[data-testid=tx-row]', { hasText: 'サンプル書店' }).locator('[data-testid=row-open]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    await page.click('[data-testid=fx-edit]');
    await page.fill('[data-testid=fx-amount]', '21.50');
    await page.fill('[data-testid=fx-currency]', 'EUR');
    await page.fill('[data-testid=fx-rate]', '150');
    await page.click('[data-testid=fx-save]');
    // ¥3,280 for €21.50: 152.5581 per euro; at the printed 150 it would be ¥3,225, so ¥55 more.
    await expect.poll(() => page.textContent('[data-testid=detail-foreign]')).toContain('€21.50');
    expect(await page.textContent('[data-testid=detail-implied]')).toBe('152.5581');
    expect(await page.textContent('[data-testid=detail-fee]')).toContain('￥55');
    await page.click('[data-testid=undo]');
    await expect.poll(() => page.locator('[data-testid=detail-foreign]').count()).toBe(0);
  });
});
