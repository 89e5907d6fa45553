/**
 * US and UK formats (doc §15): American Express US `activity.csv`, Chase US credit card, Monzo
 * and Barclays. All have a header row with English names, found by name (case-insensitive) in the
 * first records because Amex US files sometimes begin with blank rows. Dates are never guessed
 * from the data: the US files are `MM/DD/YYYY`, the UK files `DD/MM/YYYY`.
 *
 * Signs are normalised to Meisai's (charges positive): Amex US already is; Chase lists purchases
 * negative; Monzo and Barclays sign from the account's point of view (money out negative).
 */
import { isCurrencyCode } from '../../money';
import type { CardHint, CsvRecordLike, ImportProblem, ParseOptions, ParsedRow, StatementFormat, TransactionKind } from '../types';
import { amountCell, dateAndAmount, dateCell, findRecord, headerFormat, kindOf, makeRow, norm, recordsBelow, take } from './common';

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

/** One English-header layout: how its header is found and how one of its records becomes a row. */
interface Layout {
  id: string;
  label: string;
  /** Fewest cells its header has: a cheap test before lower-casing a record during detection. */
  minCells: number;
  isHeader(h: readonly string[]): boolean;
  /** The layout and its key columns, for the error when no header is found. */
  what: string;
  card(options: ParseOptions): CardHint;
  /**
   * Set up for one file from its lower-cased header: the fields a row must have, a reader that
   * turns a record into a row (or adds its problem to `errors` and returns null), and what is
   * left to do once every row is read.
   */
  reader(h: string[], card: CardHint, errors: ImportProblem[]): { minFields: number; row(r: CsvRecordLike): ParsedRow | null; end?(): void };
}

/** The format for a layout: the rows are read the same way for all four; the rest is `headerFormat`'s. */
function layoutFormat(l: Layout): StatementFormat {
  const format = headerFormat({
    id: l.id,
    label: l.label,
    isHeader: (cells) => l.isHeader(lower(cells)),
    card: l.card,
    missing: `no ${l.what} header row`,
    read(records, f) {
      const { card, errors, rows } = f.result;
      const read = l.reader(lower(f.header.cells), card, errors);
      for (const r of recordsBelow(records, f, read.minFields)) {
        const row = read.row(r);
        if (row) rows.push(row);
      }
      read.end?.();
    },
  });
  // Detection first skips records too short to be the header, before lower-casing their cells.
  return { ...format, detect: (records) => findRecord(records, (cells) => cells.length >= l.minCells && l.isHeader(lower(cells))) !== -1 };
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

export const amexUs = layoutFormat({
  id: 'amex-us',
  label: 'American Express (US)',
  minCells: 3,
  isHeader: isAmexUsHeader,
  what: 'American Express (Date, Description, Amount, …)',
  card: () => ({ issuer: 'amex-us', suggestedName: 'American Express', lastDigits: null, currency: 'USD' }),
  reader(h, card, errors) {
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
    const seen: string[] = [];
    return {
      minFields: Math.max(cDate, cDesc, cAmount) + 1,
      row(r) {
        const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'USD', errors, { order: 'mdy' });
        if (!base) return null;
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
          return null;
        }
        // Amex's own category for annual and late fees is `Fees & Adjustments-…`.
        if (row.amount > 0 && /^fees & adjustments/i.test(c[cCategory] ?? '')) row.kind = 'fee';
        let details = detailsOf(c, detailCols);
        // `'320250000000000001'`: the quotes only stop spreadsheets from mangling the number.
        const ref = (c[cReference] ?? '').trim().replace(/^'(.*)'$/, '$1');
        if (ref) details = { ...details, reference: ref };
        row.details = details;
        return row;
      },
      end: () => cardDigits(card, seen),
    };
  },
});

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

export const chase = layoutFormat({
  id: 'chase',
  label: 'Chase (US credit card)',
  minCells: 5,
  isHeader: isChaseHeader,
  what: 'Chase (Transaction Date, Post Date, Description, Type, Amount)',
  // Chase names downloads `Chase1234_Activity20250101_20250131_20250201.CSV`: the card's digits.
  card: (options) => ({ issuer: 'chase', suggestedName: 'Chase', lastDigits: /^chase(\d{4})_/i.exec(options.fileName)?.[1] ?? null, currency: 'USD' }),
  reader(h, _card, errors) {
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
    return {
      minFields: Math.max(cDate, cPosted, cDesc, cType, cAmount) + 1,
      row(r) {
        const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'USD', errors, { order: 'mdy' });
        if (!base) return null;
        const c = r.cells;
        let postedDate: string | null = null;
        if (c[cPosted]!.trim() !== '') {
          const p = take(dateCell(c[cPosted]!, r.line, 'mdy', 'Post Date'), errors);
          if (p === undefined) return null;
          postedDate = p;
        }
        const amount = base.amount === 0 ? 0 : -base.amount;
        const row = makeRow({ ...base, amount, postedDate, description: c[cDesc]!, currency: 'USD' });
        if (row.description === '') {
          errors.push({ line: r.line, message: 'the description is empty' });
          return null;
        }
        row.kind = chaseKind(c[cType]!, row.description, amount);
        row.details = detailsOf(c, detailCols);
        return row;
      },
    };
  },
});

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

