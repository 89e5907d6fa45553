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
import type { ParsedCardholder, StatementTotal } from '../types';
import { cell, column, dateAndAmount, hasColumns, headerFormat, holder, kindOf, makeRow, pastHeader, paymentPlan, recordsBelow, tooFewFields } from './common';
import { checkSubtotal, printedAmount, statementTotal, type Printed } from './preamble';

const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 6 && hasColumns(cells, /^種別/, 'ご利用年月日', 'ご利用場所', /^ご利用金額/);

const TITLE = /月別ご利用明細[\s\u3000]*(.+?)[\s\u3000]*様/u;
/** `ご利用内容` placeholders that carry no information. */
const NO_CONTENT = new Set(['', '-', '－', '―', 'ー', '‐']);

export const epos = headerFormat({
  id: 'epos',
  label: 'EPOS Card (エポスカード)',
  isHeader,
  card: () => ({ issuer: 'epos', suggestedName: 'エポスカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no EPOS header row (種別, ご利用年月日, ご利用場所, …)',
  header: 'an EPOS header',
  read(records, f) {
    const { result } = f;
    const { errors, warnings, rows } = result;

    let member: ParsedCardholder | null = null;
    for (let i = 0; i < f.index; i++) {
      const m = TITLE.exec(records[i]!.cells[0] ?? '');
      if (m) member = holder(m[1]!, 'unknown', null);
    }

    const h = f.header.cells;
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
    const printed: (Printed & { kind: string })[] = [];

    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
      const kindText = (c[col.kind] ?? '').trim();
      if (kindText.startsWith('※')) continue; // note rows
      const dateRaw = cell(c, col.date);
      if (dateRaw.trim() === '' && kindText.endsWith('合計')) {
        const a = printedAmount(cell(c, col.amount), CURRENCY, r.line, kindText, warnings);
        if (a) printed.push({ kind: kindText.slice(0, -2).trim(), ...a });
        continue;
      }
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      const base = dateAndAmount(r, col, CURRENCY, errors, { amount: 'ご利用金額' });
      if (!base) continue;
      const details: Record<string, string> = {};
      if (kindText !== 'ショッピング' && kindText) details.category = kindText;
      const content = cell(c, col.content).trim();
      if (!NO_CONTENT.has(content)) details.content = content;
      const start = cell(c, col.start).trim();
      if (start) details.paymentStart = start;
      const memo = cell(c, col.memo).trim();
      if (memo) details.memo = memo;
      const row = makeRow({
        ...base,
        description: c[col.merchant]!,
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
      sums.set(kindText, (sums.get(kindText) ?? 0) + base.amount);
    }

    // `ショッピング合計` is the statement total; the other `<種別>合計` rows are checked here.
    let total: StatementTotal | null = null;
    const main = printed.find((p) => p.kind === 'ショッピング') ?? printed[0];
    for (const p of printed) {
      const computed = sums.get(p.kind) ?? 0;
      if (p === main) total = statementTotal(`${p.kind}合計`, p, computed);
      else checkSubtotal(warnings, `${p.kind}合計`, p, computed, `the ${p.kind} rows`, CURRENCY);
    }
    result.total = total;
  },
});
