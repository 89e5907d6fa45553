/**
 * US and UK formats (doc §15): American Express US `activity.csv`, Chase US credit card, Monzo
 * and Barclays. All have a header row with English names, found by name (case-insensitive) in the
 * first records because Amex US files sometimes begin with blank rows. Dates are never guessed
 * from the data: the US files are `MM/DD/YYYY`, the UK files `DD/MM/YYYY`.
 *
 * Signs are normalised to Meisai's (charges positive): Amex US already is; Chase lists purchases
 * negative; Monzo and Barclays sign from the account's point of view (money out negative).
 */
import type { DateOrder } from '../../dates';
import { isCurrencyCode } from '../../money';
import type { CardHint, CsvRecordLike, ImportProblem, ParsedStatement, StatementFormat, TransactionKind } from '../types';
import { amountCell, dateCell, findRecord, kindOf, makeRow, norm } from './common';

/** Header cells compared lower-case after `norm`. */
const lower = (cells: readonly string[]): string[] => cells.map((c) => norm(c).toLowerCase());

/** Index of the first of `names` in the lower-cased header, or -1. */
function col(header: readonly string[], ...names: string[]): number {
  for (const n of names) {
    const i = header.indexOf(n);
    if (i !== -1) return i;
  }
  return -1;
}

const has = (header: readonly string[], ...names: string[]): boolean => names.every((n) => header.includes(n));

const blank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** Card digits in the order first seen; the first is the card, the rest `otherDigits`. */
function cardDigits(card: CardHint, seen: readonly string[]): void {
  if (seen.length === 0) return;
  card.lastDigits = seen[0]!;
  if (seen.length > 1) card.otherDigits = seen.slice(1);
}

/** Non-empty cells by detail key; null when none. */
function detailsOf(cells: readonly string[], fields: readonly (readonly [string, number])[]): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const [key, i] of fields) {
    if (i < 0) continue;
    // Line breaks inside quoted fields (Amex US) are kept, as LF whatever the file used.
    const v = (cells[i] ?? '').replace(/\r\n?/g, '\n').trim();
    if (v !== '') (out ??= {})[key] = v;
  }
  return out;
}

interface Frame {
  header: CsvRecordLike;
  cols: string[];
  result: ParsedStatement;
}

/** Find the header, set up the result; an error naming the problem when there is no header. */
function start(records: readonly CsvRecordLike[], test: (h: string[]) => boolean, format: string, card: CardHint, what: string): Frame | ParsedStatement {
  const result: ParsedStatement = { format, rows: [], card, total: null, statementMonth: null, errors: [], warnings: [] };
  const i = findRecord(records, (cells) => test(lower(cells)));
  if (i === -1) {
    result.errors.push({ line: null, message: `no ${what} header row` });
    return result;
  }
  return { header: records[i]!, cols: lower(records[i]!.cells), result };
}

function tooShort(r: CsvRecordLike, header: CsvRecordLike): ImportProblem {
  return { line: r.line, message: `the row has ${r.cells.length} fields but the header has ${header.cells.length} (truncated line?)` };
}

function finish(f: Frame): ParsedStatement {
  if (f.result.rows.length === 0 && f.result.errors.length === 0) f.result.errors.push({ line: f.header.line, message: 'the file has a header but no rows' });
  return f.result;
}

interface RowBase {
  line: number;
  date: string;
  amount: number;
}

/** Date and amount of a row, or a problem pushed to `errors` (null). */
function readBase(r: CsvRecordLike, dateIdx: number, amountIdx: number, order: DateOrder, currency: string, errors: ImportProblem[]): RowBase | null {
  const d = dateCell(r.cells[dateIdx] ?? '', r.line, order);
  if (!d.ok) {
    errors.push(d.problem);
    return null;
  }
  const a = amountCell(r.cells[amountIdx] ?? '', currency, r.line);
  if (!a.ok) {
    errors.push(a.problem);
    return null;
  }
  return { line: r.line, date: d.value, amount: a.value };
}

