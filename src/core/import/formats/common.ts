/**
 * Building blocks shared by the issuer parsers: header search, the frame every header layout is
 * read in (`headerFormat`), row checks, cell access, amounts, dates, cardholders, foreign-currency
 * text and kinds. Pure. What issuers print around the rows (preamble, payment date, totals) is in
 * `preamble.ts`.
 */
import { parseDate, type DateOrder } from '../../dates';
import { isValidRate } from '../../fx';
import { cleanDescription } from '../../merchant';
import { isCurrencyCode, minorUnits, parseAmount } from '../../money';
import { isBlankRecord } from '../csv';
import type { CardHint, CardholderRole, CsvRecordLike, ImportProblem, ParseOptions, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat, TransactionKind } from '../types';

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

// ---------- formats with a header row: find it, read below it, end the same way ----------

/** A header-based statement being read: its header record, where it is, and the result so far. */
export interface Frame {
  header: CsvRecordLike;
  /** Position of the header in `records`; the data rows follow it. */
  index: number;
  /** Rows, problems, total, month and card details are filled in here as the file is read. */
  result: ParsedStatement;
}

/** A layout whose transactions sit under a header row, as most issuers' CSVs are. */
export interface HeaderLayout {
  id: string;
  label: string;
  isHeader(cells: string[]): boolean;
  /** The card as far as is known before reading (the file name may tell); `read` adds what the file says. */
  card(options: ParseOptions): CardHint;
  /** The error when no header is found: the layout and its key columns. */
  missing: string;
  /** How the no-rows error names the header (`an AEON header`); `a header` when not given. */
  header?: string;
  /** Read what is around and below the header into `f.result`. */
  read(records: readonly CsvRecordLike[], f: Frame, options: ParseOptions): void;
}

/**
 * The format for a header layout. What is the same for all of them is done here: the header is
 * looked for in the first 40 records (its absence is the one error), a header with nothing under
 * it is an error naming its line, and a file with any error carries no rows: it is rejected whole.
 */
export function headerFormat(l: HeaderLayout): StatementFormat {
  return {
    id: l.id,
    label: l.label,
    detect(records) {
      return findRecord(records, l.isHeader) !== -1;
    },
    parse(records, options) {
      const result: ParsedStatement = { format: l.id, rows: [], card: l.card(options), total: null, statementMonth: null, errors: [], warnings: [] };
      const index = findRecord(records, l.isHeader);
      if (index === -1) {
        result.errors.push({ line: null, message: l.missing });
        return result;
      }
      const f: Frame = { header: records[index]!, index, result };
      l.read(records, f, options);
      if (result.rows.length === 0 && result.errors.length === 0) result.errors.push(noRows(f.header.line, l.header));
      if (result.errors.length > 0) result.rows = [];
      return result;
    },
  };
}

/** A header with no transaction under it; `header` names it (`an AEON header`). */
export function noRows(line: number, header = 'a header'): ImportProblem {
  return { line, message: `the file has ${header} but no transaction rows` };
}

/**
 * The records below the header with anything in them: blank ones (separators, padding) are
 * skipped. With `minFields`, a record too short for the columns read is reported to the result's
 * errors and skipped too (for layouts with no marker or section rows to look at first).
 */
export function* recordsBelow(records: readonly CsvRecordLike[], f: Frame, minFields?: number): Generator<CsvRecordLike> {
  for (let i = f.index + 1; i < records.length; i++) {
    const r = records[i]!;
    if (isBlankRecord(r.cells)) continue;
    const short = minFields === undefined ? null : tooFewFields(r, f.header.cells, minFields);
    if (short) f.result.errors.push(short);
    else yield r;
  }
}

// ---------- row checks ----------

/** The message for a row with fewer fields than its header (amex-jp's hot loop counts inline and only words it here). */
export function truncatedRow(line: number, fields: number, headerFields: number): ImportProblem {
  return { line, message: `the row has ${fields} fields but the header has ${headerFields} (truncated line?)` };
}

