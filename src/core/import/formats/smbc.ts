/**
 * SMBC 三井住友カード Vpass (also Olive, GOLD POINT CARD+) and d card, which downloads the same
 * block layout (statement-formats.md §3, §9). No header row in either layout.
 *
 * Settled statement (format `smbc` / `dcard`):
 *   `NAME 様,4980-00**-****-****,<card name>`   one block line per card (plastic, iD, family card…)
 *   `date,merchant,ご利用金額,支払区分,今回回数,今回お支払金額,備考`   7 fields (d card: an 8th, empty)
 *   `,,,,,TOTAL,`                                footer: the sum of 今回お支払金額
 * - Merchants may hold an UNQUOTED comma (`EXAMPLE, INC. (…)`), so a row can have more fields than
 *   the layout. The merchant is re-joined up to where the layout's shape resumes: an amount, a
 *   payment code, a count and an amount (see merchantShift: the field count alone is not enough,
 *   spreadsheets pad rows). Rows with trailing fields dropped are accepted down to 6 fields.
 * - 支払区分 codes are full-width (`１`) or half-width: 1 → one payment; `リ` revolving; `ボ` bonus;
 *   N → N instalments; empty → one payment as far as we can tell (マイ・ペイすリボ per one source).
 * - 備考: foreign use `9.99 USD 151.451 05 16` (U+3000 between amount, code, rate, MM DD) → foreign fields and
 *   `details.foreign`; an ETC route `自…至…` → `details.etcRoute`; anything else → `details.memo`.
 * - The block line's card name goes to `details.block`; its name to the cardholder (role unknown:
 *   the file does not say who is primary); unmasked trailing digits (`-0000`) to lastDigits.
 * - `※…※` note rows and extra footer lines are skipped; dateless text rows (Olive's
 *   `…全額繰上返済`) are attached to the row above as `details.note`.
 *
 * Not yet settled (format `smbc`, rows `unconfirmed`), 13 fields, no block lines:
 *   `2025/6/3,merchant,ご本人|ご家族,1回払い,,'25/07,利用金額,今回請求額,,,,,`
 *   `'YY/MM` is the payment month (→ statementMonth, details.paymentMonth). The last five fields are
 *   empty in every file seen; a foreign memo there (as in the settled 備考) fills the foreign fields.
 *   Without one, a foreign charge is a plain yen estimate: the import recognises its settled row by
 *   card, date, merchant and a nearby amount (services/imports.ts postedMatcher).
 */
import { cleanDescription } from '../../merchant';
import { isBlankRecord } from '../csv';
import type { CardHint, CsvRecordLike, ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat } from '../types';
import { amountCell, amountOrEmpty, attachNote, cardholderRole, dateCell, foreignFromText, holder, holderCache, makeRow, norm, paymentPlan, take } from './common';
import { statementTotal, type Printed } from './preamble';

const CURRENCY = 'JPY';

interface Issuer {
  id: 'smbc' | 'dcard';
  name: string;
  /** Fields of a settled row in the issuer's layout (Vpass 7, d card 8). */
  width: number;
}

const SMBC: Issuer = { id: 'smbc', name: '三井住友カード', width: 7 };
const DCARD: Issuer = { id: 'dcard', name: 'dカード', width: 8 };

const MASKED_CARD = /^[0-9*＊]{4}-[0-9*＊]{2,4}(?:-[0-9*＊]{1,4})*$/;
const AMOUNT_LIKE = /^[-−－△]?[0-9０-９][0-9０-９,，]*$/;
const COUNT_LIKE = /^[0-9０-９]{0,2}$/;
const SLASH_DATE = /^\d{4}\/\d{1,2}\/\d{1,2}$/;
const PAY_MONTH = /^'?(\d{2}|\d{4})\/(\d{1,2})$/;
const FOREIGN_MEMO = /^[0-9][0-9,]*(?:\.[0-9]+)?\s+[A-Z]{3}\b/;
const DCARD_NAME = /^dカード/i;

// ---------- shared cell tests (no NFKC on the hot path: the classes include full-width forms) ----------

const trimmed = (s: string | undefined): string => (s ?? '').trim();
const amountLike = (s: string | undefined): boolean => AMOUNT_LIKE.test(trimmed(s));
/** 支払区分: `１`, `1`, `10`, `リ`, `ボ`, empty… — short, never an amount. */
const codeLike = (s: string | undefined): boolean => {
  const t = trimmed(s);
  return t.length <= 4 && !/[0-9０-９]{3}/.test(t) && !t.includes('.');
};

interface Block {
  line: number;
  holder: string;
  digits: string | null;
  cardName: string;
}

