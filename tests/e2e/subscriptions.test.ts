/**
 * Subscriptions on the built UI: detected recurring charges with what changed first, totals and a
 * chart, dismissing a wrong detection, and a quarterly review saved with decisions and notes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebAppPerTest } from './harness';

let page: Page;

function ledger(): string {
  const lines = ['date,description,amount'];
  ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].forEach((m, i) => {
    lines.push(`${m}-15,NETFLIX.COM,${i < 5 ? 1490 : 1890}`);
    lines.push(`${m}-07,MUSIC APP,980`);
    if (i < 3) lines.push(`${m}-03,OLD VIDEO,500`);
    lines.push(`${m}-20,BOOK CLUB,1200`);
  });
  return lines.join('\n');
}

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger()) });
  await page.waitForSelector('[data-testid=file-preview]');
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
  await page.click('[data-section=subscriptions]');
  await page.waitForSelector('[data-testid=sub-row]');
});

describe('subscriptions', () => {
  it('lists what changed first, with totals and a chart, and forgets a dismissed detection', async () => {
    const rows = page.locator('[data-testid=sub-row]');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('stopped');
    expect(await rows.nth(0).textContent()).toContain('OLD VIDEO');
    expect(await rows.nth(1).getAttribute('data-status')).toBe('price-changed');
    // Running: 1,890 + 980 + 1,200 a month.
    expect(await page.textContent('[data-testid=subs-annual-JPY]')).toBe('￥48,840');
    expect(await page.locator('.subs .recharts-bar-rectangle').count()).toBeGreaterThan(3);
    await rows.filter({ hasText: 'BOOK CLUB' }).locator('[data-testid=sub-dismiss]').click();
    await expect.poll(() => rows.count()).toBe(3);
  });

  it('saves a quarterly review with decisions and notes, shown the next time', async () => {
    await page.click('[data-testid=review-start]');
    const netflix = page.locator('[data-testid=sub-row]', { hasText: 'NETFLIX.COM' });
    await netflix.locator('[data-testid=decision-cancel]').check();
    await netflix.locator('[data-testid=decision-note]').fill('値上げしたので解約');
    await page.click('[data-testid=review-save]');
    await expect.poll(() => page.textContent('[data-testid=subs-notice]')).toContain('見直しを保存しました');
    await expect.poll(() => page.textContent('[data-testid=subs-totals]')).toContain('前回の見直し');
    expect(await page.locator('[data-testid=sub-row]', { hasText: 'NETFLIX.COM' }).textContent()).toContain('前回: 解約');
  });
});