/**
 * A row too short to hold the columns the layout reads (`minFields`): a line cut short. Shorter
 * than the header is fine otherwise: spreadsheet re-saves drop trailing empty fields.
 */
export function tooFewFields(r: CsvRecordLike, header: readonly string[], minFields: number): ImportProblem | null {
  return r.cells.length < minFields ? truncatedRow(r.line, r.cells.length, header.length) : null;
}

/**
 * Text past the header's last column: an unquoted comma shifted the fields, so every column after
 * it would be read wrong. Empty fields there are only padding (spreadsheet re-saves).
 */
export function pastHeader(r: CsvRecordLike, header: readonly string[]): ImportProblem | null {
  const c = r.cells;
  if (c.length > header.length && c.slice(header.length).some((x) => x.trim() !== '')) {
    return { line: r.line, message: `the row has ${c.length} fields but the header has ${header.length} (an unquoted comma?)` };
  }
  return null;
}

// ---------- cells ----------

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

/**
 * The value read from a cell; when it could not be read, its problem goes to `errors` and the
 * result is undefined, for the caller to skip the row: `const d = take(dateCell(…), errors); if (d === undefined) continue;`.
 */
export function take<T>(p: Parsed<T>, errors: ImportProblem[]): T | undefined {
  if (p.ok) return p.value;
  errors.push(p.problem);
  return undefined;
}

export function amountCell(raw: string, currency: string, line: number, what = 'amount'): Parsed<number> {
  const r = parseAmount(raw, currency);
  return r.ok ? { ok: true, value: r.minor } : { ok: false, problem: { line, message: `${what}: ${r.reason}` } };
}

/** An amount cell that may be empty (billed-this-month columns left blank): empty → null. */
export function amountOrEmpty(raw: string, currency: string, line: number, what = 'amount'): Parsed<number | null> {
  return raw.trim() === '' ? { ok: true, value: null } : amountCell(raw, currency, line, what);
}

export function dateCell(raw: string, line: number, order: DateOrder = 'ymd', what = 'date'): Parsed<string> {
  const d = parseDate(raw, order);
  return d ? { ok: true, value: d } : { ok: false, problem: { line, message: `${what}: not a date: "${raw.trim().slice(0, 40)}"` } };
}

/** What every transaction row has: its line, date and amount. */
export interface RowBase {
  line: number;
  date: string;
  amount: number;
}

/**
 * A row's date and amount from their columns, or null when either cannot be read (its problem
 * is added to `errors`, the date's first). The options' `date` and `amount` name the columns in
 * the messages; `order` is the layout's date order, never guessed from the data.
 */
export function dateAndAmount(
  r: CsvRecordLike,
  cols: { date: number; amount: number },
  currency: string,
  errors: ImportProblem[],
  { order = 'ymd', date: dateName = 'date', amount: amountName = 'amount' }: { order?: DateOrder; date?: string; amount?: string } = {},
): RowBase | null {
  const date = take(dateCell(r.cells[cols.date] ?? '', r.line, order, dateName), errors);
  if (date === undefined) return null;
  const amount = take(amountCell(r.cells[cols.amount] ?? '', currency, r.line, amountName), errors);
  if (amount === undefined) return null;
  return { line: r.line, date, amount };
}

const PAYMENT = /口座振替|お支払いありがとう|ご入金|入金|payment.*thank|autopay|^payment\b|direct debit/i;
const FEE = /年会費|手数料|利息|延滞|annual fee|late fee|interest charge|foreign transaction fee/i;

/** A sensible kind from the description and the sign (charges positive). */
const FULL_WIDTH_LATIN = /[\uff01-\uff5e]/;

export function kindOf(description: string, amount: number): TransactionKind {
  return kindFromWords(kindWords(description), amount);
}

/** Bits of `kindWords`: the text names a payment (1) or a fee (2). */
const PAYMENT_WORDS = 1;
const FEE_WORDS = 2;

/**
 * The part of `kindOf` that reads the text (its regexes), as bits for `kindFromWords`: a parser
 * that meets the same description on many rows can work it out once per distinct text.
 */
