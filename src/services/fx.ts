/**
 * Foreign-currency views: spending per original currency and month with the effective rate and
 * what conversions cost beyond the printed rate, and trips (a tag and/or dates) in both currencies.
 */
import { fxBreakdown } from '../core/fx';
import { toMajor } from '../core/money';
import type { CurrencyMonth, Trip, TransactionFilter } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';
import { filterSql } from './transactions';

type Sqlite = OpenedDatabase['sqlite'];
type FxRow = { date: string; amount: number; currency: string; originalAmount: number; originalCurrency: string; fxRate: string | null };

function foreignRows(database: OpenedDatabase, filter: TransactionFilter): FxRow[] {
  const f = filterSql({ ...filter, foreign: true });
  return database.sqlite
    .prepare(
      `SELECT t.date, t.amount, t.currency, t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.fx_rate AS fxRate
       FROM transactions t ${f.where} AND t.kind <> 'payment' AND t.original_amount IS NOT NULL`,
    )
    .all(...f.params) as FxRow[];
}

/** Per month and original currency (and billing currency): totals, effective rate, fees. */
export function currencySummary(database: OpenedDatabase, range: { from?: string; to?: string }): CurrencyMonth[] {
  const groups = new Map<string, CurrencyMonth>();
  for (const r of foreignRows(database, { from: range.from, to: range.to })) {
    const month = r.date.slice(0, 7);
    const key = `${month}|${r.originalCurrency}|${r.currency}`;
    let g = groups.get(key);
    if (!g) {
      g = { month, currency: r.originalCurrency, billedCurrency: r.currency, count: 0, originalTotal: 0, originalTotalMinor: 0, billedTotalMinor: 0, averageRate: null, feeMinor: 0, rowsWithRate: 0 };
      groups.set(key, g);
    }
    g.count++;
    g.originalTotalMinor += r.originalAmount;
    g.billedTotalMinor += r.amount;
    const fx = fxBreakdown(r);
    if (fx?.fee != null) {
      g.feeMinor += fx.fee;
      g.rowsWithRate++;
    }
  }
  return [...groups.values()]
    .map((g) => ({
      ...g,
      originalTotal: toMajor(g.originalTotalMinor, g.currency),
      // Billed ÷ original over the month: the rate these charges came to on average.
      averageRate: g.originalTotalMinor === 0 ? null : Math.abs(toMajor(g.billedTotalMinor, g.billedCurrency) / toMajor(g.originalTotalMinor, g.currency)),
    }))
    .sort((a, b) => (a.month === b.month ? a.currency.localeCompare(b.currency) : a.month.localeCompare(b.month)));
}

type TripRow = { id: number; name: string; fromDate: string | null; toDate: string | null; tag: string | null };

function tripFilter(t: TripRow): TransactionFilter {
  return { ...(t.tag ? { tag: t.tag } : { foreign: true }), ...(t.fromDate ? { from: t.fromDate } : {}), ...(t.toDate ? { to: t.toDate } : {}) };
}

function withTotals(database: OpenedDatabase, t: TripRow): Trip {
  const f = filterSql(tripFilter(t));
  const rows = database.sqlite
    .prepare(
      `SELECT t.date, t.amount, t.currency, t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.fx_rate AS fxRate
       FROM transactions t ${f.where} AND t.kind <> 'payment'`,
    )
    .all(...f.params) as (Omit<FxRow, 'originalAmount' | 'originalCurrency'> & { originalAmount: number | null; originalCurrency: string | null })[];
  const billed = new Map<string, { currency: string; totalMinor: number; feeMinor: number }>();
  const original = new Map<string, { currency: string; totalMinor: number }>();
  for (const r of rows) {
    const b = billed.get(r.currency) ?? billed.set(r.currency, { currency: r.currency, totalMinor: 0, feeMinor: 0 }).get(r.currency)!;
    b.totalMinor += r.amount;
    b.feeMinor += fxBreakdown(r)?.fee ?? 0;
    // Rows paid in the billing currency itself count in it on the "original" side too.
    const oc = r.originalCurrency ?? r.currency;
    const o = original.get(oc) ?? original.set(oc, { currency: oc, totalMinor: 0 }).get(oc)!;
    o.totalMinor += r.originalAmount ?? r.amount;
  }
  return {
    id: t.id,
    name: t.name,
    from: t.fromDate,
    to: t.toDate,
    tag: t.tag,
    count: rows.length,
    filter: tripFilter(t),
    billed: [...billed.values()].map((b) => ({ ...b, total: toMajor(b.totalMinor, b.currency) })),
    original: [...original.values()].map((o) => ({ ...o, total: toMajor(o.totalMinor, o.currency) })),
  };
}

export function listTrips(database: OpenedDatabase): Trip[] {
  const rows = database.sqlite.prepare('SELECT id, name, from_date AS fromDate, to_date AS toDate, tag FROM trips ORDER BY COALESCE(from_date, created_at) DESC, id DESC').all() as TripRow[];
  return rows.map((t) => withTotals(database, t));
}

export function saveTrip(database: OpenedDatabase, input: { id?: number; name: string; from?: string | null; to?: string | null; tag?: string | null }): Trip {
  const { sqlite } = database;
  const from = input.from ?? null;
  const to = input.to ?? null;
  const tag = input.tag?.trim() || null;
  if (!tag && !from && !to) throw new ApiFailure('invalid-input', 'a trip needs a tag or dates', { key: 'trip.needsTagOrDates' });
  if (from && to && from > to) throw new ApiFailure('invalid-input', 'the trip ends before it starts', { key: 'trip.endsBeforeStart' });
  if (sqlite.prepare('SELECT 1 FROM trips WHERE name = ? AND id IS NOT ?').get(input.name, input.id ?? null)) throw new ApiFailure('conflict', `a trip named "${input.name}" already exists`, { key: 'trip.nameTaken', params: { name: input.name } });
  let id = input.id;
  if (id !== undefined) {
    if (sqlite.prepare('UPDATE trips SET name = ?, from_date = ?, to_date = ?, tag = ? WHERE id = ?').run(input.name, from, to, tag, id).changes === 0) throw new ApiFailure('not-found', `no trip with id ${id}`, { key: 'trip.notFound' });
  } else id = Number(sqlite.prepare('INSERT INTO trips (name, from_date, to_date, tag) VALUES (?, ?, ?, ?)').run(input.name, from, to, tag).lastInsertRowid);
  return withTotals(database, sqlite.prepare('SELECT id, name, from_date AS fromDate, to_date AS toDate, tag FROM trips WHERE id = ?').get(id) as TripRow);
}

export function deleteTrip(sqlite: Sqlite, id: number): { id: number } {
  if (sqlite.prepare('DELETE FROM trips WHERE id = ?').run(id).changes === 0) throw new ApiFailure('not-found', `no trip with id ${id}`, { key: 'trip.notFound' });
  return { id };
}
