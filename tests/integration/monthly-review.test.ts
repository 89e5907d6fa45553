/**
 * The monthly review through the API on a real SQLite file: totals by category, card and
 * cardholder, comparisons, budgets (default and per month), billing months from the card's
 * closing day or the statement's payment month, the rows behind every figure, a month marked
 * reviewed, and exports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands';
import { minorToDecimalString } from '../../src/core/money';
import { billingMonthOf, reviewFilter, shiftMonth } from '../../src/core/review';
import { BILLING_MONTH } from '../../src/services/billing';
import type { TransactionFilter } from '../../src/shared/api/contract';
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

/** What the transactions list says about the rows of a filter: count and spending total per currency. */
async function listed(filter: TransactionFilter) {
  const r = await call(core, 'transactions.list', { ...filter, withTotals: true, limit: 10_000 });
  return { count: r.total, totals: Object.fromEntries((r.totals ?? []).map((x) => [x.currency, x.totalMinor])), rows: r.rows };
}

const S = '\u3000';
/**
 * A Vpass statement paid in July 2025 (the file name says so): two cardholders, one merchant under
 * two names (CAFE 1 / CAFE 2 → CAFE), and a charge from February posted late onto this bill.
 */
const VPASS = [
  `ヤマダ${S}タロウ${S}様,4980-00**-****-1234,三井住友カード（ＮＬ）`,
  '2025/02/20,LATE POSTED SHOP,700,１,１,700,',
  '2025/06/01,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,3000,１,１,3000,',
  '2025/06/08,CAFE 1,400,１,１,400,',
  `ヤマダ${S}ハナコ${S}様,4980-00**-****-5678,三井住友カード（ＮＬ）家族カード`,
  '2025/06/20,CAFE 2,500,１,１,500,',
  '2025/06/21,返品 SHOP,-200,１,１,-200,',
  ',,,,,4400,',
].join('\r\n');

async function setupVpass() {
  await call(core, 'import.commit', { files: [{ name: '202507.csv', data: utf8(VPASS) }] });
  return (await call(core, 'cards.list', {})).find((c) => c.issuer !== 'other')!;
}

