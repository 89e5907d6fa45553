/**
 * American Express Japan CSV (doc §1), one id `amex-jp` for all widths:
 * - current, 8 columns: ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート
 * - older, 6 and 5 columns: no cardholder columns (and no 換算レート in the 5-column one);
 * - some older files add `追加情報`, sometimes with an empty header cell (or none at all), kept as
 *   `details.memo`;
 * - some older exports have lines above the header, so the header is searched for, not assumed.
 * Columns are found by name because the widths differ. Charges are positive; `前回分口座振替金額`
 * (the bank debit) and credits are negative. The CSV prints no total.
 *
 * This parser sits on the 100,000-row benchmark path: column indexes are computed once, and the
 * common `YYYY/MM/DD` date and plain/comma-grouped yen amount take a fast path before the general
 * parsers (which NFKC-normalise and try several patterns).
 */
import { parseDate } from '../../dates';
import { isCurrencyCode, parseAmount } from '../../money';
import type { CardHint, CsvRecordLike, ImportProblem, ParsedCardholder, ParsedRow, StatementSummary } from '../types';
import { cleanDescription } from '../../merchant';
import { amountCell, column, dateCell, findRecord, kindFromWords, kindWords, noRows, norm, truncatedRow } from './common';
import { streamingFormat } from './streaming';

const ISSUER = 'amex-jp';
const NAME = 'アメリカン・エキスプレス';

function isHeader(cells: readonly string[]): boolean {
  // Cheap pre-check before normalising: every known layout starts with ご利用日.
  if (cells.length < 5 || !cells[0]!.includes('ご利用日')) return false;
  const n = cells.map(norm);
  return n[0] === 'ご利用日' && n.includes('データ処理日') && n.includes('ご利用内容') && n.includes('金額');
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of the decimal digit at `i`, or -1. */
const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

// `YYYY-MM-DD` answers by date number: a statement repeats a few hundred dates over all its rows,
// so building the same string (and the garbage) once per row is avoidable. Bounded.
const ymdCache = new Map<number, string>();
const YMD_CACHE_LIMIT = 20_000;

/** `YYYY/MM/DD` checked char by char (no NFKC, no regex, no allocation once seen); else the general `parseDate`. */
export function fastYmd(s: string): string | null {
  if (s.length === 10 && s.charCodeAt(4) === 47 && s.charCodeAt(7) === 47) {
    const y0 = digitAt(s, 0);
    const y1 = digitAt(s, 1);
    const y2 = digitAt(s, 2);
    const y3 = digitAt(s, 3);
    const m0 = digitAt(s, 5);
    const m1 = digitAt(s, 6);
    const d0 = digitAt(s, 8);
    const d1 = digitAt(s, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const m = m0 * 10 + m1;
      const d = d0 * 10 + d1;
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      if (y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1]! && (m !== 2 || d < 29 || leap)) {
        // The eight digits determine the text, so their number is a key.
        const key = (y * 100 + m) * 100 + d;
        let out = ymdCache.get(key);
        if (out === undefined) {
          out = `${s.slice(0, 4)}-${s.slice(5, 7)}-${s.slice(8, 10)}`;
          if (ymdCache.size >= YMD_CACHE_LIMIT) ymdCache.clear();
          ymdCache.set(key, out);
        }
        return out;
      }
      return null;
    }
  }
  return parseDate(s);
}

/**
 * Whole yen as Amex prints it (`980`, `3,280`, `-12,000`), read char by char; null for anything
 * else (spaces, ￥, full-width digits, misplaced commas), which `amountCell` then decides.
 */
export function fastYen(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let negative = false;
  if (s.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
    if (len === 1) return null;
  }
  const start = i;
  let n = 0;
  let lastComma = -1;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      // A comma needs 1–3 digits before the first one and exactly 3 between and after.
      if (lastComma === -1 ? i - start < 1 || i - start > 3 : i - lastComma !== 4) return null;
      lastComma = i;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  if (lastComma !== -1 && len - lastComma !== 4) return null;
  if (!Number.isSafeInteger(n)) return null;
  return negative && n !== 0 ? -n : n;
}

/** `10.00 USD` (or `USD 10.00`, `10.00USD`) → minor units and code; the cell format is a guess (§1). */
const FOREIGN = /^(?:([A-Z]{3})\s*)?(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:([A-Z]{3}))?$/;
const RATE = /^[0-9]+(?:\.[0-9]+)?$/;

export type ForeignFields = Pick<ParsedRow, 'originalAmount' | 'originalCurrency' | 'fxRate'>;
const NO_FOREIGN: ForeignFields = { originalAmount: null, originalCurrency: null, fxRate: null };

