/**
 * Rakuten Card e-NAVI CSV (statement-formats.md §2). One format, id `rakuten`, for every width:
 * - 10 columns (2018–2024): `…,支払手数料|手数料/利息,支払総額,N月支払金額,N月繰越残高,新規サイン`;
 * - 11 columns, settled "shape B": adds `当月請求額`;
 * - 12 columns, latest "shape A": `支払月` and `N月以降請求額` instead of `新規サイン`; still changing,
 *   so its rows are `unconfirmed`.
 * Header names carry month numbers (`7月支払金額`, `2026年04月支払金額`, drifted `12月以降支払金額`),
 * so columns are found by pattern, never by position or fixed text.
 *
 * Quirks handled:
 * - UTF-8 with BOM, every field quoted; blank rows (`"",""…` or empty lines) anywhere: skipped.
 * - Dateless continuation rows belong to the row above and are never transactions. The foreign one
 *   (`現地利用額 …９．９９０変換レート １５１．３５１円`, U+3000 spaces) has full-width digits and NO currency code;
 *   the merchant's `利用国USA` suffix names the country, not the currency. Currency rule: a code
 *   the text prints, else a currency sign or name it prints (`€`, `£`, `US$`, `ユーロ`); else (a
 *   choice, since the file does not say) USA → USD, a euro-area country → EUR; anything else →
 *   originalAmount/originalCurrency stay null, and the printed rate and the raw text are still kept
 *   (`fxRate`, `details.foreign`). A rate of exactly 1 means the merchant billed in yen (the doc):
 *   not foreign use, only the raw text is kept. Other continuation text (ETC detail) goes to
 *   `details.note`.
 * - `■ご利用キャンセルなど` opens the cancellation section. Sources disagree on the sign printed
 *   there (positive in nine real files, `-100` in one test), so every amount in that section is made
 *   negative whatever its printed sign, and the rows are refunds.
 * - Shape A rows with `支払月` = `N月以降` are billed in a later month: nothing is billed on this
 *   statement, so `billedAmount` is 0 and the later amount is kept in `details.billedLater`.
 * - Card-network prefixes (`ＶＩＳＡ国内利用 VS `, `海外利用 １ `) stay in the description.
 * - The file name `enavi{YYYYMM}({NNNN}).csv` gives the payment month and the card's last digits.
 */
import { parseDate } from '../../dates';
import { cleanDescription } from '../../merchant';
import type { ParsedRow } from '../types';
import { amountCell, amountOrEmpty, attachNote, cardholderRole, cell, column, currencyFromSign, foreignFromText, headerFormat, holder, holderCache, makeRow, monthFromFileName, norm, paymentPlan, recordsBelow, take, tooFewFields } from './common';

const CURRENCY = 'JPY';

/** `7月支払金額`, `2026年04月支払金額` — the part billed in payment month N. Not `12月以降支払金額`. */
const THIS_MONTH_COL = /^(?:(\d{4})年)?(\d{1,2})月支払金額$/;
/** `8月以降請求額` (shape A), `12月以降支払金額` (a drifted XLSX label). */
const LATER_COL = /^(?:\d{4}年)?\d{1,2}月以降(?:請求額|支払金額)$/;
const CARRY_COL = /^(?:\d{4}年)?\d{1,2}月繰越残高$/;
const COUNTRY = /利用国\s*([A-Z]{2,3})$/;
const RATE = /レート\s*[:：/／]?\s*([0-9]+(?:\.[0-9]+)?)/;
const FILE_DIGITS = /enavi\d{6}\s*[(（](\d{4})[)）]/i;

/** An amount cell that is empty or zero (`0`, `０`) is not worth keeping in details. */
const nothing = (s: string): boolean => s === '' || s === '0' || s === '０';

/**
 * Country (as printed after `利用国`) → the currency we assume the merchant billed in. Only USA and
 * the euro area: elsewhere the country says too little (many merchants bill in USD or JPY).
 */
const EURO_AREA = ['AUT', 'BEL', 'HRV', 'CYP', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'IRL', 'ITA', 'LVA', 'LTU', 'LUX', 'MLT', 'NLD', 'PRT', 'SVK', 'SVN', 'ESP'];
const COUNTRY_CURRENCY: ReadonlyMap<string, string> = new Map([['USA', 'USD'], ['US', 'USD'], ...EURO_AREA.map((c) => [c, 'EUR'] as [string, string])]);