export function kindWords(description: string): number {
  // NFKC only when full-width Latin could hide an English keyword (ＰＡＹＭＥＮＴ).
  const d = FULL_WIDTH_LATIN.test(description) ? description.normalize('NFKC') : description;
  return (PAYMENT.test(d) ? PAYMENT_WORDS : 0) | (FEE.test(d) ? FEE_WORDS : 0);
}

/** `kindOf` from a description's `kindWords` and the amount's sign. */
export function kindFromWords(words: number, amount: number): TransactionKind {
  if (words & PAYMENT_WORDS && amount <= 0) return 'payment';
  if (words & FEE_WORDS && amount > 0) return 'fee';
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

/**
 * A dateless text row under a transaction (Olive's `…全額繰上返済`, Rakuten's ETC detail) is a note
 * on that row, in `details.note`; before any transaction it has nothing to belong to and is
 * skipped with a warning.
 */
export function attachNote(last: ParsedRow | null, text: string, line: number, warnings: ImportProblem[]): void {
  if (!last) {
    warnings.push({ line, message: `skipped a row without a date before any transaction: "${text.slice(0, 40)}"` });
    return;
  }
  const details: Record<string, string> = (last.details ??= {});
  details.note = details.note ? `${details.note} / ${text}` : text;
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

/** 利用者 labels as issuers print them (compared after NFKC, so `ＥＴＣ` is ETC). */
const ROLE_LABELS: readonly (readonly [string, CardholderRole])[] = [
  ['本人', 'primary'],
  ['ご本人', 'primary'], // Vpass not-yet-settled
  ['家族', 'family'],
  ['ご家族', 'family'],
  ['ETC', 'etc'], // Rakuten's ETC card
];

/**
 * The role a 利用者 label names. Some issuers print the label alone (AEON, Orico, Rakuten); others
 * follow it with more (`本人*` PayPay, `本人(0000)` au PAY, `ご本人` plus padding in Vpass): `prefix`
 * reads those by their start. Anything else is `unknown`.
 */
export function cardholderRole(label: string, { prefix = false } = {}): CardholderRole {
  const s = norm(label);
  for (const [text, role] of ROLE_LABELS) if (prefix ? s.startsWith(text) : s === text) return role;
  return 'unknown';
}

/**
 * Cardholders by 利用者 text, for columns that repeat the same text on every row: `make` runs once
 * per distinct (trimmed) text, and its result, also null, is reused. An empty cell is no cardholder.
 */
export function holderCache(make: (text: string) => ParsedCardholder | null): (raw: string) => ParsedCardholder | null {
  const seen = new Map<string, ParsedCardholder | null>();
  return (raw) => {
    const text = raw.trim();
    if (text === '') return null;
    let h = seen.get(text);
    if (h === undefined) {
      h = make(text);
      seen.set(text, h);
    }
    return h;
  };
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
    // Done on the digits, not through floating point (1.005 × 100 is 100.49999… in binary).
    const [int = '0', frac = ''] = amount[1]!.replace(/,/g, '').split('.');
    const d = minorUnits(code);
    const minor = Number(int + frac.slice(0, d).padEnd(d, '0')) + (frac.length > d && frac[d]! >= '5' ? 1 : 0);
    if (!Number.isSafeInteger(minor)) return null;
    return { originalAmount: minor, originalCurrency: code, fxRate: rate?.[1] ?? null };
  }
  let fxRate = rate?.[1] ?? null;
  if (!fxRate) {
    // Vpass: `9.99 USD 151.451 05 16` — the number right after the code is the rate.
    const after = new RegExp(`${code}\\s+([0-9]+\\.[0-9]+)`).exec(s);
    fxRate = after?.[1] ?? null;
  }
  return { originalAmount: parsed.minor, originalCurrency: code, fxRate };
}

/**
 * Currency signs and names statements print instead of a code, longest first (`US$` before `$`).
 * A bare `$` is taken as USD: in Japanese statements it is the dollar people mean.
 */
const CURRENCY_SIGNS: readonly (readonly [string, string])[] = [
  ['ニュージーランドドル', 'NZD'], ['シンガポールドル', 'SGD'], ['スイスフラン', 'CHF'], ['カナダドル', 'CAD'], ['香港ドル', 'HKD'], ['台湾ドル', 'TWD'],
  ['豪ドル', 'AUD'], ['米ドル', 'USD'], ['ユーロ', 'EUR'], ['英ポンド', 'GBP'], ['ポンド', 'GBP'], ['ウォン', 'KRW'], ['人民元', 'CNY'], ['バーツ', 'THB'],
  ['US$', 'USD'], ['NZ$', 'NZD'], ['HK$', 'HKD'], ['NT$', 'TWD'], ['S$', 'SGD'], ['A$', 'AUD'], ['C$', 'CAD'],
  ['€', 'EUR'], ['£', 'GBP'], ['₩', 'KRW'], ['฿', 'THB'], ['₱', 'PHP'], ['₫', 'VND'], ['₹', 'INR'], ['₺', 'TRY'], ['₪', 'ILS'], ['$', 'USD'],
];

/** The currency a sign or name in `text` stands for (`€9.99`, `9.99ユーロ`), with the sign as found. */
export function currencyFromSign(text: string): { code: string; sign: string } | null {
  const s = text.normalize('NFKC');
  for (const [sign, code] of CURRENCY_SIGNS) if (s.includes(sign)) return { code, sign };
  return null;
}

/**
 * Foreign-currency fields from cells of their own (a named or mapped column each): the original
 * amount (which may carry its code or sign: `20.00 USD`, `€12.50`), its currency and the rate as
 * printed. An empty amount means a domestic row; the original takes the billed amount's side; an
 * original in the billed currency itself is not foreign use.
 */
export function foreignFromColumns(
  raw: { amount: string; currency: string; rate: string },
  billed: { amount: number; currency: string },
  line: number,
): Parsed<Pick<ParsedRow, 'originalAmount' | 'originalCurrency' | 'fxRate'>> {
  const none = { ok: true as const, value: { originalAmount: null, originalCurrency: null, fxRate: null } };
  let amount = norm(raw.amount);
  if (amount === '' || /^[-−]$/.test(amount)) return none;
  let code = norm(raw.currency).toUpperCase();
  const inline = /(?:^|[\s\d])([A-Z]{3})(?=$|[\s\d])/.exec(amount.toUpperCase());
  if (inline && isCurrencyCode(inline[1]!)) {
    code ||= inline[1]!;
    amount = amount.replace(new RegExp(inline[1]!, 'i'), '').trim();
  }
  if (!code) {
    const sign = currencyFromSign(amount);
    if (sign) {
      code = sign.code;
      amount = amount.replace(sign.sign, '').trim();
    }
  }
  if (!code) return { ok: false, problem: { line, message: `original amount "${amount.slice(0, 40)}" without a currency` } };
  if (!isCurrencyCode(code)) return { ok: false, problem: { line, message: `original currency: not an ISO 4217 code: "${code.slice(0, 10)}"` } };
  const parsed = parseAmount(amount, code);
  if (!parsed.ok) return { ok: false, problem: { line, message: `original amount: ${parsed.reason}` } };
  if (code === billed.currency) return none;
  const rate = norm(raw.rate).replace(/,/g, '');
  if (rate !== '' && !isValidRate(rate)) return { ok: false, problem: { line, message: `rate: not a rate: "${rate.slice(0, 30)}"` } };
  return { ok: true, value: { originalAmount: billed.amount < 0 ? -Math.abs(parsed.minor) : Math.abs(parsed.minor), originalCurrency: code, fxRate: rate || null } };
}

/** Year-month `YYYY-MM` from a file name like `enavi202506(1234).csv` or `202409確定分.csv`. */
export function monthFromFileName(fileName: string): string | null {
  const m = /(20\d{2})(0[1-9]|1[0-2])/.exec(fileName);
  return m ? `${m[1]}-${m[2]}` : null;
}