/** The foreign-currency fields of a row (exported for the parser's reference test). */
export function foreign(raw: string, rateRaw: string, amount: number): ForeignFields {
  const m = FOREIGN.exec(norm(raw));
  const code = m ? (m[1] ?? m[3] ?? null) : null;
  const rate = norm(rateRaw);
  const fxRate = RATE.test(rate) ? rate : null;
  if (!m || !code || !isCurrencyCode(code)) return { originalAmount: null, originalCurrency: null, fxRate };
  const parsed = parseAmount(m[2]!, code);
  if (!parsed.ok) return { originalAmount: null, originalCurrency: null, fxRate };
  // The printed foreign amount is unsigned in the guessed format; give it the sign of the yen
  // amount so a refund's original amount is negative too.
  const originalAmount = (amount < 0 && parsed.minor > 0) || (amount > 0 && parsed.minor < 0) ? -parsed.minor : parsed.minor;
  return { originalAmount, originalCurrency: code, fxRate };
}

/**
 * A description cell's cleaned text and `kindWords`, worked out once per distinct cell: every row
 * printing the same text then carries the same string object, so the per-row maps after the
 * parser (fingerprint folding, merchant facts) find it by identity instead of comparing text.
 */
interface DescriptionCell {
  description: string;
  words: number;
}

/** Per-file caches are emptied when they reach this many texts (a million distinct ones must not pile up). */
const TEXT_CACHE_LIMIT = 20_000;

/**
 * Cardholders by their raw name and number cells, one object per distinct pair (rows share it, as
 * `holderCache` does for other issuers). The number's digits go through `digitsOf`/`seen` exactly
 * as they did per row, so the card's digits are found in the same order.
 */
class HolderCells {
  private byNumber = new Map<string, { digits: string | null; byName: Map<string, ParsedCardholder | null> }>();

  constructor(
    private readonly digitsOf: Map<string, string | null>,
    private readonly seen: string[],
  ) {}

  get(rawName: string, rawNumber: string): ParsedCardholder | null {
    let entry = this.byNumber.get(rawNumber);
    if (entry === undefined) {
      const number = rawNumber.trim();
      let digits = this.digitsOf.get(number);
      if (digits === undefined) {
        digits = number.replace(/\D/g, '') || null;
        this.digitsOf.set(number, digits);
        if (digits) this.seen.push(digits);
      }
      if (this.byNumber.size >= TEXT_CACHE_LIMIT) this.byNumber.clear();
      entry = { digits, byName: new Map() };
      this.byNumber.set(rawNumber, entry);
    }
    let holder = entry.byName.get(rawName);
    if (holder === undefined) {
      const name = rawName.trim();
      holder = name || entry.digits ? { name, role: 'unknown', lastDigits: entry.digits } : null;
      if (entry.byName.size >= TEXT_CACHE_LIMIT) entry.byName.clear();
      entry.byName.set(rawName, holder);
    }
    return holder;
  }
}

/** Header search limit: older exports have a few lines above it. */
const HEADER_SCAN = 40;

