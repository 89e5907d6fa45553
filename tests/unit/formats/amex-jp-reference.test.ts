/**
 * The Amex parser's per-row shortcuts (descriptions, kinds, cardholders and dates worked out once
 * per distinct cell; the blank-row check only after a failed date) against the row loop as first
 * written, on generated files full of repeats, padding, blanks, bad cells and payments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/core/dates';
import { readCsv } from '../../../src/core/import/csv';
import { amountCell, column, dateCell, kindFromWords, kindOf, kindWords, noRows, norm, truncatedRow } from '../../../src/core/import/formats/common';
import { amexJp, fastYen, fastYmd, foreign, type ForeignFields } from '../../../src/core/import/formats/amex-jp';
import type { CardHint, CsvRecordLike, ImportProblem, ParsedCardholder, ParsedRow, StatementSummary } from '../../../src/core/import/types';
import { cleanDescription } from '../../../src/core/merchant';

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** fastYmd as first written: a new string every call. */
function referenceYmd(s: string): string | null {
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
        return `${s.slice(0, 4)}-${s.slice(5, 7)}-${s.slice(8, 10)}`;
      }
      return null;
    }
  }
  return parseDate(s);
}

function isHeader(cells: readonly string[]): boolean {
  if (cells.length < 5 || !cells[0]!.includes('ご利用日')) return false;
  const n = cells.map(norm);
  return n[0] === 'ご利用日' && n.includes('データ処理日') && n.includes('ご利用内容') && n.includes('金額');
}

/** The row loop as first written: everything worked out per row. */
function referenceStream(records: readonly CsvRecordLike[]): { summary: StatementSummary; rows: ParsedRow[] } {
  const rows: ParsedRow[] = [];
  const errors: ImportProblem[] = [];
  const card: CardHint = { issuer: 'amex-jp', suggestedName: 'アメリカン・エキスプレス', lastDigits: null, currency: 'JPY' };
  const summary: StatementSummary = { format: 'amex-jp', card, total: null, statementMonth: null, errors, warnings: [] };
  const at = records.slice(0, 40).findIndex((r) => isHeader(r.cells));
  if (at === -1) {
    errors.push({ line: null, message: 'no American Express header row (ご利用日,データ処理日,ご利用内容,…,金額)' });
    return { summary, rows };
  }
  const header = records[at]!;
  const h = header.cells;
  const cDate = column(h, 'ご利用日');
  const cPosted = column(h, 'データ処理日');
  const cDesc = column(h, 'ご利用内容');
  const cName = column(h, 'カード会員様名');
  const cNumber = column(h, '会員番号 #', '会員番号#', '会員番号');
  const cAmount = column(h, '金額');
  const cForeign = column(h, '海外通貨利用金額');
  const cRate = column(h, '換算レート');
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
  for (const r of records.slice(at + 1)) {
    const c = r.cells;
    const line = r.line;
    if (c.length <= required) {
      if (c.every((x) => x.trim() === '')) continue;
      errors.push(truncatedRow(line, c.length, h.length));
      continue;
    }
    const rawDate = c[cDate]!;
    const rawAmount = c[cAmount]!;
    if (rawDate.trim() === '' && rawAmount.trim() === '' && c.every((x) => x.trim() === '')) continue;
    let date = referenceYmd(rawDate);
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
      postedDate = referenceYmd(rawPosted);
      if (postedDate === null) {
        const d = dateCell(rawPosted, line, 'ymd', 'データ処理日');
        if (!d.ok) {
          errors.push(d.problem);
          continue;
        }
        postedDate = d.value;
      }
    }
    let cardholder: ParsedCardholder | null = null;
    if (cName !== -1) {
      const name = (c[cName] ?? '').trim();
      const number = (c[cNumber] ?? '').trim();
      let digits = digitsOf.get(number);
      if (digits === undefined) {
        digits = number.replace(/\D/g, '') || null;
        digitsOf.set(number, digits);
        if (digits) seenDigits.push(digits);
      }
      if (name || digits) cardholder = { name, role: 'unknown', lastDigits: digits };
    }
    const description = cleanDescription(c[cDesc]!);
    if (description === '') {
      errors.push({ line, message: 'the description (ご利用内容) is empty' });
      continue;
    }
    const kind = kindOf(description, amount);
    if (kind === 'payment' && cardholder?.lastDigits && !paymentDigits) paymentDigits = cardholder.lastDigits;
    let fx: ForeignFields = { originalAmount: null, originalCurrency: null, fxRate: null };
    let details: Record<string, string> | null = null;
    const rawForeign = cForeign === -1 ? '' : (c[cForeign] ?? '').trim();
    if (rawForeign !== '') {
      const rawRate = cRate === -1 ? '' : (c[cRate] ?? '').trim();
      fx = foreign(rawForeign, rawRate, amount);
      details = { foreign: rawRate ? `${rawForeign} ${rawRate}` : rawForeign };
    }
    const extra = c[cExtra];
    if (extra !== undefined && extra.trim() !== '') details = { ...details, memo: extra.trim() };
    rows.push({ line, date, postedDate, description, amount, currency: 'JPY', ...fx, kind, cardholder, paymentPlan: null, billedAmount: null, status: 'confirmed', details });
  }
  if (seenDigits.length > 0) {
    const main = paymentDigits ?? seenDigits[0]!;
    card.lastDigits = main;
    const others = seenDigits.filter((d) => d !== main);
    if (others.length > 0) card.otherDigits = others;
  }
  if (rows.length === 0 && errors.length === 0) errors.push(noRows(header.line));
  return { summary, rows };
}