/** `ヤマダ タロウ 様,4980-00**-****-****,三井住友カード（ＮＬ）` (trailing empty fields allowed). */
function blockLine(line: number, cells: readonly string[]): Block | null {
  if (cells.length < 2) return null;
  const name = trimmed(cells[0]);
  if (!name.endsWith('様') || !MASKED_CARD.test(trimmed(cells[1]))) return null;
  for (let i = 3; i < cells.length; i++) if (trimmed(cells[i]) !== '') return null;
  const digits = /-(\d{4})$/.exec(norm(cells[1]))?.[1] ?? null;
  return { line, holder: cleanDescription(name.slice(0, -1)), digits, cardName: cleanDescription(cells[2] ?? '') };
}

function firstBlock(records: readonly CsvRecordLike[]): Block | null {
  const n = Math.min(records.length, 40);
  for (let i = 0; i < n; i++) {
    const b = blockLine(records[i]!.line, records[i]!.cells);
    if (b) return b;
  }
  return null;
}

/** A not-yet-settled 13-field row: date, merchant, ご本人/ご家族, plan, empty, `'YY/MM`, amounts. */
function isUnsettledRow(cells: readonly string[]): boolean {
  return cells.length >= 8 && SLASH_DATE.test(trimmed(cells[0])) && /^ご(本人|家族)/.test(trimmed(cells[2])) && PAY_MONTH.test(trimmed(cells[5]));
}

function hasUnsettledRow(records: readonly CsvRecordLike[]): boolean {
  const n = Math.min(records.length, 40);
  for (let i = 0; i < n; i++) if (isUnsettledRow(records[i]!.cells)) return true;
  return false;
}

type Shape = (cells: readonly string[], k: number) => boolean;

/**
 * How many extra fields an unquoted comma put into the merchant: the smallest shift for which the
 * cells after the merchant have the layout's shape. Spreadsheet re-saves pad rows with empty fields,
 * so the field count alone cannot say; when several shifts fit (a numeric fragment such as
 * `SHOP, 12`), the one whose purchase and billed amounts agree wins, as they do on most rows.
 * -1 when none fits.
 */
function merchantShift(cells: readonly string[], fits: Shape, same: Shape, minFields: number): number {
  let first = -1;
  for (let k = 0; k <= cells.length - minFields; k++) {
    if (!fits(cells, k)) continue;
    if (same(cells, k)) return k;
    if (first < 0) first = k;
  }
  return first;
}

/** Settled: date, merchant…, amount, code, count, billed[, memo[, 8th]] (amount may be empty on fee rows). */
const settledFits: Shape = (c, k) =>
  (amountLike(c[2 + k]) || (trimmed(c[2 + k]) === '' && amountLike(c[5 + k]))) &&
  codeLike(c[3 + k]) &&
  COUNT_LIKE.test(trimmed(c[4 + k])) &&
  (amountLike(c[5 + k]) || trimmed(c[5 + k]) === '');
const settledSame: Shape = (c, k) => trimmed(c[2 + k]) === trimmed(c[5 + k]);
/** Not yet settled: date, merchant…, user, plan, (empty), 'YY/MM, amount, billed, 5 empty. */
const unsettledFits: Shape = (c, k) => PAY_MONTH.test(trimmed(c[5 + k])) && amountLike(c[6 + k]);
const unsettledSame: Shape = (c, k) => trimmed(c[6 + k]) === trimmed(c[7 + k]);

/** 支払区分 → plan text: `1`/empty → null (one payment); `リ` → リボ; `ボ` → ボーナス払い; N → N回払い. */
function planFromCode(raw: string): string | null {
  if (raw === '１' || raw === '1' || raw === '') return null; // the common case, without NFKC
  const code = norm(raw);
  if (code === '' || code === '1') return null;
  if (/^\d+$/.test(code)) return `${Number(code)}回払い`;
  if (code === 'リ') return 'リボ';
  if (code === 'ボ') return 'ボーナス払い';
  return code;
}

function memoDetails(memo: string, details: Record<string, string>, row: { amount: number }): Partial<ParsedRow> {
  if (memo === '') return {};
  if (/^[0-9０-９]/.test(memo) && FOREIGN_MEMO.test(memo.normalize('NFKC'))) {
    details.foreign = memo;
    const f = foreignFromText(memo);
    if (f) {
      return {
        originalAmount: row.amount < 0 ? -Math.abs(f.originalAmount) : f.originalAmount,
        originalCurrency: f.originalCurrency,
        fxRate: f.fxRate,
      };
    }
    return {};
  }
  if (/^自.*至/.test(memo)) details.etcRoute = memo;
  else details.memo = memo;
  return {};
}