describe('monthly review: the rows behind every figure', () => {
  it('groups by cardholder with ids, and each cardholder, card and merchant lists exactly its total', async () => {
    const vpass = await setupVpass();
    const r = await call(core, 'review.month', { month: '2025-06' });
    expect(r.byCardholder.map((h) => ({ cardholder: h.cardholder, card: h.card, cardId: h.cardId, totalMinor: h.totalMinor, count: h.count }))).toEqual([
      { cardholder: `ヤマダ${S}タロウ`, card: vpass.name, cardId: vpass.id, totalMinor: 3400, count: 2 },
      { cardholder: `ヤマダ${S}ハナコ`, card: vpass.name, cardId: vpass.id, totalMinor: 300, count: 2 },
    ]);
    const scope = { month: '2025-06', basis: 'usage' as const, currency: r.currency };
    for (const h of r.byCardholder) {
      expect(h.cardholderId).toEqual(expect.any(Number));
      const l = await listed(reviewFilter(scope, { card: h.cardId, cardholderId: h.cardholderId ?? 'none' }));
      expect([l.count, l.totals.JPY]).toEqual([h.count, h.totalMinor]);
    }
    for (const c of r.byCard) {
      const l = await listed(reviewFilter(scope, { card: c.cardId }));
      expect([l.count, l.totals.JPY]).toEqual([c.count, c.totalMinor]);
    }
    // One merchant, two printed names: the merchant key lists both (a search for one name would not).
    const cafe = r.topMerchants.find((m) => m.merchant === 'CAFE')!;
    expect(cafe).toMatchObject({ totalMinor: 900, count: 2 });
    const l = await listed(reviewFilter(scope, { merchant: cafe.merchant }));
    expect(l.rows.map((x) => x.description).sort()).toEqual(['CAFE 1', 'CAFE 2']);
    expect(l.totals.JPY).toBe(900);
  });

  it('counts a statement’s rows in its payment month, late postings too, whatever the card’s cycle says', async () => {
    const vpass = await setupVpass();
    // By the cycle (15日締め翌月) 6/20 would be August's bill; the statement says July.
    await call(core, 'cards.update', { id: vpass.id, closingDay: 15, paymentDay: 26, paymentMonthOffset: 1 });
    const july = await call(core, 'review.month', { month: '2025-07', basis: 'billing' });
    expect(july.totalMinor).toBe(4400);
    expect(july.count).toBe(5);
    expect(july.bills).toEqual([{ cardId: vpass.id, card: vpass.name, billingMonth: '2025-07', paymentDate: '2025-07-26', currency: 'JPY', totalMinor: 4400, count: 5 }]);
    expect((await call(core, 'review.month', { month: '2025-08', basis: 'billing' })).totalMinor).toBe(0);
    const l = await listed(reviewFilter({ month: '2025-07', basis: 'billing', currency: 'JPY' }));
    expect(l.rows.map((x) => x.date)).toContain('2025-02-20');
    expect([l.count, l.totals.JPY]).toEqual([5, 4400]);
  });

  it('compares a billing month with the previous billing month and the same billing month last year, per category too', async () => {
    const { food } = await setup();
    const card = (await call(core, 'cards.list', {}))[0]!;
    await call(core, 'cards.update', { id: card.id, closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    // Billing 2025-07: 5/20 train 1000, 6/5 + 6/14 food 5000. Billing 2025-06: 5/10 food 4000. Billing 2024-07: 6/10/2024 food 5000.
    const r = await call(core, 'review.month', { month: '2025-07', basis: 'billing' });
    expect(r.totalMinor).toBe(6000);
    expect(r.previous).toEqual({ month: '2025-06', totalMinor: 4000 });
    expect(r.lastYear).toEqual({ month: '2024-07', totalMinor: 5000 });
    expect(r.byCategory.find((c) => c.categoryId === food)).toMatchObject({ totalMinor: 5000, previousMinor: 4000, lastYearMinor: 5000 });
    // By usage month the same figures differ: the basis is followed all the way.
    const u = await call(core, 'review.month', { month: '2025-07' });
    expect([u.previous.totalMinor, u.lastYear.totalMinor]).toEqual([7100, 0]);
    expect((await call(core, 'review.month', { month: '2025-06' })).byCategory.find((c) => c.categoryId === food)).toMatchObject({ lastYearMinor: 5000 });
  });

  it('lists by billingMonth exactly the rows of the billing total, per category and card, and the previous and last-year figures', async () => {
    const { food } = await setup();
    const card = (await call(core, 'cards.list', {}))[0]!;
    await call(core, 'cards.update', { id: card.id, closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    const r = await call(core, 'review.month', { month: '2025-07', basis: 'billing' });
    const scope = { month: '2025-07', basis: 'billing' as const, currency: 'JPY' };
    const all = await listed(reviewFilter(scope));
    expect([all.count, all.totals.JPY]).toEqual([r.count, r.totalMinor]);
    expect(all.rows.map((x) => x.date).sort()).toEqual(['2025-05-20', '2025-06-05', '2025-06-14']);
    const f = await listed(reviewFilter(scope, { categoryId: food }));
    expect(f.totals.JPY).toBe(r.byCategory.find((c) => c.categoryId === food)!.totalMinor);
    // Without the billing month the category would list all three supermarket rows of every month.
    expect(f.count).toBe(2);
    const prev = await listed(reviewFilter({ ...scope, month: r.previous.month }));
    expect(prev.totals.JPY).toBe(r.previous.totalMinor);
    const ly = await listed(reviewFilter({ ...scope, month: r.lastYear.month }));
    expect(ly.totals.JPY).toBe(r.lastYear.totalMinor);
    // The uncategorised row lists spending only: the card payment (also uncategorised) is not in it.
    const june = await call(core, 'review.month', { month: '2025-06' });
    const none = await listed(reviewFilter({ month: '2025-06', basis: 'usage', currency: 'JPY' }, { categoryId: 'none' }));
    expect([none.count, none.totals.JPY]).toEqual([june.byCategory.find((c) => c.categoryId === null)!.count, june.byCategory.find((c) => c.categoryId === null)!.totalMinor]);
    expect(none.rows.some((x) => x.kind === 'payment')).toBe(false);
  });

  it('keeps each card’s bill per currency and shows the next payment on or after today, whatever month is viewed', async () => {
    await setup();
    await call(core, 'import.commit', { files: [{ name: 'usd.csv', data: utf8('date,description,amount,currency\n2025-06-03,HOTEL NY,12.50,USD\n') }], card: 'Visa' });
    const card = (await call(core, 'cards.list', {}))[0]!;
    await call(core, 'cards.update', { id: card.id, closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    const july = await call(core, 'review.month', { month: '2025-07', basis: 'billing', today: '2025-07-05' });
    expect(july.bills.map((b) => [b.currency, b.totalMinor])).toEqual([
      ['JPY', 6000],
      ['USD', 1250],
    ]);
    expect(july.bills.filter((b) => b.currency === july.currency).reduce((n, b) => n + b.totalMinor, 0)).toBe(july.totalMinor);
    expect(july.upcoming).toEqual([
      {
        cardId: card.id,
        card: 'Visa',
        billingMonth: '2025-07',
        paymentDate: '2025-07-10',
        totals: [
          { currency: 'JPY', totalMinor: 6000, count: 3 },
          { currency: 'USD', totalMinor: 1250, count: 1 },
        ],
      },
    ]);
    // Viewing January, after July's payment day: August's bill is next.
    const jan = await call(core, 'review.month', { month: '2025-01', today: '2025-07-11' });
    expect(jan.upcoming).toEqual([{ cardId: card.id, card: 'Visa', billingMonth: '2025-08', paymentDate: '2025-08-10', totals: [{ currency: 'JPY', totalMinor: 2100, count: 3 }] }]);
  });

  it('computes the billing month in SQL by the same rule as billingMonthOf, for every closing day and payment month', async () => {
    const dates: string[] = [];
    for (const month of ['2024-01', '2024-02', '2024-03', '2025-02', '2025-04', '2025-12']) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      for (let d = 1; d <= days; d++) dates.push(`${month}-${String(d).padStart(2, '0')}`);
    }
    await call(core, 'import.commit', { files: [{ name: 'days.csv', data: utf8(`date,description,amount\n${dates.map((d, i) => `${d},SHOP ${i},100`).join('\n')}\n`) }], card: 'Visa' });
    const card = (await call(core, 'cards.list', {}))[0]!;
    const read = core.database.sqlite.prepare(`SELECT t.date, ${BILLING_MONTH} AS billing FROM transactions t ORDER BY t.date`);
    for (const closingDay of [null, 1, 10, 15, 20, 25, 28, 29, 30, 31]) {
      for (const paymentMonthOffset of [0, 1, 2, 3]) {
        await call(core, 'cards.update', { id: card.id, closingDay, paymentMonthOffset });
        const rows = read.all() as { date: string; billing: string }[];
        expect(rows).toHaveLength(dates.length);
        const wrong = rows.filter((r) => r.billing !== billingMonthOf(r.date, { closingDay, paymentMonthOffset }));
        expect(wrong, `closing ${closingDay}, offset ${paymentMonthOffset}`).toEqual([]);
      }
    }
    // And the billingMonth filter finds a bill's rows at the edge of its window: usage after the
    // 1st of February, closed in March, paid three months later.
    await call(core, 'cards.update', { id: card.id, closingDay: 1, paymentMonthOffset: 3 });
    const l = await listed({ billingMonth: '2025-06' });
    expect(shiftMonth('2025-06', -4)).toBe('2025-02');
    expect(l.count).toBe(27);
    expect(l.rows.map((x) => x.date).sort()).toEqual(dates.filter((d) => billingMonthOf(d, { closingDay: 1, paymentMonthOffset: 3 }) === '2025-06').sort());
  });
});

describe('monthly review: budgets in the home currency’s major units', () => {
  it('round-trips a USD budget of 500.00 through the amount the edit box shows (and KWD, JPY)', async () => {
    const { food, fun, transport } = await setup();
    for (const [currency, amount, minor, text] of [
      ['USD', 500, 50000, '500.00'],
      ['KWD', 1.5, 1500, '1.500'],
      ['JPY', 4000, 4000, '4000'],
    ] as const) {
      await call(core, 'settings.update', { homeCurrency: currency });
      await call(core, 'budgets.set', { categoryId: food, amount });
      const budget = (await call(core, 'review.month', { month: '2025-06' })).byCategory.find((c) => c.categoryId === food)!.budgetMinor!;
      expect(budget).toBe(minor);
      // The edit box is pre-filled in major units; saving it unchanged keeps the budget.
      expect(minorToDecimalString(budget, currency)).toBe(text);
      await call(core, 'budgets.set', { categoryId: food, amount: Number(text) });
      expect((await call(core, 'review.month', { month: '2025-06' })).byCategory.find((c) => c.categoryId === food)!.budgetMinor).toBe(minor);
    }
    // A month with no spending still lists its budgets.
    await call(core, 'budgets.set', { categoryId: fun, amount: 1000 });
    await call(core, 'budgets.set', { categoryId: transport, amount: 2000, month: '2030-01' });
    const empty = await call(core, 'review.month', { month: '2030-01' });
    expect(empty.totalMinor).toBe(0);
    expect(empty.byCategory.map((c) => [c.categoryId, c.budgetMinor])).toEqual(
      expect.arrayContaining([
        [fun, 1000],
        [transport, 2000],
      ]),
    );
  });
});

describe('monthly review: notes and exports', () => {
  it('changes a reviewed month’s note and keeps the day it was reviewed', async () => {
    await setup();
    await call(core, 'review.mark', { month: '2025-06', reviewed: true, note: 'first' });
    const before = (await call(core, 'review.month', { month: '2025-06' })).reviewed!;
    core.database.sqlite.prepare("UPDATE month_reviews SET created_at = '2025-07-01T00:00:00.000Z'").run();
    await call(core, 'review.mark', { month: '2025-06', reviewed: true, note: 'second' });
    const after = (await call(core, 'review.month', { month: '2025-06' })).reviewed!;
    expect(before.note).toBe('first');
    expect(after).toEqual({ at: '2025-07-01T00:00:00.000Z', note: 'second' });
  });

  it('writes a refund of -500 as a number, in the transactions and in the summary', async () => {
    await setup();
    const cats = await call(core, 'categories.list', {});
    await call(core, 'transactions.update', { filter: { search: 'refund' }, set: { categoryId: cats.find((c) => c.builtinKey === 'shopping')!.id } });
    const tx = new TextDecoder().decode((await call(core, 'export.month', { month: '2025-06' })).data);
    expect(tx).toContain('REFUND SHOP,,-500,JPY,');
    const summary = new TextDecoder().decode((await call(core, 'export.month', { month: '2025-06', what: 'summary' })).data);
    expect(summary).toMatch(/\r\ncategory,[^,]+,-500,JPY,1,0,,0,\r\n/);
    expect(tx + summary).not.toContain("'-500");
  });

  it('exports the summary by the view’s basis and card, with last year and the bills; the CLI takes --basis and --card', async () => {
    await setup();
    await call(core, 'import.commit', { files: [{ name: 'other.csv', data: utf8('date,description,amount\n2025-06-10,BOOKS,900\n') }], card: 'Amex' });
    const [amex, visa] = await call(core, 'cards.list', {});
    expect([amex!.name, visa!.name]).toEqual(['Amex', 'Visa']);
    await call(core, 'cards.update', { id: visa!.id, closingDay: 15, paymentDay: 10, paymentMonthOffset: 1 });
    const file = await call(core, 'export.month', { month: '2025-07', what: 'summary', basis: 'billing', card: visa!.id });
    expect(file.name).toBe('summary-2025-07-billing.csv');
    const text = new TextDecoder().decode(file.data);
    expect(text).toContain('section,name,amount,currency,count,previous_month,budget,last_year,payment_date\r\n');
    expect(text).toContain('\r\nbasis,billing,');
    expect(text).toContain('\r\ncard_filter,Visa,');
    expect(text).toContain('\r\ntotal,2025-07,6000,JPY,3,4000,,5000,\r\n');
    expect(text).toContain('\r\nlast_year,2024-07,5000,JPY,');
    expect(text).toContain('\r\nbill,Visa,6000,JPY,3,,,,2025-07-10\r\n');
    expect(text).not.toContain('Amex');
    // By usage month without a card: Amex's June books are in, and there is no Visa bill for June… (paid in July).
    const usage = new TextDecoder().decode((await call(core, 'export.month', { month: '2025-06', what: 'summary' })).data);
    expect(usage).toContain('\r\nbasis,usage,');
    expect(usage).toContain('\r\ntotal,2025-06,8000,JPY,6,5000,,5000,\r\n');
    expect(usage).toContain('\r\nbill,Amex,900,JPY,1,,,,\r\n');

    const out = mkdtempSync(join(tmpdir(), 'meisai-cli-'));
    try {
      const io = { stdout: () => undefined, stderr: () => undefined };
      const path = join(out, 's.csv');
      expect(await runCli(['--data-dir', core.dataDir, 'export', '--month', '2025-07', '--summary', '--basis', 'billing', '--card', 'Visa', '--out', path], io, {})).toBe(0);
      expect(readFileSync(path, 'utf8')).toContain('\r\ntotal,2025-07,6000,JPY,3,4000,,5000,\r\n');
      expect(readFileSync(path, 'utf8')).not.toContain('Amex');
      expect(await runCli(['--data-dir', core.dataDir, 'export', '--month', '2025-07', '--summary', '--basis', 'weekly', '--out', path], io, {})).not.toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
