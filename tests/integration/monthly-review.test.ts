/**
 * The monthly review through the API on a real SQLite file: totals by category, card and
 * cardholder, comparisons, budgets (default and per month), billing months from the card's
 * closing day, a month marked reviewed, and exports.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const LEDGER = [
  'date,description,amount',
  '2024-06-10,SUPERMARKET,5000',
  '2025-05-10,SUPERMARKET,4000',
  '2025-05-20,TRAIN,1000',
  '2025-06-05,SUPERMARKET,3000',
  '2025-06-14,SUPERMARKET,2000',
  '2025-06-16,TRAIN,800',
  '2025-06-20,REFUND SHOP,-500',
  '2025-06-27,前回分口座振替金額,-9000',
  '2025-06-28,CINEMA,1800',
].join('\r\n');

async function setup() {
  await call(core, 'import.commit', { files: [{ name: 'ledger.csv', data: utf8(LEDGER) }], card: 'Visa' });
  const cats = await call(core, 'categories.list', {});
  const id = (k: string) => cats.find((c) => c.builtinKey === k)!.id;
  await call(core, 'transactions.update', { filter: { search: 'supermarket' }, set: { categoryId: id('food') } });
  await call(core, 'transactions.update', { filter: { search: 'train' }, set: { categoryId: id('transport') } });
  return { food: id('food'), transport: id('transport'), fun: id('entertainment') };
}

describe('monthly review', () => {
  it('totals the month by category, card and merchant against last month and last year; payments are not spending', async () => {
    const { food, transport } = await setup();
    const r = await call(core, 'review.month', { month: '2025-06' });
    expect(r.totalMinor).toBe(3000 + 2000 + 800 - 500 + 1800);
    expect(r.previous).toEqual({ month: '2025-05', totalMinor: 5000 });
    expect(r.lastYear).toEqual({ month: '2024-06', totalMinor: 5000 });
    expect(r.byCategory.find((c) => c.categoryId === food)).toMatchObject({ category: '食費', totalMinor: 5000, count: 2, previousMinor: 4000, budgetMinor: null });
    expect(r.byCategory.find((c) => c.categoryId === transport)).toMatchObject({ totalMinor: 800, previousMinor: 1000 });
    expect(r.byCard).toEqual([{ cardId: expect.any(Number), card: 'Visa', totalMinor: 7100, count: 5 }]);
    expect(r.topMerchants[0]).toMatchObject({ merchant: 'SUPERMARKET', totalMinor: 5000, count: 2 });
    expect(r.trend).toHaveLength(12);
    expect(r.trend.at(-1)).toMatchObject({ month: '2025-06' });
    expect(r.trend[0]).toMatchObject({ month: '2024-07' });
  });

  it('keeps a default budget per category, overridable for one month', async () => {
    const { food, fun } = await setup();
    await call(core, 'budgets.set', { categoryId: food, amount: 4000 });
    await call(core, 'budgets.set', { categoryId: fun, amount: 1000 });
    let r = await call(core, 'review.month', { month: '2025-06' });
    expect(r.byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(4000);
    expect((await call(core, 'review.month', { month: '2025-05' })).byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(4000);
    await call(core, 'budgets.set', { categoryId: food, amount: 6000, month: '2025-06' });
    r = await call(core, 'review.month', { month: '2025-06' });
    expect(r.byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(6000);
    expect((await call(core, 'review.month', { month: '2025-05' })).byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(4000);
    await call(core, 'budgets.set', { categoryId: food, amount: null, month: '2025-06' });
    expect((await call(core, 'review.month', { month: '2025-06' })).byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(4000);
  });

  it('counts by billing month from the card’s closing day, and shows the card’s bill and payment date', async () => {
    await setup();
    const card = (await call(core, 'cards.list', {}))[0]!;
    // 15日締め翌月10日払い: usage 5/16–6/15 is July's bill.
    const updated = await call(core, 'cards.update', { id: card.id, closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    expect(updated).toMatchObject({ closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    const july = await call(core, 'review.month', { month: '2025-07', basis: 'billing' });
    expect(july.totalMinor).toBe(1000 + 3000 + 2000);
    expect(july.bills).toEqual([{ cardId: card.id, card: 'Visa', billingMonth: '2025-07', paymentDate: '2025-07-10', currency: 'JPY', totalMinor: 6000, count: 3 }]);
    expect((await call(core, 'review.month', { month: '2025-08', basis: 'billing' })).totalMinor).toBe(800 - 500 + 1800);
  });

  it('marks a month reviewed with a note, and exports it', async () => {
    await setup();
    await call(core, 'review.mark', { month: '2025-06', reviewed: true, note: '旅行月' });
    expect((await call(core, 'review.month', { month: '2025-06' })).reviewed).toMatchObject({ note: '旅行月' });
    await call(core, 'review.mark', { month: '2025-06', reviewed: false });
    expect((await call(core, 'review.month', { month: '2025-06' })).reviewed).toBeNull();
    const csv = await call(core, 'export.month', { month: '2025-06' });
    expect(csv.name).toBe('transactions-2025-06.csv');
    expect(csv.rows).toBe(6);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.data);
    expect(text.startsWith('\ufeffdate,posted_date,card')).toBe(true);
    expect(text).toContain('食費');
    const summary = new TextDecoder('shift_jis').decode((await call(core, 'export.month', { month: '2025-06', what: 'summary', encoding: 'shift_jis' })).data);
    expect(summary).toContain('category,食費,5000,JPY,2,4000,');
  });
});