// ---------------------------------------------------------------------------------------------
// American Express US (§15.1): 13 columns with Card Member / Account #, 11 without, or the short
// `Date,Description,Card Member,Account #,Amount`. Charges positive, payments and credits negative.
// `Extended Details` and `City/State` hold line breaks inside quoted fields (readCsv keeps the
// record whole and numbers it by its first line). `Reference` is wrapped in single quotes.

function isAmexUsHeader(h: string[]): boolean {
  if (!has(h, 'date', 'description', 'amount')) return false;
  // The UK file (§15.2) has Town/City and Postcode and probably day-first dates: not this format.
  if (h.includes('town/city') || h.includes('postcode')) return false;
  return has(h, 'extended details', 'appears on your statement as') || has(h, 'card member', 'account #');
}

export const amexUs: StatementFormat = {
  id: 'amex-us',
  label: 'American Express (US)',
  detect(records) {
    return findRecord(records, (cells) => cells.length >= 3 && isAmexUsHeader(lower(cells))) !== -1;
  },
  parse(records): ParsedStatement {
    const card: CardHint = { issuer: 'amex-us', suggestedName: 'American Express', lastDigits: null, currency: 'USD' };
    const f = start(records, isAmexUsHeader, 'amex-us', card, 'American Express (Date, Description, Amount, …)');
    if (!('header' in f)) return f;
    const h = f.cols;
    const cDate = col(h, 'date');
    const cDesc = col(h, 'description');
    const cMember = col(h, 'card member');
    const cAccount = col(h, 'account #', 'account');
    const cAmount = col(h, 'amount');
    const cCategory = col(h, 'category');
    const cReference = col(h, 'reference');
    const detailCols = [
      ['extendedDetails', col(h, 'extended details')],
      ['statementText', col(h, 'appears on your statement as')],
      ['address', col(h, 'address')],
      ['cityState', col(h, 'city/state')],
      ['zipCode', col(h, 'zip code')],
      ['country', col(h, 'country')],
      ['category', cCategory],
    ] as const;
    const required = Math.max(cDate, cDesc, cAmount);
    const seen: string[] = [];
    const { rows, errors } = f.result;
    for (let i = records.indexOf(f.header) + 1; i < records.length; i++) {
      const r = records[i]!;
      if (blank(r.cells)) continue;
      if (r.cells.length <= required) {
        errors.push(tooShort(r, f.header));
        continue;
      }
      const base = readBase(r, cDate, cAmount, 'mdy', 'USD', errors);
      if (!base) continue;
      const c = r.cells;
      let cardholder = null;
      if (cMember !== -1) {
        const name = (c[cMember] ?? '').trim();
        const digits = (c[cAccount] ?? '').replace(/\D/g, '') || null;
        if (digits && !seen.includes(digits)) seen.push(digits);
        if (name || digits) cardholder = { name, role: 'unknown' as const, lastDigits: digits };
      }
      const row = makeRow({ ...base, description: c[cDesc]!, currency: 'USD', cardholder });
      if (row.description === '') {
        errors.push({ line: r.line, message: 'the description is empty' });
        continue;
      }
      // Amex's own category for annual and late fees is `Fees & Adjustments-…`.
      if (row.amount > 0 && /^fees & adjustments/i.test(c[cCategory] ?? '')) row.kind = 'fee';
      let details = detailsOf(c, detailCols);
      // `'320250000000000001'`: the quotes only stop spreadsheets from mangling the number.
      const ref = (c[cReference] ?? '').trim().replace(/^'(.*)'$/, '$1');
      if (ref) details = { ...details, reference: ref };
      row.details = details;
      rows.push(row);
    }
    cardDigits(card, seen);
    return finish(f);
  },
};

