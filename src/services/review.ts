/**
 * The monthly review: a month's spending (purchases, fees and other charges minus refunds; card
 * payments excluded) in the home currency by category, card, cardholder and merchant, against the
 * previous month, the same month last year and the budgets; a 12-month trend; each card's bill.
 * By usage month (利用月) or billing month (請求月: what the card debits on its payment date).
 */
import { categoryDisplayName } from '../core/categories';
import { monthRange } from '../core/dates';
import { localDate, nextPayment, paymentDateOf, shiftMonth } from '../core/review';
import type { Locale, MonthReview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { billingMonthWhere } from './billing';
import type { OpenedDatabase } from './db/open';

export { shiftMonth } from '../core/review';

type Sqlite = OpenedDatabase['sqlite'];
export type Basis = 'usage' | 'billing';
type Where = { sql: string; params: (string | number)[] };

/** Rows of a month by the chosen basis, as a condition on `transactions t`. */
export function monthWhere(month: string, basis: Basis): Where {
  if (basis === 'billing') return billingMonthWhere(month);
  const { from, to } = monthRange(month);
  return { sql: 't.date BETWEEN ? AND ?', params: [from, to] };
}

/** A month's spending (card payments excluded) in one currency, optionally on one card, as a WHERE clause. */
function spendWhere(month: string, basis: Basis, currency: string, cardId?: number | null): Where {
  const m = monthWhere(month, basis);
  return { sql: `WHERE ${m.sql} AND t.kind <> 'payment' AND t.currency = ?${cardId ? ' AND t.card_id = ?' : ''}`, params: [...m.params, currency, ...(cardId ? [cardId] : [])] };
}

export interface MonthReviewOptions {
  month: string;
  basis: Basis;
  homeCurrency: string;
  locale: Locale;
  /** The user's local date, for the upcoming payments. */
  today?: string;
  /** Only this card's rows (the summary export of one card). */
  cardId?: number | null;
}

export function monthReview(database: OpenedDatabase, opts: MonthReviewOptions): MonthReview {
  const { sqlite } = database;
  const { month, basis, homeCurrency: cur, locale, cardId = null } = opts;
  const today = opts.today ?? localDate();
  const spend = spendWhere(month, basis, cur, cardId);
  const name = (n: string | null, key: string | null) => (n === null ? null : categoryDisplayName(n, key, locale));
  const perCategory = (m: string) => {
    const w = spendWhere(m, basis, cur, cardId);
    return new Map(sqlite.prepare(`SELECT t.category_id, SUM(t.amount) FROM transactions t ${w.sql} GROUP BY t.category_id`).raw().all(...w.params) as [number | null, number][]);
  };
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((n, v) => n + v, 0);

  const prevMonth = shiftMonth(month, -1);
  const yearAgo = shiftMonth(month, -12);
  const previousByCategory = perCategory(prevMonth);
  const lastYearByCategory = perCategory(yearAgo);
  const budgetRows = sqlite.prepare('SELECT category_id, month, amount FROM budgets WHERE (month IS NULL OR month = ?) AND currency = ?').raw().all(month, cur) as [number, string | null, number][];
  const budgetOf = new Map<number, number>();
  for (const [cat, m, amount] of budgetRows) if (m === null && !budgetOf.has(cat)) budgetOf.set(cat, amount);
  for (const [cat, m, amount] of budgetRows) if (m !== null) budgetOf.set(cat, amount);

  const byCategoryRows = sqlite
    .prepare(
      `SELECT t.category_id AS categoryId, cat.name, cat.builtin_key AS key, cat.color, SUM(t.amount) AS totalMinor, COUNT(*) AS count
       FROM transactions t LEFT JOIN categories cat ON cat.id = t.category_id ${spend.sql} GROUP BY t.category_id ORDER BY totalMinor DESC`,
    )
    .all(...spend.params) as { categoryId: number | null; name: string | null; key: string | null; color: string | null; totalMinor: number; count: number }[];
  const compared = (categoryId: number | null) => ({ previousMinor: previousByCategory.get(categoryId) ?? 0, lastYearMinor: lastYearByCategory.get(categoryId) ?? 0 });
  const byCategory: MonthReview['byCategory'] = byCategoryRows.map((c) => ({
    categoryId: c.categoryId,
    category: name(c.name, c.key),
    color: c.color,
    totalMinor: c.totalMinor,
    count: c.count,
    ...compared(c.categoryId),
    budgetMinor: c.categoryId === null ? null : (budgetOf.get(c.categoryId) ?? null),
  }));
  // Budgeted categories with no spending yet still show their (empty) bar.
  for (const [categoryId, amount] of budgetOf) {
    if (byCategory.some((c) => c.categoryId === categoryId)) continue;
    const c = sqlite.prepare('SELECT name, builtin_key AS key, color FROM categories WHERE id = ?').get(categoryId) as { name: string; key: string | null; color: string } | undefined;
    if (c) byCategory.push({ categoryId, category: name(c.name, c.key), color: c.color, totalMinor: 0, count: 0, ...compared(categoryId), budgetMinor: amount });
  }
  const totalMinor = byCategoryRows.reduce((n, c) => n + c.totalMinor, 0);

  const trend: MonthReview['trend'] = [];
  for (let k = 11; k >= 0; k--) {
    const m = shiftMonth(month, -k);
    const cats = k === 0 ? new Map(byCategoryRows.map((c) => [c.categoryId, c.totalMinor])) : k === 1 ? previousByCategory : perCategory(m);
    trend.push({ month: m, categories: [...cats].map(([categoryId, t]) => ({ categoryId, totalMinor: t })) });
  }

  // A card's bill: what it debits for this billing month, per billed currency (never added across currencies).
  const billed = (billingMonth: string, card: number | null) => {
    const b = billingMonthWhere(billingMonth);
    return sqlite
      .prepare(
        `SELECT t.card_id AS cardId, c.name AS card, c.payment_day AS paymentDay, t.currency, SUM(t.amount) AS totalMinor, COUNT(*) AS count
         FROM transactions t JOIN cards c ON c.id = t.card_id
         WHERE ${b.sql} AND t.kind <> 'payment'${card ? ' AND t.card_id = ?' : ''} GROUP BY t.card_id, t.currency ORDER BY c.name, t.card_id, t.currency`,
      )
      .all(...b.params, ...(card ? [card] : [])) as { cardId: number; card: string; paymentDay: number | null; currency: string; totalMinor: number; count: number }[];
  };
  const bills = billed(month, cardId).map((b) => ({
    cardId: b.cardId,
    card: b.card,
    billingMonth: month,
    paymentDate: b.paymentDay ? paymentDateOf(month, b.paymentDay) : null,
    currency: b.currency,
    totalMinor: b.totalMinor,
    count: b.count,
  }));
  const payers = sqlite.prepare(`SELECT id, name, payment_day AS paymentDay FROM cards WHERE payment_day IS NOT NULL${cardId ? ' AND id = ?' : ''} ORDER BY name, id`).all(...(cardId ? [cardId] : [])) as {
    id: number;
    name: string;
    paymentDay: number;
  }[];
  const upcoming = payers.map((c) => {
    const next = nextPayment(today, c.paymentDay);
    return { cardId: c.id, card: c.name, ...next, totals: billed(next.billingMonth, c.id).map((b) => ({ currency: b.currency, totalMinor: b.totalMinor, count: b.count })) };
  });

  const m = monthWhere(month, basis);
  const reviewed = sqlite.prepare('SELECT created_at AS at, note FROM month_reviews WHERE month = ?').get(month) as { at: string; note: string | null } | undefined;
  return {
    month,
    basis,
    currency: cur,
    totalMinor,
    count: byCategoryRows.reduce((n, c) => n + c.count, 0),
    previous: { month: prevMonth, totalMinor: sum(previousByCategory) },
    lastYear: { month: yearAgo, totalMinor: sum(lastYearByCategory) },
    byCategory,
    byCard: sqlite
      .prepare(`SELECT t.card_id AS cardId, c.name AS card, SUM(t.amount) AS totalMinor, COUNT(*) AS count FROM transactions t JOIN cards c ON c.id = t.card_id ${spend.sql} GROUP BY t.card_id ORDER BY totalMinor DESC`)
      .all(...spend.params) as MonthReview['byCard'],
    byCardholder: sqlite
      .prepare(
        `SELECT t.cardholder_id AS cardholderId, h.name AS cardholder, t.card_id AS cardId, c.name AS card, SUM(t.amount) AS totalMinor, COUNT(*) AS count
         FROM transactions t JOIN cards c ON c.id = t.card_id LEFT JOIN cardholders h ON h.id = t.cardholder_id ${spend.sql}
         GROUP BY t.card_id, t.cardholder_id ORDER BY totalMinor DESC`,
      )
      .all(...spend.params) as MonthReview['byCardholder'],
    topMerchants: sqlite
      .prepare(`SELECT t.merchant, MAX(COALESCE(t.display_name, t.description)) AS description, SUM(t.amount) AS totalMinor, COUNT(*) AS count FROM transactions t ${spend.sql} GROUP BY t.merchant ORDER BY totalMinor DESC LIMIT 10`)
      .all(...spend.params) as MonthReview['topMerchants'],
    trend,
    bills,
    upcoming,
    reviewed: reviewed ?? null,
    otherCurrencies: sqlite
      .prepare(`SELECT t.currency, SUM(t.amount) AS totalMinor FROM transactions t WHERE ${m.sql} AND t.kind <> 'payment' AND t.currency <> ?${cardId ? ' AND t.card_id = ?' : ''} GROUP BY t.currency ORDER BY t.currency`)
      .all(...m.params, cur, ...(cardId ? [cardId] : [])) as MonthReview['otherCurrencies'],
  };
}

/** Set (or clear, with null) a category's budget: the default that repeats, or one month's override. */
export function setBudget(sqlite: Sqlite, input: { categoryId: number; amountMinor: number | null; month: string | null; currency: string }): { ok: true } {
  if (!sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').get(input.categoryId)) throw new ApiFailure('not-found', `no category with id ${input.categoryId}`);
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM budgets WHERE category_id = ? AND month IS ?').run(input.categoryId, input.month);
    if (input.amountMinor !== null) sqlite.prepare('INSERT INTO budgets (category_id, month, amount, currency) VALUES (?, ?, ?, ?)').run(input.categoryId, input.month, input.amountMinor, input.currency);
  })();
  return { ok: true };
}

export function markMonthReviewed(sqlite: Sqlite, month: string, reviewed: boolean, note: string | null): { ok: true } {
  // Marking a reviewed month again changes its note and keeps the day it was reviewed.
  if (reviewed) sqlite.prepare('INSERT INTO month_reviews (month, note) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET note = excluded.note').run(month, note?.trim() || null);
  else sqlite.prepare('DELETE FROM month_reviews WHERE month = ?').run(month);
  return { ok: true };
}