function cardHint(issuer: Issuer, blocks: readonly Block[]): CardHint {
  const digits = [...new Set(blocks.map((b) => b.digits).filter((d): d is string => d !== null))];
  const hint: CardHint = { issuer: issuer.id, suggestedName: issuer.name, lastDigits: digits[0] ?? null, currency: CURRENCY };
  if (digits.length > 1) hint.otherDigits = digits.slice(1);
  return hint;
}

/**
 * Vpass names its download `YYYYMM.csv` (the payment month) as far as we know — the doc does not
 * record it — so only a bare `YYYYMM.csv` (optionally with a browser's ` (1)`) is trusted.
 */
function monthFromVpassName(fileName: string): string | null {
  const m = /^(20\d{2})(0[1-9]|1[0-2])(?:\s*\(\d+\))?\.csv$/i.exec(fileName.trim());
  return m ? `${m[1]}-${m[2]}` : null;
}

// ---------- settled: card blocks ----------

function parseSettled(records: readonly CsvRecordLike[], issuer: Issuer, fileName: string): ParsedStatement {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const rows: ParsedRow[] = [];
  const blocks: Block[] = [];
  let block: Block | null = null;
  let cardholder: ParsedCardholder | null = null;
  let last: ParsedRow | null = null;
  let printed: Printed | null = null;
  let billedSum = 0;

  for (const { line, cells } of records) {
    if (isBlankRecord(cells)) continue;
    const first = trimmed(cells[0]);
    if (first === '') {
      // Footer `,,,,,3831,`: five empty fields then the total. Later footers (some files print a
      // second one) and `,※…※,,,,N,` notes are not the statement total.
      if (!trimmed(cells[1]) && !trimmed(cells[2]) && !trimmed(cells[3]) && !trimmed(cells[4]) && amountLike(cells[5])) {
        if (!printed) {
          const total = amountCell(cells[5]!, CURRENCY, line, 'total');
          if (!total.ok) errors.push(total.problem);
          else printed = { value: total.value, line };
        }
        continue;
      }
      const text = cleanDescription(cells[1] ?? '');
      if (text === '' || text.startsWith('※')) continue;
      attachNote(last, text, line, warnings);
      continue;
    }
    const b = blockLine(line, cells);
    if (b) {
      block = b;
      blocks.push(b);
      cardholder = holder(b.holder, 'unknown', b.digits);
      continue;
    }
    if (first.startsWith('※')) continue;
    const date = take(dateCell(first, line), errors);
    if (date === undefined) continue;
    const k = merchantShift(cells, settledFits, settledSame, 6);
    if (k < 0) {
      errors.push({
        line,
        message:
          cells.length < 6
            ? `the row has ${cells.length} fields; a ${issuer.name} row has ${issuer.width} (truncated line?)`
            : `cannot find the amount columns in this ${cells.length}-field row (expected ${issuer.width}): amount: not an amount: "${trimmed(cells[2]).slice(0, 40)}"`,
      });
      continue;
    }
    const description = cells.slice(1, 2 + k).join(',');
    const amountRaw = trimmed(cells[2 + k]);
    const billedRaw = trimmed(cells[5 + k]);
    // Annual-fee rows may leave ご利用金額 empty and print only 今回お支払金額.
    const amount = take(amountCell(amountRaw || billedRaw, CURRENCY, line), errors);
    if (amount === undefined) continue;
    const billedCell = take(amountOrEmpty(billedRaw, CURRENCY, line, 'billed amount'), errors);
    if (billedCell === undefined) continue;
    const billed = billedCell ?? amount;
    billedSum += billed;
    // The memo is one field; a d card row has one more after it, of unknown meaning (empty so
    // far): kept in details.extra when filled. Anything else left is a comma inside the memo.
    const tail = cells.slice(6 + k);
    const extra = issuer.width > 7 && tail.length >= issuer.width - 6 ? tail.splice(7 - issuer.width) : [];
    while (tail.length > 0 && trimmed(tail[tail.length - 1]) === '') tail.pop();
    const memo = cleanDescription(tail.join(','));
    const details: Record<string, string> = {};
    if (block?.cardName) details.block = block.cardName;
    const extraText = cleanDescription(extra.join(','));
    if (extraText) details.extra = extraText;
    const code = trimmed(cells[3 + k]);
    const plan = planFromCode(code);
    if (plan) {
      details.paymentCode = code;
      const count = trimmed(cells[4 + k]);
      if (count) details.instalment = norm(count);
    }
    const foreign = memoDetails(memo, details, { amount });
    const row = makeRow({
      line,
      date,
      description,
      amount,
      currency: CURRENCY,
      cardholder,
      paymentPlan: plan,
      billedAmount: billed !== amount ? billed : null,
      details: Object.keys(details).length > 0 ? details : null,
      ...foreign,
    });
    rows.push(row);
    last = row;
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: blocks[0]?.line ?? records[0]?.line ?? 1, message: `the ${issuer.name} file has no transaction rows` });
  // The footer is the sum of 今回お支払金額 (what this statement bills), not of ご利用金額.
  return {
    format: issuer.id,
    rows: errors.length > 0 ? [] : rows,
    card: cardHint(issuer, blocks),
    total: statementTotal('TOTAL footer', printed, billedSum),
    statementMonth: monthFromVpassName(fileName),
    errors,
    warnings,
  };
}