// ---------------------------------------------------------------------------------------------
// Chase US credit card (§15.3): `Transaction Date,Post Date,Description,Category,Type,Amount,Memo`.
// Purchases are NEGATIVE in the file and payments positive, so every amount is flipped. `Type`
// (Sale, Return, Payment, Fee, Adjustment) decides the kind where it is explicit.

function isChaseHeader(h: string[]): boolean {
  return (h.includes('transaction date') || h.includes('trans date')) && has(h, 'post date', 'description', 'type', 'amount');
}

function chaseKind(type: string, description: string, amount: number): TransactionKind {
  switch (type.trim().toLowerCase()) {
    case 'payment':
      return 'payment';
    case 'fee':
      return 'fee';
    case 'return':
      return amount < 0 ? 'refund' : kindOf(description, amount);
    default:
      return kindOf(description, amount);
  }
}

export const chase: StatementFormat = {
  id: 'chase',
  label: 'Chase (US credit card)',
  detect(records) {
    return findRecord(records, (cells) => cells.length >= 5 && isChaseHeader(lower(cells))) !== -1;
  },
  parse(records, options): ParsedStatement {
    // Chase names downloads `Chase1234_Activity20250101_20250131_20250201.CSV`: the card's digits.
    const digits = /^chase(\d{4})_/i.exec(options.fileName)?.[1] ?? null;
    const card: CardHint = { issuer: 'chase', suggestedName: 'Chase', lastDigits: digits, currency: 'USD' };
    const f = start(records, isChaseHeader, 'chase', card, 'Chase (Transaction Date, Post Date, Description, Type, Amount)');
    if (!('header' in f)) return f;
    const h = f.cols;
    const cDate = col(h, 'transaction date', 'trans date');
    const cPosted = col(h, 'post date');
    const cDesc = col(h, 'description');
    const cType = col(h, 'type');
    const cAmount = col(h, 'amount');
    const detailCols = [
      ['category', col(h, 'category')],
      ['type', cType],
      ['memo', col(h, 'memo')],
    ] as const;
    const required = Math.max(cDate, cPosted, cDesc, cType, cAmount);
    const { rows, errors } = f.result;
    for (let i = records.indexOf(f.header) + 1; i < records.length; i++) {
      const r = records[i]!;
      if (blank(r.cells)) continue;
      if (r.cells.length <= required) {
        errors.push(tooShort(r, f.header));
        continue;
      }
      const base = readBase(r, cDate, cAmount, 'mdy', 'USD', errors);
      if (!base) continue;
      const c = r.cells;
      let postedDate: string | null = null;
      if (c[cPosted]!.trim() !== '') {
        const p = dateCell(c[cPosted]!, r.line, 'mdy', 'Post Date');
        if (!p.ok) {
          errors.push(p.problem);
          continue;
        }
        postedDate = p.value;
      }
      const amount = base.amount === 0 ? 0 : -base.amount;
      const row = makeRow({ ...base, amount, postedDate, description: c[cDesc]!, currency: 'USD' });
      if (row.description === '') {
        errors.push({ line: r.line, message: 'the description is empty' });
        continue;
      }
      row.kind = chaseKind(c[cType]!, row.description, amount);
      row.details = detailsOf(c, detailCols);
      rows.push(row);
    }
    return finish(f);
  },
};

// ---------------------------------------------------------------------------------------------
// Monzo (§15.4): `Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,
// Local currency,…,Money Out,Money In` (16–20 columns). `Amount` is signed from the account's
// point of view (money out negative) → flipped. `Local amount`/`Local currency` are the charge as
// made; they become the foreign fields when the currency differs from the account's. Monzo prints
// no rate. `Money Out` is negative in some exports and positive in others, so it is only a
// fallback when `Amount` is empty, by its column rather than its sign.
//
// Monzo is a current account: money in that is not a card refund (salary, transfers in) and moves
// between pots are 'other', not refunds. `Name` (the merchant or payee Monzo shows) is the
// description; the raw card descriptor in `Description` goes to details.statementText.

