/**
 * The monthly review on the built UI: the month's total against last month, budgets (over budget,
 * edited in major units, shown for an empty month), click-through from every kind of figure to
 * exactly the rows it adds up (category, card, cardholder, merchant, bill; by usage and by billing
 * month), the billing toggle with each card's cycle edited in place, the review note, the English
 * UI, and the categories reached by keyboard.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebAppPerTest } from './harness';

let page: Page;
const LEDGER = ['date,description,amount', '2025-05-10,SUPERMARKET,4000', '2025-06-05,SUPERMARKET,3000', '2025-06-14,SUPERMARKET,2000', '2025-06-16,TRAIN,800', '2025-06-27,前回分口座振替金額,-9000'].join('\n');
const S = '\u3000';
// A Vpass statement paid in July 2025 (its file name says so): two cardholders, one merchant under two names.
const VPASS = [
  `ヤマダ${S}タロウ${S}様,4980-00**-****-1234,三井住友カード（ＮＬ）`,
  '2025/06/01,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,3000,１,１,3000,',
  '2025/06/08,CAFE 1,400,１,１,400,',
  `ヤマダ${S}ハナコ${S}様,4980-00**-****-5678,三井住友カード（ＮＬ）家族カード`,
  '2025/06/20,CAFE 2,500,１,１,500,',
  '2025/06/21,返品 SHOP,-200,１,１,-200,',
  ',,,,,3700,',
].join('\r\n');

useWebAppPerTest(async (p) => {
  page = p;
  await page.click('[data-section=import]');
  await page.setInputFiles('[data-testid=file-input]', [
    { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(LEDGER) },
    { name: '202507.csv', mimeType: 'text/csv', buffer: Buffer.from(VPASS) },
  ]);
  await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
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

const text = (l: Locator) => l.textContent().then((s) => (s ?? '').trim());

/** Click a figure and check the transactions list shows as many rows adding up to as much; then back to the review. */
async function clickThrough(figure: Locator, amount: Locator, rows: string, shown?: string) {
  const expected = await text(amount);
  await figure.click();
  await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe(rows);
  await expect.poll(() => text(page.locator('[data-testid=tx-total-JPY]'))).toBe(expected);
  // A condition the filter bar has no control for is still shown, so the list says why it is narrowed.
  if (shown) expect(await page.textContent('[data-testid=review-filters]')).toContain(shown);
  await page.click('[data-section=review]');
  await page.waitForSelector('[data-testid=rv-total]');
}

const row = (table: string, name: string) => page.locator(`[data-testid=${table}] tr`, { hasText: name });