// Streaming (records in, rows out one by one): this format meets million-row files.
export const amexJp = streamingFormat({
  id: ISSUER,
  label: 'American Express (Japan)',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  stream(records: Iterable<CsvRecordLike>, _options, emit: (row: ParsedRow) => void): StatementSummary {
    const errors: ImportProblem[] = [];
    const card: CardHint = { issuer: ISSUER, suggestedName: NAME, lastDigits: null, currency: 'JPY' };
    const result: StatementSummary = { format: ISSUER, card, total: null, statementMonth: null, errors, warnings: [] };
    const it = records[Symbol.iterator]();
    let header: CsvRecordLike | null = null;
    for (let n = 0; n < HEADER_SCAN; n++) {
      const next = it.next();
      if (next.done) break;
      if (isHeader(next.value.cells)) {
        header = next.value;
        break;
      }
    }
    if (!header) {
      errors.push({ line: null, message: 'no American Express header row (ご利用日,データ処理日,ご利用内容,…,金額)' });
      return result;
    }
    const h = header.cells;
    const cDate = column(h, 'ご利用日');
    const cPosted = column(h, 'データ処理日');
    const cDesc = column(h, 'ご利用内容');
    const cName = column(h, 'カード会員様名');
    const cNumber = column(h, '会員番号 #', '会員番号#', '会員番号');
    const cAmount = column(h, '金額');
    const cForeign = column(h, '海外通貨利用金額');
    const cRate = column(h, '換算レート');
    // 追加情報: by name, else the first empty header cell after the known columns, else the field
    // just past the header (files where the header cell is missing altogether).
    let cExtra = column(h, '追加情報');
    if (cExtra === -1) {
      const known = Math.max(cDate, cPosted, cDesc, cName, cNumber, cAmount, cForeign, cRate);
      for (let i = known + 1; i < h.length; i++) {
        if (norm(h[i]) === '') {
          cExtra = i;
          break;
        }
      }
      if (cExtra === -1) cExtra = h.length;
    }
    const required = Math.max(cDate, cPosted, cDesc, cAmount);
    const digitsOf = new Map<string, string | null>();
    const seenDigits: string[] = [];
    let paymentDigits: string | null = null;
    const holders = new HolderCells(digitsOf, seenDigits);
    const descriptions = new Map<string, DescriptionCell>();

    let rowCount = 0;
    for (let next = it.next(); !next.done; next = it.next()) {
      const r = next.value;
      const c = r.cells;
      const line = r.line;
      // String#trim also removes U+3000, so this catches rows of empty or padded fields.
      if (c.length <= required) {
        if (c.every((x) => x.trim() === '')) continue;
        errors.push(truncatedRow(line, c.length, h.length));
        continue;
      }
      const rawDate = c[cDate]!;
      const rawAmount = c[cAmount]!;
      let date = fastYmd(rawDate);
      // A row of blank fields is skipped; a readable date is not blank, so the check waits for a failed one.
      if (date === null && rawDate.trim() === '' && rawAmount.trim() === '' && c.every((x) => x.trim() === '')) continue;
      if (date === null) {
        const d = dateCell(rawDate, line);
        if (!d.ok) {
          errors.push(d.problem);
          continue;
        }
        date = d.value;
      }
      let amount = fastYen(rawAmount);
      if (amount === null) {
        const a = amountCell(rawAmount, 'JPY', line);
        if (!a.ok) {
          errors.push(a.problem);
          continue;
        }
        amount = a.value;
      }
      const rawPosted = c[cPosted]!;
      let postedDate: string | null = null;
      if (rawPosted !== '' && rawPosted.trim() !== '') {
        postedDate = fastYmd(rawPosted);
        if (postedDate === null) {
          const d = dateCell(rawPosted, line, 'ymd', 'データ処理日');
          if (!d.ok) {
            errors.push(d.problem);
            continue;
          }
          postedDate = d.value;
        }
      }
      const cardholder = cName === -1 ? null : holders.get(c[cName] ?? '', c[cNumber] ?? '');
      const rawDescription = c[cDesc]!;
      let desc = descriptions.get(rawDescription);
      if (desc === undefined) {
        const description = cleanDescription(rawDescription);
        desc = { description, words: kindWords(description) };
        if (descriptions.size >= TEXT_CACHE_LIMIT) descriptions.clear();
        descriptions.set(rawDescription, desc);
      }
      const description = desc.description;
      if (description === '') {
        errors.push({ line, message: 'the description (ご利用内容) is empty' });
        continue;
      }
      const kind = kindFromWords(desc.words, amount);
      if (kind === 'payment' && cardholder?.lastDigits && !paymentDigits) paymentDigits = cardholder.lastDigits;
      let fx: ForeignFields = NO_FOREIGN;
      let details: Record<string, string> | null = null;
      const rawForeign = cForeign === -1 ? '' : (c[cForeign] ?? '').trim();
      if (rawForeign !== '') {
        const rawRate = cRate === -1 ? '' : (c[cRate] ?? '').trim();
        fx = foreign(rawForeign, rawRate, amount);
        details = { foreign: rawRate ? `${rawForeign} ${rawRate}` : rawForeign };
      }
      const extra = c[cExtra];
      if (extra !== undefined && extra.trim() !== '') details = { ...details, memo: extra.trim() };
      // Built directly rather than through makeRow (same defaults, same kindOf/cleanDescription):
      // this is the 100,000-row path and the object spread there is measurable.
      rowCount++;
      emit({
        line,
        date,
        postedDate,
        description,
        amount,
        currency: 'JPY',
        originalAmount: fx.originalAmount,
        originalCurrency: fx.originalCurrency,
        fxRate: fx.fxRate,
        kind,
        cardholder,
        paymentPlan: null,
        billedAmount: null,
        status: 'confirmed',
        details,
      });
    }

    // The card: the digits on the bank-debit row belong to the account's main card; otherwise the
    // first digits seen. The CSV does not say which member is the basic one.
    if (seenDigits.length > 0) {
      const main = paymentDigits ?? seenDigits[0]!;
      card.lastDigits = main;
      const others = seenDigits.filter((d) => d !== main);
      if (others.length > 0) card.otherDigits = others;
    }
    if (rowCount === 0 && errors.length === 0) errors.push(noRows(header.line));
    return result;
  },
});