function isMonzoHeader(h: string[]): boolean {
  return has(h, 'transaction id', 'date', 'time', 'name', 'amount', 'currency', 'local amount', 'local currency');
}

const MONZO_TRANSFER_CATEGORIES = new Set(['income', 'transfers', 'savings']);

function monzoKind(type: string, category: string, description: string, amount: number): TransactionKind {
  const t = type.trim().toLowerCase();
  if (MONZO_TRANSFER_CATEGORIES.has(category.trim().toLowerCase()) || t.startsWith('pot')) return 'other';
  const k = kindOf(description, amount);
  if (t === 'card payment' || amount >= 0 || k === 'payment') return k;
  return 'other';
}

export const monzo: StatementFormat = {
  id: 'monzo',
  label: 'Monzo',
  detect(records) {
    return findRecord(records, (cells) => cells.length >= 10 && isMonzoHeader(lower(cells))) !== -1;
  },
  parse(records): ParsedStatement {
    const card: CardHint = { issuer: 'monzo', suggestedName: 'Monzo', lastDigits: null, currency: 'GBP' };
    const f = start(records, isMonzoHeader, 'monzo', card, 'Monzo (Transaction ID, Date, Time, Name, Amount, …)');
    if (!('header' in f)) return f;
    const h = f.cols;
    const cDate = col(h, 'date');
    const cType = col(h, 'type');
    const cName = col(h, 'name');
    const cCategory = col(h, 'category');
    const cAmount = col(h, 'amount');
    const cCurrency = col(h, 'currency');
    const cLocalAmount = col(h, 'local amount');
    const cLocalCurrency = col(h, 'local currency');
    const cDescription = col(h, 'description');
    const cOut = col(h, 'money out');
    const cIn = col(h, 'money in');
    const detailCols = [
      ['transactionId', col(h, 'transaction id')],
      ['time', col(h, 'time')],
      ['type', cType],
      ['category', cCategory],
      ['emoji', col(h, 'emoji')],
      ['statementText', cDescription],
      ['notes', col(h, 'notes and #tags', 'notes')],
      ['address', col(h, 'address')],
    ] as const;
    const required = Math.max(cDate, cName, cAmount, cCurrency);
    const { rows, errors } = f.result;
    let accountCurrency: string | null = null;
    for (let i = records.indexOf(f.header) + 1; i < records.length; i++) {
      const r = records[i]!;
      if (blank(r.cells)) continue;
      if (r.cells.length <= required) {
        errors.push(tooShort(r, f.header));
        continue;
      }
      const c = r.cells;
      const code = norm(c[cCurrency]).toUpperCase();
      const currency = code && isCurrencyCode(code) ? code : 'GBP';
      accountCurrency ??= currency;
      // Money Out / Money In only when Amount is missing; their sign varies between exports.
      let amountIdx = cAmount;
      let fromColumns: 1 | -1 | 0 = 0;
      if (c[cAmount]!.trim() === '') {
        if (cOut !== -1 && (c[cOut] ?? '').trim() !== '') [amountIdx, fromColumns] = [cOut, 1];
        else if (cIn !== -1 && (c[cIn] ?? '').trim() !== '') [amountIdx, fromColumns] = [cIn, -1];
      }
      const base = readBase(r, cDate, amountIdx, 'dmy', currency, errors);
      if (!base) continue;
      const amount = fromColumns === 0 ? (base.amount === 0 ? 0 : -base.amount) : fromColumns * Math.abs(base.amount);
      const name = c[cName]!.trim() !== '' ? c[cName]! : (c[cDescription] ?? '');
      const row = makeRow({ ...base, amount, description: name, currency });
      if (row.description === '') {
        errors.push({ line: r.line, message: 'the name and description are empty' });
        continue;
      }
      row.kind = monzoKind(c[cType] ?? '', c[cCategory] ?? '', row.description, amount);
      let details = detailsOf(c, detailCols);
      const localCode = norm(c[cLocalCurrency]).toUpperCase();
      const localRaw = (c[cLocalAmount] ?? '').trim();
      if (localCode && localCode !== currency && localRaw !== '' && isCurrencyCode(localCode)) {
        const local = amountCell(localRaw, localCode, r.line, 'Local amount');
        if (!local.ok) {
          errors.push(local.problem);
          continue;
        }
        // Same flip as Amount: the local amount is signed from the account's side too.
        row.originalAmount = local.value === 0 ? 0 : -local.value;
        row.originalCurrency = localCode;
        details = { ...details, foreign: `${localRaw} ${localCode}` };
      }
      row.details = details;
      rows.push(row);
    }
    if (accountCurrency) card.currency = accountCurrency;
    return finish(f);
  },
};

