/**
 * Subscriptions on the built UI: detected recurring charges with what changed first, totals and a
 * chart, dismissing a wrong detection (and undoing it), adding one by hand from its only charge,
 * confirming one so it stays when detection fails, and a quarterly review saved with decisions and
 * notes whose cancel is flagged when the charges go on (in English).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localISODate } from '../../src/core/dates';
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

/** Import a CSV through the import screen, then come back to the subscriptions. */
async function importCsv(name: string, text: string) {
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-testid=file-preview]');
  await page.click('[data-testid=commit]');
  await page.waitForSelector('[data-testid=import-done]');
  await page.click('[data-section=subscriptions]');
  await page.waitForSelector('[data-testid=sub-row]');
}

useWebAppPerTest(async (p) => {
  page = p;
  await importCsv('ledger.csv', ledger());
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
    // Monthly beside yearly: in the table and in the breakdowns.
    expect(await rows.filter({ hasText: 'MUSIC APP' }).locator('[data-testid=sub-monthly]').textContent()).toBe('￥980');
    expect(await rows.filter({ hasText: 'MUSIC APP' }).locator('[data-testid=sub-first]').textContent()).toBe('2025/01/07');
    expect(await page.textContent('[data-testid=subs-by-card]')).toContain('月 ￥4,070・年 ￥48,840');
    // The price history marks the rise.
    await rows.filter({ hasText: 'NETFLIX.COM' }).locator('button.link').click();
    await expect.poll(() => page.textContent('[data-testid=price-history]')).toContain('値上げ +￥400');
    await rows.filter({ hasText: 'BOOK CLUB' }).locator('[data-testid=sub-dismiss]').click();
    await expect.poll(() => rows.count()).toBe(3);
    // Dismissed, listed, and brought back.
    await expect.poll(() => page.textContent('[data-testid=subs-dismissed]')).toContain('BOOK CLUB');
    await page.getByRole('button', { name: 'BOOK CLUB を元に戻す' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.locator('[data-testid=dismissed-row]').count()).toBe(0);
  });

  it('keeps a confirmed subscription when one-offs at the same price break its pattern', async () => {
    const rows = page.locator('[data-testid=sub-row]');
    await rows.filter({ hasText: 'BOOK CLUB' }).locator('[data-testid=sub-confirm]').click();
    await expect.poll(() => rows.filter({ hasText: 'BOOK CLUB' }).textContent()).toContain('確定済み');
    // Two extra charges at each of two merchants within days: the gaps no longer look monthly.
    await importCsv('extra.csv', ['date,description,amount', '2025-06-25,BOOK CLUB,1200', '2025-06-28,BOOK CLUB,1200', '2025-06-10,MUSIC APP,980', '2025-06-12,MUSIC APP,980'].join('\n'));
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.textContent('[data-testid=subs-table]')).not.toContain('MUSIC APP');
    expect(await rows.filter({ hasText: 'BOOK CLUB' }).textContent()).toContain('確定済み');
  });

  it('tracks a merchant added by hand from its only charge, from the transaction’s detail panel', async () => {
    await importCsv('one.csv', 'date,description,amount\n2025-06-02,PHOTO SOFTWARE,4800\n');
    await page.click('[data-section=transactions]');
    await page.locator('[data-testid=tx-row]', { hasText: 'PHOTO SOFTWARE' }).locator('[data-testid=row-open]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    await page.locator('[data-testid=detail-panel] select[aria-label=周期]').selectOption('yearly');
    await page.click('[data-testid=sub-track]');
    await expect.poll(() => page.textContent('[data-testid=detail-panel]')).toContain('サブスクに追加しました');
    await page.click('[data-section=subscriptions]');
    const photo = page.locator('[data-testid=sub-row]', { hasText: 'PHOTO SOFTWARE' });
    await expect.poll(() => photo.count()).toBe(1);
    expect(await photo.textContent()).toContain('手動');
    expect(await photo.textContent()).toContain('2026/06/02');
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
    await expect.poll(() => page.textContent('[data-testid=past-reviews]')).toContain('解約 1');
  });

  it('in English: flags a subscription marked cancel that is still charging, first, and keeps the cancel for the next review', async () => {
    await page.click('.lang-switch');
    await expect.poll(() => page.textContent('h1')).toBe('Subscriptions');
    await page.click('[data-testid=review-start]');
    const netflix = () => page.locator('[data-testid=sub-row]', { hasText: 'NETFLIX.COM' });
    await netflix().locator('[data-testid=decision-cancel]').check();
    await page.getByLabel('Note for NETFLIX.COM').fill('too expensive');
    await page.click('[data-testid=review-save]');
    await expect.poll(() => page.textContent('[data-testid=subs-notice]')).toContain('Review saved');
    // The next statement (dated after today's review) charges Netflix again.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    await importCsv('next.csv', `date,description,amount\n${localISODate(tomorrow)},NETFLIX.COM,1890\n`);
    const first = page.locator('[data-testid=sub-row]').first();
    await expect.poll(() => first.getAttribute('data-change')).toBe('still-charging');
    expect(await first.textContent()).toContain('NETFLIX.COM');
    expect(await first.locator('[data-testid=still-charging]').textContent()).toBe('Marked cancel, still charging');
    expect(await first.textContent()).toContain('Last time: Cancel');
    expect(await page.textContent('[data-testid=past-reviews]')).toContain('cancel 1');
    // The next review starts from the cancel rather than resetting it, with its note.
    await page.click('[data-testid=review-start]');
    expect(await netflix().locator('[data-testid=decision-cancel]').isChecked()).toBe(true);
    expect(await page.getByLabel('Note for NETFLIX.COM').inputValue()).toBe('too expensive');
  });
});
