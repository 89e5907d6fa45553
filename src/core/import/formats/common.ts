/**
 * Building blocks shared by the issuer parsers: header search, cell access, amounts, dates,
 * foreign-currency text, kinds and the total check. Pure.
 */
import { parseDate, type DateOrder } from '../../dates';
import { cleanDescription } from '../../merchant';
import { isCurrencyCode, parseAmount } from '../../money';
import type { CsvRecordLike, ImportProblem, ParsedCardholder, ParsedRow, StatementTotal, TransactionKind } from '../types';

/** NFKC, trimmed (also U+3000), inner whitespace collapsed: for comparing header cells and labels. */
export function norm(s: string | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/[\s\u3000]+/gu, ' ').trim();
}

export function isBlank(cells: readonly string[]): boolean {
  // String#trim already removes U+3000; NFKC only for the rare cell trim leaves non-empty.
  return cells.every((c) => c.trim() === '' || norm(c) === '');
}

/** Index of the first record (within the first `scan`) whose cells satisfy `test`, or -1. */
export function findRecord(records: readonly CsvRecordLike[], test: (cells: string[]) => boolean, scan = 40): number {
  const n = Math.min(records.length, scan);
  for (let i = 0; i < n; i++) if (test(records[i]!.cells)) return i;
  return -1;
}

/** Column index by header name (compared after `norm`); names may be strings or patterns. */
export function column(header: readonly string[], ...names: (string | RegExp)[]): number {
  const cells = header.map(norm);
  for (const name of names) {
    const i = cells.findIndex((c) => (typeof name === 'string' ? c === norm(name) : name.test(c)));
    if (i !== -1) return i;
  }
  return -1;
}

/** Does the header contain all these names (after `norm`)? */
export function hasColumns(header: readonly string[], ...names: (string | RegExp)[]): boolean {
  return names.every((n) => column(header, n) !== -1);
}

export const cell = (cells: readonly string[], i: number): string => (i < 0 ? '' : (cells[i] ?? ''));

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

export function amountCell(raw: string, currency: string, line: number, what = 'amount'): Parsed<number> {
  const r = parseAmount(raw, currency);
  return r.ok ? { ok: true, value: r.minor } : { ok: false, problem: { line, message: `${what}: ${r.reason}` } };
}

export function dateCell(raw: string, line: number, order: DateOrder = 'ymd', what = 'date'): Parsed<string> {
  const d = parseDate(raw, order);
  return d ? { ok: true, value: d } : { ok: false, problem: { line, message: `${what}: not a date: "${raw.trim().slice(0, 40)}"` } };
}

const PAYMENT = /口座振替|お支払いありがとう|ご入金|入金|payment.*thank|autopay|^payment\b|direct debit/i;
const FEE = /年会費|手数料|利息|延滞|annual fee|late fee|interest charge|foreign transaction fee/i;

/** A sensible kind from the description and the sign (charges positive). */
const FULL_WIDTH_LATIN = /[\uff01-\uff5e]/;

export function kindOf(description: string, amount: number): TransactionKind {
  // NFKC only when full-width Latin could hide an English keyword (ＰＡＹＭＥＮＴ).
  const d = FULL_WIDTH_LATIN.test(description) ? description.normalize('NFKC') : description;
  if (PAYMENT.test(d) && amount <= 0) return 'payment';
  if (FEE.test(d) && amount > 0) return 'fee';
  return amount < 0 ? 'refund' : 'purchase';
}

export function makeRow(fields: Partial<ParsedRow> & Pick<ParsedRow, 'line' | 'date' | 'description' | 'amount' | 'currency'>): ParsedRow {
  const description = cleanDescription(fields.description);
  return {
    postedDate: null,
    originalAmount: null,
    originalCurrency: null,
    fxRate: null,
    kind: fields.kind ?? kindOf(description, fields.amount),
    cardholder: null,
    paymentPlan: null,
    billedAmount: null,
    status: 'confirmed',
    details: null,
    ...fields,
    description,
  };
}

/** `1回払い`, `１回`, `一括` and empty mean a one-time payment: no plan to keep. */
export function paymentPlan(raw: string): string | null {
  const s = norm(raw);
  if (!s || /^(1|1回(払い?)?|1回払|一括(払い?)?|通常払い|一回払い)$/.test(s)) return null;
  return s;
}

export function holder(name: string, role: ParsedCardholder['role'], lastDigits: string | null = null): ParsedCardholder {
  return { name: cleanDescription(name), role, lastDigits };
}

export interface ForeignAmount {
  originalAmount: number;
  originalCurrency: string;
  fxRate: string | null;
}

/**
 * Foreign-currency detail in free text, in the shapes issuers use:
 * `9.99 USD 151.451 05 16` (ideographic spaces) (Vpass memo), `20.00 USD` (Amex), `現地利用額 ９．９９０変換レート
 * １５１．３５１円` (Rakuten, no currency), `２０．００ＵＳＤ … 換算レート／１５１．２０００円` (Orico, when it prints a code).
 * `currency` is used when the text names none. Returns null when no amount is found.
 */
export function foreignFromText(text: string, currency: string | null = null): ForeignAmount | null {
  const s = text.normalize('NFKC').replace(/\s+/g, ' ');
  const rate = /(?:レート|rate)\s*[/／:：]?\s*([0-9]+(?:\.[0-9]+)?)/i.exec(s);
  let amount: RegExpExecArray | null = /(?:現地利用額|現地通貨額|現地金額)\s*[:：]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Z]{3})?/.exec(s);
  let code = amount?.[2] ?? null;
  if (!amount) {
    amount = /([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Z]{3})\b/.exec(s);
    code = amount?.[2] ?? null;
  }
  if (!code) code = /\b([A-Z]{3})\b/.exec(s)?.[1] ?? currency;
  if (!amount || !code || !isCurrencyCode(code)) return null;
  const parsed = parseAmount(amount[1]!, code);
  if (!parsed.ok) {
    // More decimals than the currency has (Rakuten prints 9.990 USD): round half away from zero.
    const n = Number(amount[1]!.replace(/,/g, ''));
    if (!Number.isFinite(n)) return null;
    return { originalAmount: Math.round(n * 10 ** minorDigits(code)), originalCurrency: code, fxRate: rate?.[1] ?? null };
  }
  let fxRate = rate?.[1] ?? null;
  if (!fxRate) {
    // Vpass: `9.99 USD 151.451 05 16` — the number right after the code is the rate.
    const after = new RegExp(`${code}\\s+([0-9]+\\.[0-9]+)`).exec(s);
    fxRate = after?.[1] ?? null;
  }
  return { originalAmount: parsed.minor, originalCurrency: code, fxRate };
}

function minorDigits(code: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The statement total check: a warning when the rows do not add up to what the file prints. */
export function totalCheck(printed: number, computed: number, label: string): StatementTotal {
  return { printed, computed, label };
}

/** Year-month `YYYY-MM` from a file name like `enavi202506(1234).csv` or `202409確定分.csv`. */
export function monthFromFileName(fileName: string): string | null {
  const m = /(20\d{2})(0[1-9]|1[0-2])/.exec(fileName);
  return m ? `${m[1]}-${m[2]}` : null;
}
