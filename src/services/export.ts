/**
 * CSV exports: a month's transactions and its summary, UTF-8 with BOM (Excel opens it right) or
 * Shift_JIS; every cell a spreadsheet would run as a formula is neutralised.
 */
import { encodeCp932 } from '../core/cp932';
import { minorToDecimalString } from '../core/money';
import type { Locale } from '../shared/api/contract';
import type { OpenedDatabase } from './db/open';
import { monthReview, monthWhere, type Basis } from './review';

/** A number column's value (an amount, a rate) as exact decimal text: written as the number it is. */
export interface CsvNumber {
  readonly number: string;
}
export const csvNumber = (text: string | null): CsvNumber | null => (text === null ? null : { number: text });
export type CsvValue = string | number | CsvNumber | null;

/**
 * What makes a spreadsheet run a cell as a formula (or a DDE command): `=`, `+`, `-`, `@`, tab, CR
 * and LF at the start — and their full-width forms ＝＋－＠, which Japanese Excel also accepts.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula is written as text (leading
 * apostrophe) — any text, even `-1200` in a description. Number columns (`csvNumber`, JS numbers)
 * stay numbers, negative ones too (a refund's -1200 can still be summed), unless they are not a
 * plain number after all, when they are neutralised like text.
 */
export function csvCell(v: CsvValue): string {
  if (v === null) return '';
  const neutral = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'object' ? (PLAIN_NUMBER.test(v.number) ? v.number : neutral(v.number)) : neutral(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export type CsvEncoding = 'utf-8' | 'shift_jis';

export function encodeCsv(lines: readonly CsvValue[][], encoding: CsvEncoding): Uint8Array {
  const text = `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
  // Shift_JIS has no emoji and few accents: those become "?" rather than failing the export.
  return encoding === 'shift_jis' ? encodeCp932(text, '?') : new TextEncoder().encode(`\ufeff${text}`);
}

type Field = 'date' | 'postedDate' | 'card' | 'holder' | 'description' | 'displayName' | 'amount' | 'currency' | 'originalAmount' | 'originalCurrency' | 'fxRate' | 'kind' | 'category' | 'tags' | 'memo' | 'documents';
const HEADER = ['date', 'posted_date', 'card', 'cardholder', 'description', 'display_name', 'amount', 'currency', 'original_amount', 'original_currency', 'fx_rate', 'kind', 'category', 'tags', 'memo', 'documents'];

/** The rows of a month by usage or billing month (optionally one card), one line each, with the foreign-currency fields. */
export function monthTransactionLines(database: OpenedDatabase, month: string, cardId?: number | null, basis: Basis = 'usage'): CsvValue[][] {
  const scope = monthWhere(month, basis);
  const rows = database.sqlite
    .prepare(
      `SELECT t.date, t.posted_date AS postedDate, c.name AS card, h.name AS holder, t.description, t.display_name AS displayName, t.amount, t.currency,
         t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.fx_rate AS fxRate, t.kind, cat.name AS category,
         (SELECT group_concat(g.name, ' | ') FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.transaction_id = t.id) AS tags, t.memo,
         (SELECT group_concat(d.path, ' | ') FROM transaction_documents td JOIN documents d ON d.id = td.document_id WHERE td.transaction_id = t.id) AS documents
       FROM transactions t JOIN cards c ON c.id = t.card_id LEFT JOIN cardholders h ON h.id = t.cardholder_id LEFT JOIN categories cat ON cat.id = t.category_id
       WHERE ${scope.sql} ${cardId ? 'AND t.card_id = ?' : ''} ORDER BY t.date, t.id`,
    )
    .all(...scope.params, ...(cardId ? [cardId] : [])) as Record<Field, string | number | null>[];
  return [
    HEADER,
    ...rows.map((r) => [
      r.date,
      r.postedDate,
      r.card,
      r.holder,
      r.description,
      r.displayName,
      csvNumber(minorToDecimalString(Number(r.amount), String(r.currency))),
      r.currency,
      r.originalAmount === null || !r.originalCurrency ? null : csvNumber(minorToDecimalString(Number(r.originalAmount), String(r.originalCurrency))),
      r.originalCurrency,
      r.fxRate === null ? null : csvNumber(String(r.fxRate)),
      r.kind,
      r.category,
      r.tags,
      r.memo,
      r.documents,
    ]),
  ];
}

/**
 * The month's summary as the review shows it, by usage or billing month and optionally one card:
 * the total against last month and the same month last year, spending by category (with budget),
 * card, cardholder and merchant, and each card's bill.
 */
export function monthSummaryLines(database: OpenedDatabase, month: string, homeCurrency: string, locale: Locale, options: { basis?: Basis; cardId?: number | null } = {}): CsvValue[][] {
  const basis = options.basis ?? 'usage';
  const r = monthReview(database, { month, basis, homeCurrency, locale, cardId: options.cardId ?? null });
  const m = (minor: number | null, currency = homeCurrency) => (minor === null ? null : csvNumber(minorToDecimalString(minor, currency)));
  const uncategorised = locale === 'ja' ? '未分類' : 'Uncategorised';
  const lines: CsvValue[][] = [['section', 'name', 'amount', 'currency', 'count', 'previous_month', 'budget', 'last_year', 'payment_date']];
  lines.push(['basis', basis, null, null, null, null, null, null, null]);
  if (options.cardId) {
    const card = database.sqlite.prepare('SELECT name FROM cards WHERE id = ?').pluck().get(options.cardId) as string | undefined;
    lines.push(['card_filter', card ?? String(options.cardId), null, null, null, null, null, null, null]);
  }
  lines.push(['total', month, m(r.totalMinor), homeCurrency, r.count, m(r.previous.totalMinor), null, m(r.lastYear.totalMinor), null]);
  lines.push(['previous_month', r.previous.month, m(r.previous.totalMinor), homeCurrency, null, null, null, null, null]);
  lines.push(['last_year', r.lastYear.month, m(r.lastYear.totalMinor), homeCurrency, null, null, null, null, null]);
  for (const c of r.byCategory) lines.push(['category', c.category ?? uncategorised, m(c.totalMinor), homeCurrency, c.count, m(c.previousMinor), m(c.budgetMinor), m(c.lastYearMinor), null]);
  for (const c of r.byCard) lines.push(['card', c.card, m(c.totalMinor), homeCurrency, c.count, null, null, null, null]);
  for (const c of r.byCardholder) lines.push(['cardholder', c.cardholder ?? '', m(c.totalMinor), homeCurrency, c.count, null, null, null, null]);
  for (const c of r.topMerchants) lines.push(['merchant', c.description, m(c.totalMinor), homeCurrency, c.count, null, null, null, null]);
  for (const b of r.bills) lines.push(['bill', b.card, m(b.totalMinor, b.currency), b.currency, b.count, null, null, null, b.paymentDate]);
  for (const o of r.otherCurrencies) lines.push(['other_currency', o.currency, m(o.totalMinor, o.currency), o.currency, null, null, null, null, null]);
  return lines;
}

export function exportMonth(
  database: OpenedDatabase,
  input: { month: string; card?: number | null; what: 'transactions' | 'summary'; encoding: CsvEncoding; basis?: Basis },
  homeCurrency: string,
  locale: Locale,
): { name: string; data: Uint8Array; rows: number } {
  const basis = input.basis ?? 'usage';
  const lines =
    input.what === 'transactions' ? monthTransactionLines(database, input.month, input.card, basis) : monthSummaryLines(database, input.month, homeCurrency, locale, { basis, cardId: input.card ?? null });
  const suffix = `${basis === 'billing' ? '-billing' : ''}${input.encoding === 'shift_jis' ? '-sjis' : ''}`;
  return { name: `${input.what}-${input.month}${suffix}.csv`, data: encodeCsv(lines, input.encoding), rows: lines.length - 1 };
}