const cellOf = (values: readonly string[]) => fc.constantFrom(...values);
const dates = ['2025/06/03', '2025/06/04', '2024/02/29', '2025/02/29', '2025/6/3', ' 2025/06/03', '２０２５/06/03', '2025-06-03', '', ' ', 'bad', '1899/12/31'];
const descriptions = ['ローソン', '　ローソン　', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'ＰＡＹＭＥＮＴ　ＴＨＡＮＫ　ＹＯＵ', '口座振替', '年会費', 'annual fee', 'payment thank you', '', '　', 'ｽﾀｰﾊﾞｯｸｽ'];
const names = ['TARO YAMADA', ' TARO YAMADA ', 'HANAKO YAMADA', '', '　'];
const numbers = ['-12345', ' -12345', '-54321', '12345', '', 'x', '-1234５'];
const amounts = ['980', '3,280', '-12,000', '0', '-0', '', ' ', 'abc', '１２３', '1,00', '￥500'];
const foreigns = ['', '', '20.00 USD', 'USD 10', 'XYZ 1', 'abc'];
const rates = ['', '151.2', 'x'];
const extras = ['', '', 'メモ', ' note '];

const row = fc
  .tuple(cellOf(dates), cellOf(dates), cellOf(descriptions), cellOf(names), cellOf(numbers), cellOf(amounts), cellOf(foreigns), cellOf(rates), cellOf(extras), fc.nat({ max: 12 }))
  .map(([date, posted, desc, name, number, amount, fx, rate, extra, shape]) => {
    // Mostly full rows; now and then a blank, a short or a padded one.
    if (shape === 0) return ['', '', '', '', '', '', '', ''];
    if (shape === 1) return [date, posted, desc];
    if (shape === 2) return [' ', '　', '', '', '', '', '', ''];
    return [date, posted, desc, name, number, amount, fx, rate, extra];
  });

const HEADERS = [
  ['ご利用日', 'データ処理日', 'ご利用内容', 'カード会員様名', '会員番号 #', '金額', '海外通貨利用金額', '換算レート', '追加情報'],
  ['ご利用日', 'データ処理日', 'ご利用内容', 'カード会員様名', '会員番号 #', '金額', '海外通貨利用金額', '換算レート'],
  ['ご利用日', 'データ処理日', 'ご利用内容', '金額', '海外通貨利用金額', '換算レート'],
];

function parseWith(records: CsvRecordLike[]): { summary: StatementSummary; rows: ParsedRow[] } {
  const rows: ParsedRow[] = [];
  const summary = amexJp.stream!(records, { defaultCurrency: 'JPY', fileName: 'x.csv' }, (r) => rows.push(r));
  return { summary, rows };
}

describe('amex-jp against the row loop as first written', () => {
  it('emits the same rows, errors and card for generated files', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.array(row, { maxLength: 40 }), (layout, body) => {
        const header = HEADERS[layout]!;
        // The 6-column layout has no cardholder columns: keep the generated cells aligned with it.
        const lines = body.map((cells) => (layout === 2 && cells.length > 3 ? [cells[0]!, cells[1]!, cells[2]!, cells[5]!, cells[6]!, cells[7]!] : cells));
        const text = [header, ...lines].map((cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
        const records = readCsv(text);
        expect(parseWith(records)).toEqual(referenceStream(records));
      }),
      { numRuns: 1500 },
    );
  });

  it('shares one cardholder object and one description string per distinct cell', () => {
    const text = ['ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート', ...Array.from({ length: 6 }, (_, i) => `2025/06/0${i + 1},,ローソン,TARO YAMADA,-12345,${100 + i},,`)].join('\r\n');
    const { rows } = parseWith(readCsv(text));
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.cardholder)).size).toBe(1);
    expect(rows.every((r) => r.description === 'ローソン')).toBe(true);
  });
});

describe('the per-row pieces against their first form', () => {
  it('fastYmd answers as it did, the first and the repeated time', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '9');
    const ymd = fc.tuple(fc.constantFrom('19', '20', '21', '22', '18'), digit, digit, digit, digit, digit, digit, fc.constantFrom('/', '-')).map(([c, y1, y2, m1, m2, d1, d2, sep]) => `${c}${y1}${y2}${sep}${m1}${m2}${sep}${d1}${d2}`);
    fc.assert(
      fc.property(fc.oneof(ymd, fc.string({ maxLength: 12 })), (s) => {
        expect(fastYmd(s)).toBe(referenceYmd(s));
        expect(fastYmd(s)).toBe(referenceYmd(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('kindWords then kindFromWords is kindOf', () => {
    const word = fc.constantFrom('口座振替', 'お支払いありがとう', 'ご入金', 'PAYMENT', 'ＰＡＹＭＥＮＴ', 'Payment Thank you', 'autopay', 'direct debit', '年会費', '手数料', 'ANNUAL FEE', 'ａｎｎｕａｌ ｆｅｅ', 'late fee', 'ローソン', ' ', 'x');
    const description = fc.array(word, { maxLength: 4 }).map((w) => w.join(''));
    const amount = fc.oneof(fc.constantFrom(0, -0, 1, -1, NaN), fc.integer());
    fc.assert(
      fc.property(fc.oneof(description, fc.string()), amount, (d, a) => {
        expect(kindFromWords(kindWords(d), a)).toBe(kindOf(d, a));
      }),
      { numRuns: 3000 },
    );
  });
});
