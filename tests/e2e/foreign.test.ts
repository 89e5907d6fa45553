/**
 * Foreign currencies on the built UI: the currency view with its chart, a trip in both currencies
 * whose rows open in the workspace (by dates, and by a tag picked from the list, then edited), and
 * a foreign amount entered by hand from a receipt — with failures said in Japanese.
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

  it('makes a trip from a tag picked from the list, edits it, and says what is wrong in Japanese', async () => {
    await page.locator('[data-testid=tx-row]', { hasText: 'EXAMPLE CLOUD SERVICES' }).locator('[data-testid=row-open]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    await page.fill('[data-testid=detail-tag]', 'NY出張');
    await page.press('[data-testid=detail-tag]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid=detail-panel] .tag-list')).toContain('NY出張');

    await page.click('[data-testid=tab-foreign]');
    await page.waitForSelector('[data-testid=trip-form]');
    // Without a tag or dates: refused, in Japanese.
    await page.fill('[data-testid=trip-name]', 'NY');
    await page.click('[data-testid=trip-add]');
    await expect.poll(() => page.textContent('[data-testid=trip-error]')).toBe('旅行にはタグか期間を指定してください。');
    // The tag comes from the list of tags.
    expect(await page.locator('[data-testid=trip-tag] option').allTextContents()).toEqual(['（タグなし）', 'NY出張']);
    await page.selectOption('[data-testid=trip-tag]', 'NY出張');
    await page.click('[data-testid=trip-add]');
    await page.waitForSelector('[data-testid=trip-row]');
    expect(await page.locator('[data-testid=trips-table] thead th').allTextContents()).toEqual(['名前', '件数', '請求額', '現地通貨', '']);
    expect(await page.textContent('[data-testid=trip-row]')).toContain('NY出張');
    expect(await page.textContent('[data-testid=trip-billed]')).toContain('￥1,523');
    expect(await page.textContent('[data-testid=trip-original]')).toContain('$10.00');
    expect(await page.locator('[data-testid=trip-error]').count()).toBe(0);

    // The same name twice: refused, in Japanese.
    await page.fill('[data-testid=trip-name]', 'NY');
    await page.fill('[data-testid=trip-from]', '2025-06-01');
    await page.click('[data-testid=trip-add]');
    await expect.poll(() => page.textContent('[data-testid=trip-error]')).toBe('「NY」という旅行はすでにあります。');

    // Edit: the form takes the trip; dates the wrong way round are refused; then it saves.
    await page.click('[data-testid=trip-edit]');
    expect(await page.inputValue('[data-testid=trip-name]')).toBe('NY');
    expect(await page.inputValue('[data-testid=trip-tag]')).toBe('NY出張');
    expect(await page.inputValue('[data-testid=trip-from]')).toBe('');
    await page.fill('[data-testid=trip-name]', 'ニューヨーク 6月');
    await page.fill('[data-testid=trip-from]', '2025-06-30');
    await page.fill('[data-testid=trip-to]', '2025-06-01');
    await page.click('[data-testid=trip-add]');
    await expect.poll(() => page.textContent('[data-testid=trip-error]')).toBe('終了日が開始日より前です。');
    await page.fill('[data-testid=trip-from]', '2025-06-01');
    await page.fill('[data-testid=trip-to]', '2025-06-30');
    await page.click('[data-testid=trip-add]');
    await expect.poll(() => page.textContent('[data-testid=trip-row]')).toContain('ニューヨーク 6月');
    expect(await page.locator('[data-testid=trip-row]').count()).toBe(1);
    expect(await page.textContent('[data-testid=trip-row]')).toContain('2025-06-01 – 2025-06-30');
    expect(await page.inputValue('[data-testid=trip-name]')).toBe('');
    await page.click('[data-testid=trip-show]');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('1 件');
    expect(await page.textContent('[data-testid=tx-row]')).toContain('EXAMPLE CLOUD SERVICES');
  });

  it('keeps the hand-entry form open with the reason when a save fails, and reads full-width input', async () => {
    await page.locator('[data-testid=tx-row]', { hasText: 'サンプル書店' }).locator('[data-testid=row-open]').click();
    await page.waitForSelector('[data-testid=detail-panel]');
    await page.click('[data-testid=fx-edit]');
    // Refused by the core (the card bills in yen): the form stays, with the reason in Japanese.
    await page.fill('[data-testid=fx-amount]', '3280');
    await page.fill('[data-testid=fx-currency]', 'JPY');
    await page.click('[data-testid=fx-save]');
    await expect.poll(() => page.textContent('[data-testid=fx-error]')).toBe('現地通貨は請求通貨（JPY）と別の通貨にしてください。');
    expect(await page.locator('[data-testid=fx-form]').count()).toBe(1);
    // Too many decimals for euros: said before anything is sent.
    await page.fill('[data-testid=fx-currency]', 'EUR');
    await page.fill('[data-testid=fx-amount]', '21.505');
    await page.click('[data-testid=fx-save]');
    await expect.poll(() => page.textContent('[data-testid=fx-error]')).toBe('EUR の金額は小数点以下 2 桁までです。');
    // Full-width digits, as a Japanese keyboard types them.
    await page.fill('[data-testid=fx-amount]', '２１．５０');
    await page.fill('[data-testid=fx-rate]', '１５０．００');
    await page.click('[data-testid=fx-save]');
    await expect.poll(() => page.locator('[data-testid=fx-form]').count()).toBe(0);
    expect(await page.textContent('[data-testid=detail-foreign]')).toContain('€21.50');
    // The printed rate as entered (digits kept), the implied rate beside it.
    expect(await page.textContent('[data-testid=detail-printed]')).toBe('150.00');
    expect(await page.textContent('[data-testid=detail-implied]')).toBe('152.5581');
  });
});