describe('monthly review', () => {
  it('shows the month against last month, with budgets, click-through, the note and export', async () => {
    expect(await page.inputValue('[data-testid=rv-month]')).toBe('2025-06');
    // Supermarket 5,000 + train 800 + the Vpass card's 3,700; the card payment is not spending.
    expect(await text(page.locator('[data-testid=rv-total]'))).toBe('￥9,500');
    expect(await page.textContent('[data-testid=rv-totals]')).toContain('+137.5%');
    // The month total and last month's figure open their rows.
    await clickThrough(page.locator('[data-testid=rv-total]'), page.locator('[data-testid=rv-total]'), '7 件');
    await page.click('[data-testid=rv-previous]');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe('1 件');
    await page.click('[data-section=review]');
    // A budget of ¥4,000 for food: ¥5,000 spent is over it; the edit box shows it as 4000 again.
    const food = page.locator('[data-testid=rv-budget-row]', { hasText: '食費' });
    await food.locator('[data-testid=rv-budget-edit]').click();
    await page.fill('[data-testid=rv-budget-amount]', '4000');
    await page.click('[data-testid=rv-budget-save]');
    await expect.poll(() => food.textContent()).toContain('予算超過');
    expect(await food.locator('[role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
    await food.locator('[data-testid=rv-budget-edit]').click();
    expect(await page.inputValue('[data-testid=rv-budget-amount]')).toBe('4000');
    await page.keyboard.press('Escape');
    // The chart's food bar opens those rows.
    await page.locator('.review .recharts-bar-rectangle').first().click();
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toContain('2 件');
    await page.click('[data-section=review]');
    await page.waitForSelector('[data-testid=rv-note]');
    await page.fill('[data-testid=rv-note]', '確認済み');
    await page.click('[data-testid=rv-mark]');
    await expect.poll(() => page.textContent('[data-testid=rv-reviewed]')).toContain('確認済み');
    // The note can be changed afterwards.
    await page.click('[data-testid=rv-note-edit]');
    await page.fill('[data-testid=rv-note]', 'カード明細と照合済み');
    await page.click('[data-testid=rv-note-save]');
    await expect.poll(() => page.textContent('[data-testid=rv-reviewed-note]')).toBe('カード明細と照合済み');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=rv-export]')]);
    expect(download.suggestedFilename()).toBe('transactions-2025-06.csv');
    // A month without spending still shows the budgets, so they can be set ahead.
    await page.fill('[data-testid=rv-month]', '2025-09');
    await expect.poll(() => page.textContent('.review')).toContain('この月の支出はありません');
    await expect.poll(() => text(page.locator('[data-testid=rv-budget-row]', { hasText: '食費' }).locator('[data-testid=rv-budget-edit]'))).toBe('￥4,000');
  });

  it('switches to billing months with each card’s bill after its closing day is set, and opens a bill’s rows', async () => {
    const card = page.locator('[data-testid=rv-bill-card]', { hasText: 'Card' }).filter({ hasNotText: '三井住友' });
    // 15日締め・翌月10日払い, chosen in place.
    await card.locator('[data-testid=rv-closing]').selectOption('15');
    await expect.poll(() => card.locator('[data-testid=rv-closing]').inputValue()).toBe('15');
    await card.locator('[data-testid=rv-payday]').selectOption('10');
    await expect.poll(() => card.locator('[data-testid=rv-payday]').inputValue()).toBe('10');
    expect(await card.locator('[data-testid=rv-offset]').inputValue()).toBe('1');
    // 末日 is offered as a closing day.
    expect(await card.locator('[data-testid=rv-closing] option[value="31"]').textContent()).toBe('末日');
    // The next payment is shown whatever month is viewed.
    await expect.poll(() => card.locator('[data-testid=rv-upcoming]').textContent()).toMatch(/次回の引き落とし: \d{4}\/\d{2}\/10 引き落とし予定/);

    await page.selectOption('[data-testid=rv-basis]', 'billing');
    await page.fill('[data-testid=rv-month]', '2025-07');
    // July's bills: this card's usage 5/16–6/15 (¥5,000), the Vpass statement paid in July (¥3,700).
    await expect.poll(() => text(page.locator('[data-testid=rv-total]'))).toBe('￥8,700');
    await expect.poll(() => text(card.locator('[data-testid=rv-bill]'))).toBe('￥5,000');
    expect(await card.textContent()).toContain('2025/07/10 引き落とし');
    const vpass = page.locator('[data-testid=rv-bill-card]', { hasText: '三井住友' });
    expect(await text(vpass.locator('[data-testid=rv-bill]'))).toBe('￥3,700');
    // A bill, a category and a card in billing view list that billing month's rows only.
    await clickThrough(card.locator('[data-testid=rv-bill]'), card.locator('[data-testid=rv-bill]'), '2 件', '請求月: 2025-07');
    // Back from the list, the review is still on July's bills.
    expect(await page.inputValue('[data-testid=rv-basis]')).toBe('billing');
    expect(await page.inputValue('[data-testid=rv-month]')).toBe('2025-07');
    const food = row('rv-budgets', '食費');
    await clickThrough(food.locator('[data-testid=rv-category]'), food.locator('td.num').first(), '2 件');
    const vpassCard = row('rv-cards', '三井住友');
    await clickThrough(vpassCard.locator('[data-testid=rv-card]'), vpassCard.locator('td.num'), '4 件');
    await clickThrough(page.locator('[data-testid=rv-total]'), page.locator('[data-testid=rv-total]'), '6 件');
  });

  it('opens a card’s, a cardholder’s and a merchant’s rows, matching their totals', async () => {
    const vpassCard = row('rv-cards', '三井住友');
    expect(await text(vpassCard.locator('td.num'))).toBe('￥3,700');
    await clickThrough(vpassCard.locator('[data-testid=rv-card]'), vpassCard.locator('td.num'), '4 件');
    const hanako = row('rv-holders', 'ハナコ');
    expect(await text(hanako.locator('td.num'))).toBe('￥300');
    await clickThrough(hanako.locator('[data-testid=rv-holder]'), hanako.locator('td.num'), '2 件', '利用者: ');
    const taro = row('rv-holders', 'タロウ');
    await clickThrough(taro.locator('[data-testid=rv-holder]'), taro.locator('td.num'), '2 件');
    // CAFE 1 and CAFE 2 are one merchant: both rows, not only the name shown.
    const cafe = row('rv-merchants', 'CAFE');
    expect(await text(cafe.locator('td.num'))).toBe('￥900');
    await clickThrough(cafe.locator('[data-testid=rv-merchant]'), cafe.locator('td.num'), '2 件', '加盟店: CAFE');
  });

  it('speaks English, with budgets in dollars and cents', async () => {
    await page.click('[data-section=settings]');
    await page.selectOption('#set-locale', 'en');
    await page.selectOption('#set-currency', 'USD');
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', { name: 'usd.csv', mimeType: 'text/csv', buffer: Buffer.from('date,description,amount,currency\n2025-06-03,ZQX TRADING,120.50,USD\n2025-06-04,ZQX TRADING,-20.25,USD\n') });
    await page.waitForSelector('[data-testid=file-preview]');
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=review]');
    await expect.poll(() => page.textContent('#rv-title')).toBe('Monthly review');
    await expect.poll(() => text(page.locator('[data-testid=rv-total]'))).toBe('$100.25');
    expect(await page.textContent('[data-testid=rv-totals]')).toContain('Spending (payments excluded)');
    expect(await page.textContent('.review')).toContain('Spending in other currencies');
    // Set 500 dollars for the first category offered, then edit it: 500.00, not 50000.
    await page.selectOption('[data-testid=rv-budget-add]', { index: 1 });
    await page.fill('[data-testid=rv-budget-amount]', '500');
    await page.click('[data-testid=rv-budget-save]');
    const budgeted = page.locator('[data-testid=rv-budget-row]').filter({ has: page.locator('[role=progressbar]') });
    await expect.poll(() => text(budgeted.locator('[data-testid=rv-budget-edit]'))).toBe('$500.00');
    await budgeted.locator('[data-testid=rv-budget-edit]').click();
    expect(await page.inputValue('[data-testid=rv-budget-amount]')).toBe('500.00');
    await page.click('[data-testid=rv-budget-save]');
    await expect.poll(() => page.locator('[data-testid=rv-budget-amount]').count()).toBe(0);
    expect(await text(budgeted.locator('[data-testid=rv-budget-edit]'))).toBe('$500.00');
    // Three decimals are refused for dollars.
    await budgeted.locator('[data-testid=rv-budget-edit]').click();
    await page.fill('[data-testid=rv-budget-amount]', '1.005');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('USD has 2 decimals at most');
    expect(await page.isDisabled('[data-testid=rv-budget-save]')).toBe(true);
    await page.keyboard.press('Escape');
    // The uncategorised row is labelled in English and opens its dollar rows.
    const none = row('rv-budgets', 'Uncategorised');
    expect(await text(none.locator('td.num').first())).toBe('$100.25');
    await none.locator('[data-testid=rv-category]').click();
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe('2 rows');
    await expect.poll(() => text(page.locator('[data-testid=tx-total-USD]'))).toBe('$100.25');
  });

  it('reaches every category, Uncategorised included, and the trend by keyboard', async () => {
    // From the basis selector, Tab forward until the food category's button has focus; Enter opens it.
    const tabTo = async (testId: string, name: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el ? { testId: el.dataset.testid ?? '', text: (el.textContent ?? '').trim() } : null;
        });
        if (focused?.testId === testId && focused.text.startsWith(name)) return;
      }
      throw new Error(`${testId} "${name}" was not reached by Tab`);
    };
    await page.focus('[data-testid=rv-basis]');
    await tabTo('rv-category', '食費');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe('2 件');
    await page.click('[data-section=review]');
    await page.waitForSelector('[data-testid=rv-total]');
    // Uncategorised: the train ride and the Vpass café and return rows, not the (uncategorised) card payment.
    const none = await text(row('rv-budgets', '未分類').locator('td.num').first());
    expect(none).toBe('￥1,500');
    await page.focus('[data-testid=rv-basis]');
    await tabTo('rv-category', '未分類');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe('4 件');
    await expect.poll(() => text(page.locator('[data-testid=tx-total-JPY]'))).toBe(none);
    await page.click('[data-section=review]');
    await page.waitForSelector('[data-testid=rv-total]');
    // The trend shows one category when asked; its May figure opens May's food rows.
    await page.focus('[data-testid=rv-trend-category]');
    await page.selectOption('[data-testid=rv-trend-category]', { label: '食費' });
    await page.focus('[data-testid=rv-trend-category]');
    await tabTo('rv-trend-cell', '￥0');
    const may = page.locator('[data-testid=rv-trend-table] td', { hasText: '2025-05' }).locator('[data-testid=rv-trend-cell]');
    expect(await text(may)).toBe('￥4,000');
    await may.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=tx-count]')).toBe('1 件');
    await expect.poll(() => text(page.locator('[data-testid=tx-total-JPY]'))).toBe('￥4,000');
  });
});
