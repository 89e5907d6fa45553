/**
 * EPOS Card (エポスNet → ご利用明細 → データのダウンロード), doc §7. Shift_JIS:
 *
 *   月別ご利用明細 <氏名> 様 ご利用期間：2025年4月から2025年6月 株式会社エポスカード,,,,,,,  ← title
 *   種別（ショッピング、キャッシング、その他）,ご利用年月日,ご利用場所,ご利用内容,
 *     ご利用金額（キャッシングでは元金になります）,支払区分,お支払開始月,備考                        ← 8 columns
 *   ショッピング,2025年4月3日,サンプルマート,－,1280,1回払い,2025年5月,
 *   ショッピング合計,,,,37900,,,                                                               ← total
 *   ※１ この行はサンプルの注記です,,,,,,,                                                     ← note
 *
 * Dates are `YYYY年M月D日`. `ご利用内容` is usually `－` (U+FF0D) and is kept only when it says
 * something. `<種別>合計` rows are sums of ご利用金額 over that 種別's rows (the full purchase amount,
 * instalments included); `ショッピング合計` is the statement total, other `…合計` rows are checked
 * into warnings. The holder's name is only in the title row and family use cannot be told apart,
 * so rows carry that name with role `unknown`. No payment month is printed (only the usage period).
 */
import { formatMoney } from '../../money';
import { isBlankRecord } from '../csv';
import type { ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat, StatementTotal } from '../types';
import { amountCell, cell, column, dateCell, findRecord, hasColumns, holder, kindOf, makeRow, paymentPlan, totalCheck } from './common';

const ID = 'epos';
const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 6 && hasColumns(cells, /^種別/, 'ご利用年月日', 'ご利用場所', /^ご利用金額/);

const TITLE = /月別ご利用明細[\s\u3000]*(.+?)[\s\u3000]*様/u;
/** `ご利用内容` placeholders that carry no information. */
const NO_CONTENT = new Set(['', '-', '－', '―', 'ー', '‐']);

const yen = (minor: number): string => formatMoney(minor, CURRENCY, 'en');

export const epos: StatementFormat = {
  id: ID,
  label: 'EPOS Card (エポスカード)',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records, _options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const headerIndex = findRecord(records, isHeader);
    const done = (total: StatementTotal | null): ParsedStatement => ({
      format: ID,
      rows: errors.length ? [] : rows,
      card: { issuer: 'epos', suggestedName: 'エポスカード', lastDigits: null, currency: CURRENCY },
      total,
      statementMonth: null,
      errors,
      warnings,
    });
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no EPOS header row (種別, ご利用年月日, ご利用場所, …)' });
      return done(null);
    }

    let member: ParsedCardholder | null = null;
    for (let i = 0; i < headerIndex; i++) {
      const m = TITLE.exec(records[i]!.cells[0] ?? '');
      if (m) member = holder(m[1]!, 'unknown', null);
    }

    const header = records[headerIndex]!;
    const h = header.cells;
    const col = {
      kind: column(h, /^種別/),
      date: column(h, 'ご利用年月日'),
      merchant: column(h, 'ご利用場所'),
      content: column(h, 'ご利用内容'),
      amount: column(h, /^ご利用金額/),
      plan: column(h, '支払区分'),
      start: column(h, 'お支払開始月'),
      memo: column(h, '備考'),
    };
    const minFields = Math.max(col.kind, col.date, col.merchant, col.amount) + 1;

    // Sum of ご利用金額 per 種別, and the printed `<種別>合計` rows.
    const sums = new Map<string, number>();
    const printed: { kind: string; value: number; line: number }[] = [];

    for (let i = headerIndex + 1; i < records.length; i++) {
      const r = records[i]!;
      const c = r.cells;
      if (isBlankRecord(c)) continue;
      const kindText = (c[col.kind] ?? '').trim();
      if (kindText.startsWith('※')) continue; // note rows
      const dateRaw = cell(c, col.date);
      if (dateRaw.trim() === '' && kindText.endsWith('合計')) {
        const a = amountCell(cell(c, col.amount), CURRENCY, r.line, kindText);
        if (a.ok) printed.push({ kind: kindText.slice(0, -2).trim(), value: a.value, line: r.line });
        else warnings.push(a.problem);
        continue;
      }
      if (c.length < minFields) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields; an EPOS row has ${h.length} (truncated line?)` });
        continue;
      }
      // Text past the header's last column: an unquoted comma shifted the fields.
      if (c.length > h.length && c.slice(h.length).some((x) => x.trim() !== '')) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields but the header has ${h.length} (an unquoted comma?)` });
        continue;
      }
      const date = dateCell(dateRaw, r.line);
      if (!date.ok) {
        errors.push(date.problem);
        continue;
      }
      const amount = amountCell(c[col.amount]!, CURRENCY, r.line, 'ご利用金額');
      if (!amount.ok) {
        errors.push(amount.problem);
        continue;
      }
      const details: Record<string, string> = {};
      if (kindText !== 'ショッピング' && kindText) details.category = kindText;
      const content = cell(c, col.content).trim();
      if (!NO_CONTENT.has(content)) details.content = content;
      const start = cell(c, col.start).trim();
      if (start) details.paymentStart = start;
      const memo = cell(c, col.memo).trim();
      if (memo) details.memo = memo;
      const row = makeRow({
        line: r.line,
        date: date.value,
        description: c[col.merchant]!,
        amount: amount.value,
        currency: CURRENCY,
        cardholder: member,
        paymentPlan: paymentPlan(cell(c, col.plan)),
        details: Object.keys(details).length ? details : null,
      });
      // A cash advance (キャッシング, principal only) is borrowing, not spending (doc §7, §17.3).
      if (kindText === 'キャッシング' && row.amount > 0) row.kind = 'other';
      // `その他` rows (fees, adjustments) name what they are in ご利用内容, e.g. `年会費`.
      else if (kindText !== 'ショッピング' && details.content) row.kind = kindOf(`${row.description} ${details.content}`, row.amount);
      rows.push(row);
      sums.set(kindText, (sums.get(kindText) ?? 0) + amount.value);
    }

    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has an EPOS header but no transaction rows' });
    let total: StatementTotal | null = null;
    const main = printed.find((p) => p.kind === 'ショッピング') ?? printed[0];
    for (const p of printed) {
      const computed = sums.get(p.kind) ?? 0;
      if (p === main) total = totalCheck(p.value, computed, `${p.kind}合計 (line ${p.line})`);
      else if (p.value !== computed) {
        warnings.push({ line: p.line, message: `${p.kind}合計 (line ${p.line}) is ${yen(p.value)}, but the ${p.kind} rows add up to ${yen(computed)}` });
      }
    }
    return done(total);
  },
};
