/**
 * AEON Card (暮らしのマネーサイト) CSV, doc §8. Shift_JIS, every row padded to 9 fields:
 *
 *   ご利用カード,<card name>,,,,,,,
 *   今回ご請求金額,5230,,,,,,,
 *   お支払い日,2025年 7月 2日,,,,,,,          ← spaces inside the date
 *   ご指定口座,,,,,,,,
 *   金融機関,支店,口座番号,名義人,,,,,          ← bank account: personal data, never kept or logged
 *   <bank>,<branch>,<account>,<holder>,,,,,
 *   ご利用明細,,,,,,,,
 *   ご利用日,利用者区分,ご利用先,支払方法,,,ご利用金額,備考,   ← two unnamed columns
 *   250512,本人,サンプルスーパー,１回,,,3980,,                ← YYMMDD dates
 *   分割・ボーナス払い明細,,,,,,,,              ← ends the purchase table; a second table follows
 *
 * `今回ご請求金額` is the plain sum of ご利用金額 over the purchase table (doc §8). `利用者区分`
 * `本人` → primary, `家族` → family. `備考` memos such as `２０２４／１２カイヒ` are kept in
 * `details.memo` (never appended to the description); `カイヒ` is read as 会費, a fee (doc: guess).
 */
import { cardholderRole, cell, column, dateAndAmount, headerFormat, holder, holderCache, makeRow, norm, pastHeader, paymentPlan, recordsBelow, tooFewFields } from './common';
import { readPreamble, statementTotal } from './preamble';

const CURRENCY = 'JPY';

/** The purchase header starts `ご利用日,利用者区分,ご利用先,支払方法` (the importer in doc §8 keys on it). */
const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 7 && norm(cells[0]) === 'ご利用日' && norm(cells[1]) === '利用者区分' && norm(cells[2]) === 'ご利用先' && norm(cells[3]) === '支払方法';

const END_OF_TABLE = '分割・ボーナス払い明細';
const FEE_MEMO = /カイヒ$/u;

export const aeon = headerFormat({
  id: 'aeon',
  label: 'AEON Card (イオンカード)',
  isHeader,
  card: () => ({ issuer: 'aeon', suggestedName: 'イオンカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no AEON header row (ご利用日, 利用者区分, ご利用先, 支払方法, …)',
  header: 'an AEON header',
  read(records, f) {
    const { result } = f;
    const { errors, rows } = result;
    // Only the two labels we need are used; the bank-account rows go by and are never kept.
    const billed = readPreamble(records, f, { total: '今回ご請求金額', paymentDate: 'お支払い日' });

    const h = f.header.cells;
    // The amount's column is named; the two columns before it are not (they are empty in every file seen).
    const col = {
      date: 0,
      user: 1,
      merchant: 2,
      plan: 3,
      amount: column(h, 'ご利用金額'),
      memo: column(h, '備考'),
    };
    if (col.amount === -1) col.amount = 6;
    const minFields = Math.max(col.merchant, col.amount) + 1;

    const userOf = holderCache((text) => holder(text, cardholderRole(text)));
    let sum = 0;
    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
      if (norm(c[0]) === END_OF_TABLE) break;
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      const base = dateAndAmount(r, col, CURRENCY, errors, { amount: 'ご利用金額' });
      if (!base) continue;
      const memo = cell(c, col.memo).trim();
      const row = makeRow({
        ...base,
        description: c[col.merchant]!,
        currency: CURRENCY,
        cardholder: userOf(c[col.user]!),
        paymentPlan: paymentPlan(c[col.plan]!),
        details: memo ? { memo } : null,
      });
      if (memo && row.amount > 0 && FEE_MEMO.test(memo.normalize('NFKC'))) row.kind = 'fee';
      rows.push(row);
      sum += base.amount;
    }
    result.total = statementTotal('今回ご請求金額', billed, sum);
  },
});
