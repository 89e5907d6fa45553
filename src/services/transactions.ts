/**
 * Reading the ledger: one filter → SQL builder shared by the list, bulk edits and saved filters.
 * Queries are plain SQL over indexed columns; amounts leave as exact minor units too.
 */
import { DEFAULT_CATEGORIES, categoryDisplayName } from '../core/categories';
import { monthRange } from '../core/dates';
import { fxBreakdown } from '../core/fx';
import { ISO_4217 } from '../core/currencies';
import { minorUnits, toMajor } from '../core/money';
import { searchTerms } from '../core/search';
import { billingMonthWhere } from './billing';
import { matchingTextIds, searchCondition, searchConditionFor } from './search-texts';
import { TransactionCountQuery, TransactionFilter, TransactionQuery, type Locale, type Transaction } from '../shared/api/contract';
import type { OpenedDatabase } from './db/open';

type Row = {
  id: number;
  cardId: number;
  cardName: string;
  cardholder: string | null;
  date: string;
  postedDate: string | null;
  description: string;
  merchant: string;
  displayName: string | null;
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  fxRate: string | null;
  kind: Transaction['kind'];
  categoryId: number | null;
  category: string | null;
  categoryKey: string | null;
  categoryColor: string | null;
  categoryManual: number;
  memo: string | null;
  tags: string | null;
  documents: string | null;
  hasReceipt: number;
};

export interface FilterSql {
  /** Conditions on `transactions t` only (sub-selects, no joins), so counts stay cheap. */
  where: string;
  params: (string | number)[];
}

let currencyGroups: Map<number, string[]> | null = null;
/** Currencies by minor digits (ISO 4217), so an amount bound in major units becomes SQL over minor units. */
function groups(): Map<number, string[]> {
  if (!currencyGroups) {
    currencyGroups = new Map();
    for (const [code, digits] of Object.entries(ISO_4217)) currencyGroups.set(digits, [...(currencyGroups.get(digits) ?? []), code]);
  }
  return currencyGroups;
}

function amountBound(op: '>=' | '<=', major: number, currency: string | undefined, params: (string | number)[]): string {
  if (currency) {
    params.push(boundMinor(major, currency, op));
    return `t.amount ${op} ?`;
  }
  // Without a currency the bound means the same major amount in every currency (2 digits unless listed).
  const cases: string[] = [];
  for (const [digits, codes] of groups()) {
    if (digits === 2) continue;
    cases.push(`WHEN t.currency IN (${codes.map((c) => `'${c}'`).join(',')}) THEN ?`);
    params.push(boundMinor(major, codes[0]!, op));
  }
  params.push(boundMinor(major, 'USD', op));
  return `t.amount ${op} (CASE ${cases.join(' ')} ELSE ? END)`;
}

/** A major-unit bound in minor units, rounded outward so `>= 10.5` on JPY still means `>= 11`. */
function boundMinor(major: number, currency: string, op: '>=' | '<='): number {
  const scaled = major * 10 ** minorUnits(currency);
  const rounded = op === '>=' ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9);
  return Number.isSafeInteger(rounded) ? rounded : op === '>=' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
}

export interface FilterOptions {
  /**
   * Match the search text row by row while reading in another order (the unary `+` keeps SQLite
   * off the search index): for a word so common that the newest rows soon fill a page.
   */
  scanSearch?: boolean;
  /** The matching texts' ids, found already (`matchingTextIds`). */
  searchIds?: string;
}