function isHeader(cells: readonly string[]): boolean {
  if (cells.length < 10 || norm(cells[0]) !== '利用日') return false;
  return (
    column(cells, '利用店名・商品名') !== -1 &&
    column(cells, '利用者') !== -1 &&
    // PayPay and old Yahoo! cards share most names but say 支払区分, not 支払方法.
    column(cells, '支払方法') !== -1 &&
    column(cells, '利用金額') !== -1 &&
    column(cells, '支払総額') !== -1 &&
    column(cells, THIS_MONTH_COL) !== -1
  );
}

/**
 * Fill the foreign fields of `row` from a `現地利用額…変換レート…円` continuation text. The currency:
 * a code the text prints (`９．９９ＵＳＤ`), else a sign or name (`€`, `ユーロ`), else a guess from
 * the country of use; a rate of exactly 1 means the merchant billed in yen — not foreign use.
 */
function applyForeign(row: ParsedRow, text: string): void {
  const s = text.normalize('NFKC');
  const rate = RATE.exec(s)?.[1] ?? null;
  if (rate !== null && Number(rate) === 1) return;
  row.fxRate = rate;
  const printed = foreignFromText(s);
  const sign = printed ? null : currencyFromSign(s.replace(RATE, '').replace(/円/g, ''));
  const country = row.details?.country;
  const currency = printed?.originalCurrency ?? sign?.code ?? (country ? (COUNTRY_CURRENCY.get(country) ?? null) : null);
  const foreign = printed ?? (currency ? foreignFromText(sign ? s.replace(sign.sign, ' ') : s, currency) : null);
  if (!foreign || foreign.originalCurrency === CURRENCY) return;
  row.fxRate = foreign.fxRate ?? rate;
  row.originalCurrency = foreign.originalCurrency;
  // Cancellations are negative in the ledger: keep the original amount on the same side.
  row.originalAmount = row.amount < 0 ? -Math.abs(foreign.originalAmount) : foreign.originalAmount;
}

/** The payment month: file name `enavi202507(…)`, else a year-qualified header, else header month + the rows' year. */
function statementMonth(fileName: string, header: readonly string[], thisMonthCol: number, rows: readonly ParsedRow[]): string | null {
  if (/enavi/i.test(fileName)) {
    const fromName = monthFromFileName(fileName);
    if (fromName) return fromName;
  }
  const m = THIS_MONTH_COL.exec(norm(header[thisMonthCol]));
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const mm = String(month).padStart(2, '0');
  if (m[1]) return `${m[1]}-${mm}`;
  // `7月支払金額` has no year. Payment comes after use, so the payment month is the first month N
  // on or after the latest usage date (latest 2025-12-20 and 1月 → 2026-01).
  let latest = '';
  for (const r of rows) if (r.date > latest) latest = r.date;
  if (!latest) return null;
  const year = Number(latest.slice(0, 4)) + (month < Number(latest.slice(5, 7)) ? 1 : 0);
  return `${year}-${mm}`;
}

