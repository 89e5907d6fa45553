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
import { isBlankRecord } from '../csv';
import type { ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat, StatementTotal } from '../types';
import { amountCell, cell, column, dateCell, findRecord, holder, makeRow, norm, paymentPlan, totalCheck } from './common';

const ID = 'aeon';
const CURRENCY = 'JPY';

/** The purchase header starts `ご利用日,利用者区分,ご利用先,支払方法` (the importer in doc §8 keys on it). */
const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 7 && norm(cells[0]) === 'ご利用日' && norm(cells[1]) === '利用者区分' && norm(cells[2]) === 'ご利用先' && norm(cells[3]) === '支払方法';

const END_OF_TABLE = '分割・ボーナス払い明細';
const FEE_MEMO = /カイヒ$/u;

export const aeon: StatementFormat = {
  id: ID,
  label: 'AEON Card (イオンカード)',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records, _options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const headerIndex = findRecord(records, isHeader);
    let statementMonth: string | null = null;
    const done = (total: StatementTotal | null): ParsedStatement => ({
      format: ID,
      rows: errors.length ? [] : rows,
      card: { issuer: 'aeon', suggestedName: 'イオンカード', lastDigits: null, currency: CURRENCY },
      total,
      statementMonth,
      errors,
      warnings,
    });
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no AEON header row (ご利用日, 利用者区分, ご利用先, 支払方法, …)' });
      return done(null);
    }

    // Only the two labels we need are read; the bank-account rows are skipped unseen.
    let billed: { value: number; line: number } | null = null;
    for (let i = 0; i < headerIndex; i++) {
      const r = records[i]!;
      const label = norm(r.cells[0]);
      if (label === '今回ご請求金額') {
        const a = amountCell(cell(r.cells, 1), CURRENCY, r.line, '今回ご請求金額');
        if (a.ok) billed = { value: a.value, line: r.line };
        else warnings.push(a.problem);
      } else if (label === 'お支払い日') {
        const d = dateCell(cell(r.cells, 1), r.line);
        if (d.ok) statementMonth = d.value.slice(0, 7);
      }
    }

    const header = records[headerIndex]!;
    const h = header.cells;
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

    const holders = new Map<string, ParsedCardholder>();
    let sum = 0;
    for (let i = headerIndex + 1; i < records.length; i++) {
      const r = records[i]!;
      const c = r.cells;
      if (isBlankRecord(c)) continue;
      if (norm(c[0]) === END_OF_TABLE) break;
      if (c.length < minFields) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields; an AEON row has ${h.length} (truncated line?)` });
        continue;
      }
      // Text past the header's last column: an unquoted comma shifted the fields.
      if (c.length > h.length && c.slice(h.length).some((x) => x.trim() !== '')) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields but the header has ${h.length} (an unquoted comma?)` });
        continue;
      }
      const date = dateCell(c[col.date]!, r.line);
      if (!date.ok) {
        errors.push(date.problem);
        continue;
      }
      const amount = amountCell(c[col.amount]!, CURRENCY, r.line, 'ご利用金額');
      if (!amount.ok) {
        errors.push(amount.problem);
        continue;
      }
      const userRaw = c[col.user]!.trim();
      let user: ParsedCardholder | null = null;
      if (userRaw) {
        user = holders.get(userRaw) ?? null;
        if (!user) {
          const u = norm(userRaw);
          user = holder(userRaw, u === '本人' ? 'primary' : u === '家族' ? 'family' : 'unknown', null);
          holders.set(userRaw, user);
        }
      }
      const memo = cell(c, col.memo).trim();
      const row = makeRow({
        line: r.line,
        date: date.value,
        description: c[col.merchant]!,
        amount: amount.value,
        currency: CURRENCY,
        cardholder: user,
        paymentPlan: paymentPlan(c[col.plan]!),
        details: memo ? { memo } : null,
      });
      if (memo && row.amount > 0 && FEE_MEMO.test(memo.normalize('NFKC'))) row.kind = 'fee';
      rows.push(row);
      sum += amount.value;
    }

    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has an AEON header but no transaction rows' });
    return done(billed ? totalCheck(billed.value, sum, `今回ご請求金額 (line ${billed.line})`) : null);
  },
};