// ---------- not yet settled: 13 fields ----------

function parseUnsettled(records: readonly CsvRecordLike[], fileName: string): ParsedStatement {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const rows: ParsedRow[] = [];
  const months = new Map<string, number>();
  const userOf = holderCache((text) => holder(text, cardholderRole(text, { prefix: true })));
  let last: ParsedRow | null = null;

  for (const { line, cells } of records) {
    if (isBlankRecord(cells)) continue;
    const first = trimmed(cells[0]);
    if (first === '') {
      const text = cleanDescription(cells[1] ?? '');
      if (text === '') warnings.push({ line, message: 'skipped a row without a date' });
      else if (!text.startsWith('※')) attachNote(last, text, line, warnings);
      continue;
    }
    if (first.startsWith('※')) continue;
    const date = take(dateCell(first, line), errors);
    if (date === undefined) continue;
    const k = merchantShift(cells, unsettledFits, unsettledSame, 7);
    if (k < 0) {
      errors.push({
        line,
        message:
          cells.length < 7
            ? `the row has ${cells.length} fields; a not-yet-settled Vpass row has 13 (truncated line?)`
            : `cannot find the payment month and amount in this ${cells.length}-field row: amount: not an amount: "${trimmed(cells[6]).slice(0, 40)}"`,
      });
      continue;
    }
    const amount = take(amountCell(cells[6 + k]!, CURRENCY, line), errors);
    if (amount === undefined) continue;
    const billed = take(amountOrEmpty(trimmed(cells[7 + k]), CURRENCY, line, 'billed amount'), errors);
    if (billed === undefined) continue;
    const pm = PAY_MONTH.exec(trimmed(cells[5 + k]))!;
    const year = pm[1]!.length === 2 ? 2000 + Number(pm[1]) : Number(pm[1]);
    const month = `${year}-${pm[2]!.padStart(2, '0')}`;
    months.set(month, (months.get(month) ?? 0) + 1);
    // The five fields after the amounts are empty in the files seen; when one carries the settled
    // layout's foreign memo (`9.99 USD 151.451 05 16`) or other text, it is read the same way.
    const details: Record<string, string> = { paymentMonth: month };
    const tail = cells.slice(8 + k).map(trimmed).filter((c) => c !== '');
    const foreign = tail.length > 0 ? memoDetails(cleanDescription(tail.join(',')), details, { amount }) : {};
    const row = makeRow({
      line,
      date,
      description: cells.slice(1, 2 + k).join(','),
      amount,
      currency: CURRENCY,
      cardholder: userOf(cells[2 + k] ?? ''),
      paymentPlan: paymentPlan(cells[3 + k] ?? ''),
      billedAmount: billed !== null && billed !== amount ? billed : null,
      status: 'unconfirmed',
      details,
      ...foreign,
    });
    rows.push(row);
    last = row;
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: records[0]?.line ?? 1, message: 'the not-yet-settled Vpass file has no transaction rows' });
  // The statement's payment month: the one most rows are billed in (ties: the earliest).
  let statementMonth: string | null = null;
  let best = 0;
  for (const [m, n] of [...months].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (n > best) {
      best = n;
      statementMonth = m;
    }
  }
  return {
    format: SMBC.id,
    rows: errors.length > 0 ? [] : rows,
    card: cardHint(SMBC, []),
    total: null,
    statementMonth: statementMonth ?? monthFromVpassName(fileName),
    errors,
    warnings,
  };
}

const isDcardBlock = (b: Block | null): boolean => b !== null && DCARD_NAME.test(b.cardName.normalize('NFKC'));

export const smbcVpass: StatementFormat = {
  id: SMBC.id,
  label: '三井住友カード (Vpass)',
  detect(records) {
    const b = firstBlock(records);
    if (b) return !isDcardBlock(b);
    return hasUnsettledRow(records);
  },
  parse(records, options) {
    return firstBlock(records) ? parseSettled(records, SMBC, options.fileName) : parseUnsettled(records, options.fileName);
  },
};

/** d card: the Vpass block layout with an 8th column, told apart by the block line's card name. */
export const dcard: StatementFormat = {
  id: DCARD.id,
  label: 'dカード',
  detect(records) {
    return isDcardBlock(firstBlock(records));
  },
  parse(records, options) {
    return parseSettled(records, DCARD, options.fileName);
  },
};