// e-NAVI CSVs print no statement total: `total` stays null.
export const rakuten = headerFormat({
  id: 'rakuten',
  label: '楽天カード (e-NAVI)',
  isHeader,
  card: (options) => ({ issuer: 'rakuten', suggestedName: '楽天カード', lastDigits: FILE_DIGITS.exec(options.fileName)?.[1] ?? null, currency: CURRENCY }),
  missing: 'no 楽天カード header (利用日, 利用店名・商品名, …, N月支払金額) in the first 40 rows',
  header: 'a 楽天カード header',
  read(records, f, options) {
    const { result } = f;
    const { errors, warnings, rows } = result;
    const h = f.header.cells;
    const col = {
      date: 0,
      description: column(h, '利用店名・商品名'),
      user: column(h, '利用者'),
      method: column(h, '支払方法'),
      amount: column(h, '利用金額'),
      fee: column(h, '手数料/利息', '支払手数料', '手数料'),
      payMonth: column(h, '支払月'),
      thisMonth: column(h, THIS_MONTH_COL),
      billed: column(h, '当月請求額'),
      carry: column(h, CARRY_COL),
      later: column(h, LATER_COL),
    };
    const shapeA = col.payMonth !== -1 || col.later !== -1;
    const status = shapeA ? 'unconfirmed' : 'confirmed';
    // 当月請求額 is "billed this month"; the 10-column layout only has N月支払金額.
    const billedCol = col.billed !== -1 ? col.billed : col.thisMonth;
    const minCells = Math.max(col.description, col.user, col.method, col.amount) + 1;

    let section: string | null = null;
    let cancelled = false;
    let last: ParsedRow | null = null;

    const userOf = holderCache((text) => holder(text, cardholderRole(text)));
    for (const r of recordsBelow(records, f)) {
      const { line, cells } = r;
      const dateRaw = cell(cells, col.date);
      if (dateRaw.trim() === '') {
        // A continuation row: detail for the row above, never a transaction.
        if (cell(cells, col.amount).trim() !== '') {
          errors.push({ line, message: 'date: empty on a row with an amount' });
          continue;
        }
        const text = cleanDescription(cell(cells, col.description));
        if (last && text.includes('現地利用額')) {
          (last.details ??= {}).foreign = text;
          applyForeign(last, text);
        } else {
          attachNote(last, text, line, warnings);
        }
        continue;
      }
      const date = parseDate(dateRaw);
      if (!date) {
        if (cells.slice(1).every((c) => c.trim() === '')) {
          // A one-cell row: `■ご利用キャンセルなど` opens a section; anything else is a note.
          const label = cleanDescription(dateRaw);
          if (label.startsWith('■')) {
            section = label;
            cancelled = label.includes('キャンセル');
          } else {
            warnings.push({ line, message: `skipped a note row: "${label.slice(0, 40)}"` });
          }
          continue;
        }
        errors.push({ line, message: `date: not a date: "${dateRaw.trim().slice(0, 40)}"` });
        continue;
      }
      const short = tooFewFields(r, h, minCells);
      if (short) {
        errors.push(short);
        continue;
      }
      const printed = take(amountCell(cell(cells, col.amount), CURRENCY, line), errors);
      if (printed === undefined) continue;
      // Cancellations are negative in the ledger whatever sign the section prints.
      const amount = cancelled ? -Math.abs(printed) : printed;
      const details: Record<string, string> = {};
      if (section) details.section = section;
      const payMonth = col.payMonth < 0 ? '' : norm(cells[col.payMonth]);
      if (payMonth) details.paymentMonth = payMonth;

      let billedAmount: number | null = null;
      const billed = take(amountOrEmpty(cell(cells, billedCol), CURRENCY, line, 'billed amount'), errors);
      if (billed === undefined) continue;
      const laterRaw = cell(cells, col.later).trim();
      if (billed !== null) {
        const b = cancelled ? -Math.abs(billed) : billed;
        if (b !== amount) billedAmount = b;
      } else if (payMonth.includes('以降') || laterRaw !== '') {
        billedAmount = 0; // billed in a later month: nothing on this statement
      }
      if (!nothing(laterRaw)) details.billedLater = laterRaw;
      const fee = cell(cells, col.fee).trim();
      if (!nothing(fee)) details.fee = fee;
      const carry = cell(cells, col.carry).trim();
      if (!nothing(carry)) details.carriedOver = carry;

      const description = cell(cells, col.description);
      if (description.includes('利用国')) {
        const country = COUNTRY.exec(cleanDescription(description).normalize('NFKC'))?.[1];
        if (country) details.country = country;
      }
      const method = cell(cells, col.method);
      const row = makeRow({
        line,
        date,
        description,
        amount,
        currency: CURRENCY,
        cardholder: userOf(cell(cells, col.user)),
        paymentPlan: method === '1回払い' ? null : paymentPlan(method),
        billedAmount,
        status,
        details: Object.keys(details).length > 0 ? details : null,
      });
      if (cancelled) row.kind = 'refund';
      // `返済方法変更ＷＥＢ…` rows record a change of repayment method of an earlier purchase, not new
      // spending (doc §2, a guess): keep them, but out of purchases.
      else if (row.description.startsWith('返済方法変更')) row.kind = 'other';
      rows.push(row);
      last = row;
    }
    result.statementMonth = statementMonth(options.fileName, h, col.thisMonth, rows);
  },
});