// ---------------------------------------------------------------------------------------------
// Barclays (§15.5): `Number,Date,Account,Amount,Subcategory,Memo`. `Amount` is signed from the
// account's side (money out negative) → flipped. `Number` is often the literal `null`. `Memo` is
// padded with runs of spaces; only its ends are trimmed. The account number's last four digits
// identify the account (the full number is not kept: privacy, §19.20).

function isBarclaysHeader(h: string[]): boolean {
  return has(h, 'number', 'date', 'account', 'amount', 'subcategory', 'memo');
}

export const barclays: StatementFormat = {
  id: 'barclays',
  label: 'Barclays',
  detect(records) {
    return findRecord(records, (cells) => cells.length >= 6 && isBarclaysHeader(lower(cells))) !== -1;
  },
  parse(records): ParsedStatement {
    const card: CardHint = { issuer: 'barclays', suggestedName: 'Barclays', lastDigits: null, currency: 'GBP' };
    const f = start(records, isBarclaysHeader, 'barclays', card, 'Barclays (Number, Date, Account, Amount, Subcategory, Memo)');
    if (!('header' in f)) return f;
    const h = f.cols;
    const cNumber = col(h, 'number');
    const cDate = col(h, 'date');
    const cAccount = col(h, 'account');
    const cAmount = col(h, 'amount');
    const cSub = col(h, 'subcategory');
    const cMemo = col(h, 'memo');
    const required = Math.max(cDate, cAmount);
    const seen: string[] = [];
    const { rows, errors } = f.result;
    for (let i = records.indexOf(f.header) + 1; i < records.length; i++) {
      const r = records[i]!;
      if (blank(r.cells)) continue;
      if (r.cells.length <= required) {
        errors.push(tooShort(r, f.header));
        continue;
      }
      const base = readBase(r, cDate, cAmount, 'dmy', 'GBP', errors);
      if (!base) continue;
      const c = r.cells;
      const sub = (c[cSub] ?? '').trim();
      const amount = base.amount === 0 ? 0 : -base.amount;
      // An empty memo falls back to the subcategory code rather than rejecting the file.
      const memo = (c[cMemo] ?? '').trim() !== '' ? c[cMemo]! : sub;
      const row = makeRow({ ...base, amount, description: memo, currency: 'GBP' });
      if (row.description === '') {
        errors.push({ line: r.line, message: 'the memo is empty' });
        continue;
      }
      // Money in on a current account is income or a transfer unless it is a card refund
      // (subcategory PAYMENT = card payment) or reads as a card repayment.
      if (amount < 0 && row.kind !== 'payment') row.kind = sub.toUpperCase() === 'PAYMENT' ? 'refund' : 'other';
      const number = (c[cNumber] ?? '').trim();
      let details: Record<string, string> | null = sub ? { subcategory: sub } : null;
      if (number && number.toLowerCase() !== 'null') details = { ...details, number };
      row.details = details;
      const account = (c[cAccount] ?? '').replace(/\D/g, '');
      if (account.length >= 4) {
        const last = account.slice(-4);
        if (!seen.includes(last)) seen.push(last);
      }
      rows.push(row);
    }
    cardDigits(card, seen);
    return finish(f);
  },
};