export function filterSql(raw: TransactionFilter, options: FilterOptions = {}): FilterSql {
  const f = TransactionFilter.parse(raw);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.month) {
    const { from, to } = monthRange(f.month);
    where.push('t.date BETWEEN ? AND ?');
    params.push(from, to);
  }
  if (f.from) {
    where.push('t.date >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('t.date <= ?');
    params.push(f.to);
  }
  if (typeof f.card === 'number') {
    where.push('t.card_id = ?');
    params.push(f.card);
  } else if (typeof f.card === 'string') {
    where.push('t.card_id IN (SELECT id FROM cards WHERE name = ? OR CAST(id AS TEXT) = ?)');
    params.push(f.card, f.card);
  }
  if (f.billingMonth) {
    const b = billingMonthWhere(f.billingMonth);
    where.push(b.sql);
    params.push(...b.params);
  }
  if (f.cardholderId === 'none') where.push('t.cardholder_id IS NULL');
  else if (f.cardholderId !== undefined) {
    where.push('t.cardholder_id = ?');
    params.push(f.cardholderId);
  }
  if (f.merchant) {
    where.push('t.merchant = ?');
    params.push(f.merchant);
  }
  if (f.cardholder) {
    where.push('t.cardholder_id IN (SELECT id FROM cardholders WHERE name = ?)');
    params.push(f.cardholder);
  }
  if (f.categoryId === 'none') where.push('t.category_id IS NULL');
  else if (f.categoryId !== undefined) {
    where.push('t.category_id = ?');
    params.push(f.categoryId);
  }
  if (f.category) {
    // By name as stored, by built-in key, or by a built-in's name in either language.
    const builtin = DEFAULT_CATEGORIES.find((c) => c.key === f.category || c.ja === f.category || c.en.toLowerCase() === f.category!.toLowerCase());
    where.push('t.category_id IN (SELECT id FROM categories WHERE name = ? OR builtin_key = ?)');
    params.push(f.category, builtin?.key ?? f.category);
  }
  if (f.tag) {
    where.push('t.id IN (SELECT tt.transaction_id FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.name = ?)');
    params.push(f.tag);
  }
  if (f.kinds?.length) {
    where.push(`t.kind IN (${f.kinds.map(() => '?').join(',')})`);
    params.push(...f.kinds);
  }
  if (f.currency) {
    where.push('t.currency = ?');
    params.push(f.currency);
  }
  if (f.amountMin !== undefined) where.push(amountBound('>=', f.amountMin, f.currency, params));
  if (f.amountMax !== undefined) where.push(amountBound('<=', f.amountMax, f.currency, params));
  if (f.foreign !== undefined) where.push(f.foreign ? 't.original_currency IS NOT NULL' : 't.original_currency IS NULL');
  if (f.originalCurrency) {
    where.push('t.original_currency = ?');
    params.push(f.originalCurrency);
  }
  if (f.hasMemo !== undefined) where.push(f.hasMemo ? "(t.memo IS NOT NULL AND t.memo <> '')" : "(t.memo IS NULL OR t.memo = '')");
  if (f.hasReceipt !== undefined) {
    where.push(`${f.hasReceipt ? '' : 'NOT '}EXISTS (SELECT 1 FROM transaction_documents td JOIN documents d ON d.id = td.document_id WHERE td.transaction_id = t.id AND d.kind = 'receipt')`);
  }
  if (f.document) {
    where.push('t.id IN (SELECT transaction_id FROM transaction_documents WHERE document_id = ?)');
    params.push(f.document);
  }
  const terms = searchTerms(f.search ?? '');
  if (terms.length) {
    // Stored search texts are folded the same way as the terms (width, case, kana).
    const column = options.scanSearch ? '+t.search_id' : 't.search_id';
    const c = options.searchIds === undefined ? searchCondition(terms, column) : searchConditionFor(options.searchIds, column);
    where.push(c.sql);
    params.push(...c.params);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const ORDER: Record<NonNullable<TransactionQuery['sort']>, string> = {
  date: 't.date {o}, t.id {o}',
  amount: 't.amount {o}, t.date DESC, t.id DESC',
  description: 'COALESCE(t.display_name, t.description) {o}, t.date DESC, t.id DESC',
  category: 'cat.sort_order IS NULL, cat.sort_order {o}, cat.name {o}, t.date DESC, t.id DESC',
  card: 'c.name {o}, t.date DESC, t.id DESC',
};

type Totals = { currency: string; totalMinor: number; count: number }[];

/**
 * How many rows match (and, when asked, their sums per currency without card payments), in one pass.
 * Separate from the page so a table can show its first rows before a count over every match.
 */
export function countTransactions(database: OpenedDatabase, rawQuery: TransactionCountQuery): { total: number; totals?: Totals } {
  const q = TransactionCountQuery.parse(rawQuery);
  const f = filterSql(q);
  const { sqlite } = database;
  if (!q.withTotals) return { total: sqlite.prepare(`SELECT COUNT(*) FROM transactions t ${f.where}`).pluck().get(...f.params) as number };
  const groups = sqlite
    .prepare(
      `SELECT t.currency, SUM(t.amount) FILTER (WHERE t.kind <> 'payment') AS totalMinor, COUNT(*) FILTER (WHERE t.kind <> 'payment') AS count, COUNT(*) AS rows
       FROM transactions t ${f.where} GROUP BY t.currency ORDER BY t.currency`,
    )
    .all(...f.params) as (Totals[number] & { rows: number })[];
  return { total: groups.reduce((n, g) => n + g.rows, 0), totals: groups.filter((g) => g.count > 0).map(({ currency, totalMinor, count }) => ({ currency, totalMinor, count })) };
}

/** Ids of every row matching a filter (bulk edits by filter). */
export function transactionIds(database: OpenedDatabase, filter: TransactionFilter): number[] {
  const f = filterSql(filter);
  return (database.sqlite.prepare(`SELECT t.id FROM transactions t ${f.where}`).pluck().all(...f.params) as number[]);
}

/** Rows a text search first reads from the newest (or oldest) end, in date order. */
const SEARCH_SLICE = 20_000;
/**
 * Up to this many rows with a matching text are found through the search index and sorted: when no
 * other filter needs the rows themselves, the index (text, date) alone sorts them (~0.5 µs a row);
 * otherwise each is read (~4 µs). Past that, reading in date order fills a page sooner.
 */
const SEARCH_INDEX_ROWS = 50_000;
const SEARCH_INDEX_ROWS_READ = 5_000;
/** Filters that narrow the rows through an index of their own: the planner's plain choice is good then. */
const INDEXED_FILTERS = ['month', 'from', 'to', 'card', 'category', 'categoryId', 'tag', 'document'] as const;

/**
 * The ids of one page. A text search first finds the matching texts (a small table, see
 * search-texts.ts) and counts their rows through the search index, stopping past SEARCH_INDEX_ROWS:
 * - none: the page is empty, without reading a row;
 * - up to SEARCH_INDEX_ROWS (fewer when other filters must read each row): through the index, sorted;
 * - more (a common word): the rows are read in the page's order, testing each row's text id, which
 *   soon fills a page. In date order SQLite would walk the date index looking each row up, so it
 *   reads a slice of the newest (or oldest) rows first: when the slice holds offset + limit matches,
 *   those are the page, since every row outside it sorts after them; when not, the matches seen say
 *   how much wider a slice must be, and past a quarter of the table one straight read is cheaper.
 */
function pageIds(
  sqlite: OpenedDatabase['sqlite'],
  q: ReturnType<typeof TransactionQuery.parse>,
  f: FilterSql,
  join: string,
  order: string,
  limits: { searchSlice: number; searchIndexRows: number },
): number[] {
  const page = (where: string, params: (string | number)[], from = 'transactions t') =>
    sqlite.prepare(`SELECT t.id FROM ${from} ${join} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...params, q.limit, q.offset) as number[];
  const terms = searchTerms(q.search ?? '');
  if (terms.length === 0) return page(f.where, f.params);
  const searchIds = matchingTextIds(sqlite, terms);
  if (searchIds === '[]') return [];
  const c = searchConditionFor(searchIds);
  const covered = q.sort === 'date' && filterSql({ ...q, search: undefined, month: undefined, from: undefined, to: undefined }).where === '';
  const limit = covered ? limits.searchIndexRows : Math.min(limits.searchIndexRows, SEARCH_INDEX_ROWS_READ);
  const matching = sqlite.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM transactions t WHERE ${c.sql} LIMIT ?)`).pluck().get(...c.params, limit + 1) as number;
  if (matching === 0) return [];
  if (matching <= limit || q.sort !== 'date') {
    const found = filterSql(q, { searchIds });
    return page(found.where, found.params);
  }
  const scan = filterSql(q, { scanSearch: true, searchIds });
  // (Rows without a category are not in the category index.)
  const indexed = INDEXED_FILTERS.some((k) => q[k] !== undefined && !(k === 'categoryId' && q.categoryId === 'none'));
  if (indexed) return page(scan.where, scan.params);
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  const want = q.offset + q.limit;
  const rows = sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
  for (let slice = limits.searchSlice; slice < rows / 4; ) {
    const edge = sqlite.prepare(`SELECT date FROM transactions ORDER BY date ${dir} LIMIT 1 OFFSET ?`).pluck().get(slice - 1) as string;
    const ids = sqlite
      .prepare(`SELECT t.id FROM transactions t ${scan.where} AND t.date ${dir === 'DESC' ? '>=' : '<='} ? ORDER BY ${order} LIMIT ?`)
      .pluck()
      .all(...scan.params, edge, want) as number[];
    if (ids.length === want) return ids.slice(q.offset);
    // At least four times wider each time, so a slice that keeps falling short soon gives way to the straight read.
    slice = ids.length ? Math.max(slice * 4, Math.ceil(((want * slice) / ids.length) * 1.25)) : rows;
  }
  return page(scan.where, scan.params, 'transactions t NOT INDEXED');
}

export function listTransactions(
  database: OpenedDatabase,
  rawQuery: TransactionQuery,
  locale: Locale = 'ja',
  /** Tests only: smaller limits reach every way of finding a search page on a smaller ledger. */
  tuning: { searchSlice?: number; searchIndexRows?: number } = {},
): { rows: Transaction[]; total: number; totals?: Totals } {
  const q = TransactionQuery.parse(rawQuery);
  const f = filterSql(q);
  const { sqlite } = database;
  const total = q.withCount ? (sqlite.prepare(`SELECT COUNT(*) AS n FROM transactions t ${f.where}`).get(...f.params) as { n: number }).n : -1;
  const order = ORDER[q.sort].replaceAll('{o}', q.order.toUpperCase());
  // Two steps: the page's ids from transactions alone (index order, cheap to skip over for deep
  // offsets), then the rows with their joins and lists for just those ids.
  const join = q.sort === 'category' ? 'LEFT JOIN categories cat ON cat.id = t.category_id' : q.sort === 'card' ? 'JOIN cards c ON c.id = t.card_id' : '';
  const ids = pageIds(sqlite, q, f, join, order, { searchSlice: SEARCH_SLICE, searchIndexRows: SEARCH_INDEX_ROWS, ...tuning });
  const found = new Map<number, Row>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = sqlite
      .prepare(
        `SELECT t.id, t.card_id AS cardId, c.name AS cardName, h.name AS cardholder, t.date, t.posted_date AS postedDate,
           t.description, t.merchant, t.display_name AS displayName, t.amount, t.currency, t.original_amount AS originalAmount,
           t.original_currency AS originalCurrency, t.fx_rate AS fxRate, t.kind, t.category_id AS categoryId, cat.name AS category,
           cat.builtin_key AS categoryKey, cat.color AS categoryColor, t.category_manual AS categoryManual, t.memo,
           (SELECT json_group_array(g.name) FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.transaction_id = t.id) AS tags,
           (SELECT json_group_array(d.path) FROM transaction_documents td JOIN documents d ON d.id = td.document_id WHERE td.transaction_id = t.id) AS documents,
           EXISTS (SELECT 1 FROM transaction_documents td JOIN documents d ON d.id = td.document_id WHERE td.transaction_id = t.id AND d.kind = 'receipt') AS hasReceipt
         FROM transactions t
         JOIN cards c ON c.id = t.card_id
         LEFT JOIN cardholders h ON h.id = t.cardholder_id
         LEFT JOIN categories cat ON cat.id = t.category_id
         WHERE t.id IN (${part.map(() => '?').join(',')})`,
      )
      .all(...part) as Row[];
    for (const r of rows) found.set(r.id, r);
  }
  const rows = ids.map((id) => found.get(id)!);
  const totals = q.withTotals
    ? (sqlite
        .prepare(`SELECT t.currency, SUM(t.amount) AS totalMinor, COUNT(*) AS count FROM transactions t ${f.where ? `${f.where} AND` : 'WHERE'} t.kind <> 'payment' GROUP BY t.currency ORDER BY t.currency`)
        .all(...f.params) as Totals)
    : undefined;
  return { total, rows: rows.map((r) => toTransaction(r, locale)), ...(totals ? { totals } : {}) };
}

function toTransaction(r: Row, locale: Locale): Transaction {
  const fx = fxBreakdown(r);
  return {
    id: r.id,
    cardId: r.cardId,
    cardName: r.cardName,
    cardholder: r.cardholder,
    date: r.date,
    postedDate: r.postedDate,
    description: r.description,
    merchant: r.merchant,
    displayName: r.displayName,
    amount: toMajor(r.amount, r.currency),
    amountMinor: r.amount,
    currency: r.currency,
    originalAmount: r.originalAmount === null || !r.originalCurrency ? null : toMajor(r.originalAmount, r.originalCurrency),
    originalCurrency: r.originalCurrency,
    fxRate: r.fxRate,
    impliedRate: fx?.implied ?? null,
    fxFeeMinor: fx?.fee ?? null,
    kind: r.kind,
    categoryId: r.categoryId,
    category: r.category === null ? null : categoryDisplayName(r.category, r.categoryKey, locale),
    categoryColor: r.categoryColor,
    categoryManual: r.categoryManual === 1,
    tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
    memo: r.memo,
    documents: r.documents ? (JSON.parse(r.documents) as string[]) : [],
    hasReceipt: r.hasReceipt === 1,
  };
}