export const monzo = layoutFormat({
  id: 'monzo',
  label: 'Monzo',
  minCells: 10,
  isHeader: isMonzoHeader,
  what: 'Monzo (Transaction ID, Date, Time, Name, Amount, …)',
  card: () => ({ issuer: 'monzo', suggestedName: 'Monzo', lastDigits: null, currency: 'GBP' }),
  reader(h, card, errors) {
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
    let accountCurrency: string | null = null;
    return {
      minFields: Math.max(cDate, cName, cAmount, cCurrency) + 1,
      row(r) {
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
        const base = dateAndAmount(r, { date: cDate, amount: amountIdx }, currency, errors, { order: 'dmy' });
        if (!base) return null;
        const amount = fromColumns === 0 ? (base.amount === 0 ? 0 : -base.amount) : fromColumns * Math.abs(base.amount);
        const name = c[cName]!.trim() !== '' ? c[cName]! : (c[cDescription] ?? '');
        const row = makeRow({ ...base, amount, description: name, currency });
        if (row.description === '') {
          errors.push({ line: r.line, message: 'the name and description are empty' });
          return null;
        }
        row.kind = monzoKind(c[cType] ?? '', c[cCategory] ?? '', row.description, amount);
        let details = detailsOf(c, detailCols);
        const localCode = norm(c[cLocalCurrency]).toUpperCase();
        const localRaw = (c[cLocalAmount] ?? '').trim();
        if (localCode && localCode !== currency && localRaw !== '' && isCurrencyCode(localCode)) {
          const local = take(amountCell(localRaw, localCode, r.line, 'Local amount'), errors);
          if (local === undefined) return null;
          // Same flip as Amount: the local amount is signed from the account's side too.
          row.originalAmount = local === 0 ? 0 : -local;
          row.originalCurrency = localCode;
          details = { ...details, foreign: `${localRaw} ${localCode}` };
        }
        row.details = details;
        return row;
      },
      end() {
        if (accountCurrency) card.currency = accountCurrency;
      },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Barclays (§15.5): `Number,Date,Account,Amount,Subcategory,Memo`. `Amount` is signed from the
// account's side (money out negative) → flipped. `Number` is often the literal `null`. `Memo` is
// padded with runs of spaces; only its ends are trimmed. The account number's last four digits
// identify the account (the full number is not kept: privacy, §19.20).

function isBarclaysHeader(h: string[]): boolean {
  return has(h, 'number', 'date', 'account', 'amount', 'subcategory', 'memo');
}

export const barclays = layoutFormat({
  id: 'barclays',
  label: 'Barclays',
  minCells: 6,
  isHeader: isBarclaysHeader,
  what: 'Barclays (Number, Date, Account, Amount, Subcategory, Memo)',
  card: () => ({ issuer: 'barclays', suggestedName: 'Barclays', lastDigits: null, currency: 'GBP' }),
  reader(h, card, errors) {
    const cNumber = col(h, 'number');
    const cDate = col(h, 'date');
    const cAccount = col(h, 'account');
    const cAmount = col(h, 'amount');
    const cSub = col(h, 'subcategory');
    const cMemo = col(h, 'memo');
    const seen: string[] = [];
    return {
      minFields: Math.max(cDate, cAmount) + 1,
      row(r) {
        const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'GBP', errors, { order: 'dmy' });
        if (!base) return null;
        const c = r.cells;
        const sub = (c[cSub] ?? '').trim();
        const amount = base.amount === 0 ? 0 : -base.amount;
        // An empty memo falls back to the subcategory code rather than rejecting the file.
        const memo = (c[cMemo] ?? '').trim() !== '' ? c[cMemo]! : sub;
        const row = makeRow({ ...base, amount, description: memo, currency: 'GBP' });
        if (row.description === '') {
          errors.push({ line: r.line, message: 'the memo is empty' });
          return null;
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
        return row;
      },
      end: () => cardDigits(card, seen),
    };
  },
});
