/**
 * The monthly review on the built UI: the month's total against last month, a budget set and shown
 * as over budget, a click on a category bar that opens its rows, the month marked reviewed, and a
 * CSV export.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebAppPerTest } from './harness';

let page: Page;
const LEDGER = ['date,description,amount', '2025-05-10,SUPERMARKET,4000', '2025-06-05,SUPERMARKET,3000', '2025-06-14,SUPERMARKET,2000', '2025-06-16,TRAIN,800', '2025-06-27,前回分口座振替金額,-9000'].join('\n');

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(LEDGER) });
  await page.waitForSelector('[data-testid=file-preview]');
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
  // Categorise the supermarket rows in bulk.
  await page.click('[data-section=transactions]');
  await page.fill('[data-testid=filter-search]', 'supermarket');
  await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('3 件');
  await page.click('[data-testid=tx-table] [role=columnheader] input[type=checkbox]');
  await page.selectOption('[data-testid=bulk-category]', { label: '食費' });
  await page.click('[data-testid=bulk-category-apply]');
  await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('3 件を更新しました');
  await page.click('[data-section=review]');
  await page.waitForSelector('[data-testid=rv-total]');
});

describe('monthly review', () => {
  it('shows the month against last month, with budgets, click-through, marking and export', async () => {
    expect(await page.inputValue('[data-testid=rv-month]')).toBe('2025-06');
    expect(await page.textContent('[data-testid=rv-total]')).toBe('￥5,800');
    expect(await page.textContent('[data-testid=rv-totals]')).toContain('+45.0%');
    // A budget of ¥4,000 for food: ¥5,000 spent is over it.
    const food = page.locator('[data-testid=rv-budget-row]', { hasText: '食費' });
    await food.locator('[data-testid=rv-budget-edit]').click();
    await page.fill('[data-testid=rv-budget-amount]', '4000');
    await page.click('[data-testid=rv-budget-save]');
    await expect.poll(() => food.textContent()).toContain('予算超過');
    expect(await food.locator('[role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
    // The chart's food bar opens those rows.
    await page.locator('.review .recharts-bar-rectangle').first().click();
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('2 件');
    await page.click('[data-section=review]');
    await page.waitForSelector('[data-testid=rv-note]');
    await page.fill('[data-testid=rv-note]', '確認済み');
    await page.click('[data-testid=rv-mark]');
    await expect.poll(() => page.textContent('[data-testid=rv-reviewed]')).toContain('確認済み');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=rv-export]')]);
    expect(download.suggestedFilename()).toBe('transactions-2025-06.csv');
  });
});
