/**
 * The monthly review: a month's spending (purchases, fees and other charges minus refunds; card
 * payments excluded) in the home currency by category, card, cardholder and merchant, against the
 * previous month, the same month last year and the budgets; a 12-month trend; each card's bill.
 * By usage month (利用月) or billing month (請求月: what the card debits on its payment date).
 */
import { categoryDisplayName } from '../core/categories';
import { monthRange } from '../core/dates';
import type { Locale, MonthReview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';

type Sqlite = OpenedDatabase['sqlite'];
export type Basis = 'usage' | 'billing';

/** `YYYY-MM` plus n months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The billing month of a row: the payment month of the statement it came from when the file said
 * so, else from the card's closing day and payment month offset, else its usage month.
 */
const BILLING_MONTH = `COALESCE(i.statement_month, CASE WHEN c.closing_day IS NULL THEN substr(t.date, 1, 7)
  ELSE strftime('%Y-%m', t.date, 'start of month', '+' || ((CAST(substr(t.date, 9, 2) AS INTEGER) > c.closing_day) + c.payment_month_offset) || ' months') END)`;

/** Rows of a month by the chosen basis, as a FROM … WHERE fragment with its parameters. */
function monthRows(month: string, basis: Basis): { sql: string; params: Record<string, string> } {
  const { from, to } = monthRange(month);
  const base = `FROM transactions t JOIN cards c ON c.id = t.card_id LEFT JOIN imports i ON i.id = t.import_id
    LEFT JOIN categories cat ON cat.id = t.category_id LEFT JOIN cardholders h ON h.id = t.cardholder_id`;
  if (basis === 'usage') return { sql: `${base} WHERE t.date BETWEEN @from AND @to`, params: { from, to } };
  // A bill holds usage from up to a few months before its payment month.
  return { sql: `${base} WHERE t.date BETWEEN @from AND @to AND ${BILLING_MONTH} = @month`, params: { from: monthRange(shiftMonth(month, -4)).from, to, month } };
}

function total(sqlite: Sqlite, month: string, basis: Basis, cur: string): number {
  const r = monthRows(month, basis);
  return (sqlite.prepare(`SELECT COALESCE(SUM(t.amount), 0) ${r.sql} AND t.kind <> 'payment' AND t.currency = @cur`).pluck().get({ ...r.params, cur }) as number) ?? 0;
}

export function monthReview(database: OpenedDatabase, opts: { month: string; basis: Basis; homeCurrency: string; locale: Locale }): MonthReview {
  const { sqlite } = database;
  const { month, basis, homeCurrency: cur, locale } = opts;
  const r = monthRows(month, basis);
  const spend = `${r.sql} AND t.kind <> 'payment' AND t.currency = @cur`;
  const args = { ...r.params, cur };
  const name = (n: string | null, key: string | null) => (n === null ? null : categoryDisplayName(n, key, locale));

  const prevMonth = shiftMonth(month, -1);
  const prev = monthRows(prevMonth, basis);
  const previousByCategory = new Map(
    (sqlite.prepare(`SELECT t.category_id, SUM(t.amount) ${prev.sql} AND t.kind <> 'payment' AND t.currency = @cur GROUP BY t.category_id`).raw().all({ ...prev.params, cur }) as [number | null, number][]).map(([k, v]) => [k, v]),
  );
  const budgetRows = sqlite.prepare('SELECT category_id, month, amount FROM budgets WHERE (month IS NULL OR month = ?) AND currency = ?').raw().all(month, cur) as [number, string | null, number][];
  const budgetOf = new Map<number, number>();
  for (const [cat, m, amount] of budgetRows) if (m === null && !budgetOf.has(cat)) budgetOf.set(cat, amount);
  for (const [cat, m, amount] of budgetRows) if (m !== null) budgetOf.set(cat, amount);

  const byCategoryRows = sqlite
    .prepare(`SELECT t.category_id AS categoryId, cat.name, cat.builtin_key AS key, cat.color, SUM(t.amount) AS totalMinor, COUNT(*) AS count ${spend} GROUP BY t.category_id ORDER BY totalMinor DESC`)
    .all(args) as { categoryId: number | null; name: string | null; key: string | null; color: string | null; totalMinor: number; count: number }[];
  const byCategory = byCategoryRows.map((c) => ({
    categoryId: c.categoryId,
    category: name(c.name, c.key),
    color: c.color,
    totalMinor: c.totalMinor,
    count: c.count,
    previousMinor: previousByCategory.get(c.categoryId) ?? 0,
    budgetMinor: c.categoryId === null ? null : (budgetOf.get(c.categoryId) ?? null),
  }));
  // Budgeted categories with no spending yet still show their (empty) bar.
  for (const [categoryId, amount] of budgetOf) {
    if (byCategory.some((c) => c.categoryId === categoryId)) continue;
    const c = sqlite.prepare('SELECT name, builtin_key AS key, color FROM categories WHERE id = ?').get(categoryId) as { name: string; key: string | null; color: string } | undefined;
    if (c) byCategory.push({ categoryId, category: name(c.name, c.key), color: c.color, totalMinor: 0, count: 0, previousMinor: previousByCategory.get(categoryId) ?? 0, budgetMinor: amount });
  }
  const totalMinor = byCategoryRows.reduce((n, c) => n + c.totalMinor, 0);

  const trend: MonthReview['trend'] = [];
  for (let k = 11; k >= 0; k--) {
    const m = shiftMonth(month, -k);
    const q = monthRows(m, basis);
    const cats = sqlite.prepare(`SELECT t.category_id, SUM(t.amount) ${q.sql} AND t.kind <> 'payment' AND t.currency = @cur GROUP BY t.category_id`).raw().all({ ...q.params, cur }) as [number | null, number][];
    trend.push({ month: m, categories: cats.map(([categoryId, t]) => ({ categoryId, totalMinor: t })) });
  }

  const bills = (
    sqlite
      .prepare(
        `SELECT c.id AS cardId, c.name AS card, c.payment_day AS paymentDay, SUM(t.amount) AS totalMinor
         FROM transactions t JOIN cards c ON c.id = t.card_id LEFT JOIN imports i ON i.id = t.import_id
         WHERE t.date BETWEEN @from AND @to AND ${BILLING_MONTH} = @month AND t.kind <> 'payment' GROUP BY c.id ORDER BY c.name`,
      )
      .all({ from: monthRange(shiftMonth(month, -4)).from, to: monthRange(month).to, month }) as { cardId: number; card: string; paymentDay: number | null; totalMinor: number }[]
  ).map((b) => {
    const last = Number(monthRange(month).to.slice(8, 10));
    return { cardId: b.cardId, card: b.card, billingMonth: month, paymentDate: b.paymentDay ? `${month}-${String(Math.min(b.paymentDay, last)).padStart(2, '0')}` : null, totalMinor: b.totalMinor };
  });

  const reviewed = sqlite.prepare('SELECT created_at AS at, note FROM month_reviews WHERE month = ?').get(month) as { at: string; note: string | null } | undefined;
  return {
    month,
    basis,
    currency: cur,
    totalMinor,
    count: byCategoryRows.reduce((n, c) => n + c.count, 0),
    // Last month's total is the sum of its per-category totals, already read above.
    previous: { month: prevMonth, totalMinor: [...previousByCategory.values()].reduce((n, v) => n + v, 0) },
    lastYear: { month: shiftMonth(month, -12), totalMinor: total(sqlite, shiftMonth(month, -12), basis, cur) },
    byCategory,
    byCard: sqlite.prepare(`SELECT t.card_id AS cardId, c.name AS card, SUM(t.amount) AS totalMinor, COUNT(*) AS count ${spend} GROUP BY t.card_id ORDER BY totalMinor DESC`).all(args) as MonthReview['byCard'],
    byCardholder: sqlite.prepare(`SELECT h.name AS cardholder, c.name AS card, SUM(t.amount) AS totalMinor, COUNT(*) AS count ${spend} GROUP BY t.card_id, t.cardholder_id ORDER BY totalMinor DESC`).all(args) as MonthReview['byCardholder'],
    topMerchants: sqlite
      .prepare(`SELECT t.merchant, MAX(COALESCE(t.display_name, t.description)) AS description, SUM(t.amount) AS totalMinor, COUNT(*) AS count ${spend} GROUP BY t.merchant ORDER BY totalMinor DESC LIMIT 10`)
      .all(args) as MonthReview['topMerchants'],
    trend,
    bills,
    reviewed: reviewed ?? null,
    otherCurrencies: sqlite.prepare(`SELECT t.currency, SUM(t.amount) AS totalMinor ${r.sql} AND t.kind <> 'payment' AND t.currency <> @cur GROUP BY t.currency`).all(args) as MonthReview['otherCurrencies'],
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
  if (reviewed) sqlite.prepare("INSERT INTO month_reviews (month, note) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET note = excluded.note, created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')").run(month, note?.trim() || null);
  else sqlite.prepare('DELETE FROM month_reviews WHERE month = ?').run(month);
  return { ok: true };
}
