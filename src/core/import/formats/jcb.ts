/**
 * MyJCB CSV (also Seven Card and other JCB-processed cards), doc §4. CP932, every field quoted:
 *
 *   "","","今回のお支払日","2025/07/10"                      ← 4 key/value rows (label in the 3rd cell)
 *   "","","今回のお支払金額合計(￥)","6,830"
 *   "",""," うち国内ご利用金額合計(￥)","5,330"               ← leading half-width space or U+3000
 *   "",""," うち海外ご利用金額合計(￥)","1,500"
 *   "【ご利用明細】"                                          ← one-field marker
 *   "ご利用者","カテゴリ","ご利用日",…,"お支払い金額(￥)","国内／海外","摘要","備考"   ← 12 columns
 *
 * Quirks: dates sometimes carry a leading space (`" 2025/06/11"`); `ご利用者` holds the masked card
 * number, card name and holder, U+3000-separated (`****-****-****-1234 ＪＣＢ ヤマダ タロウ 様`); `支払区分` is
 * full-width `１回`; the per-row foreign flag is only `国内／海外` (no local amount or rate is known to
 * be printed, so foreign rows keep `details.foreign = '海外'` and no original amount).
 * The CSV covers the principal member only (doc §4, one source), so the holder's role is `primary`.
 */
import type { ParsedCardholder } from '../types';
import { amountOrEmpty, cell, column, dateAndAmount, hasColumns, headerFormat, holder, holderCache, makeRow, norm, pastHeader, paymentPlan, recordsBelow, take, tooFewFields } from './common';
import { checkSubtotal, paymentMonth, preambleRows, printedAmount, statementTotal, type Printed } from './preamble';

const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 9 && hasColumns(cells, 'ご利用者', 'カテゴリ', 'ご利用日', 'ご利用先など', /^ご利用金額/, /^お支払い金額/);

// `****-****-****-1234 ＪＣＢ ヤマダ タロウ 様` (U+3000 between the parts): digits, then card name, then holder name + 様.
const USER_CELL = /^[\s\u3000]*[*＊\d]{4}-[*＊\d]{4}-[*＊\d]{4}-(\d{4,5})[\s\u3000]*(.*)$/u;
const HONORIFIC = /[\s\u3000]*様$/u;
const SEPARATOR = /[\s\u3000]+/u;

/** Card digits and holder from the `ご利用者` cell. */
function userOf(raw: string): ParsedCardholder {
  const m = USER_CELL.exec(raw);
  if (!m) return holder(raw, 'primary', null);
  const rest = m[2]!.trim();
  let name = rest;
  if (HONORIFIC.test(rest)) {
    // The card name comes first and has no inner space in the files seen; the rest is the name.
    const body = rest.replace(HONORIFIC, '');
    const sep = SEPARATOR.exec(body);
    name = sep ? body.slice(sep.index + sep[0].length) : body;
  }
  return holder(name, 'primary', m[1]!);
}

export const jcb = headerFormat({
  id: 'jcb',
  label: 'MyJCB (JCB)',
  isHeader,
  card: () => ({ issuer: 'jcb', suggestedName: 'JCBカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no MyJCB header row (ご利用者, カテゴリ, ご利用日, …)',
  header: 'a MyJCB header',
  read(records, f) {
    const { result } = f;
    const { card, errors, warnings, rows } = result;

    // Preamble: label in the first non-empty cell, value in the next one.
    const printed: { total?: Printed; domestic?: Printed; foreign?: Printed } = {};
    for (const { line, label, value } of preambleRows(records, f.index, true)) {
      if (label.startsWith('今回のお支払日')) {
        result.statementMonth = paymentMonth(value) ?? result.statementMonth;
        continue;
      }
      const key = label.startsWith('今回のお支払金額合計') ? 'total' : label.startsWith('うち国内') ? 'domestic' : label.startsWith('うち海外') ? 'foreign' : null;
      if (!key) continue;
      const a = printedAmount(value, CURRENCY, line, label, warnings);
      if (a) printed[key] = a;
    }

    const h = f.header.cells;
    const col = {
      user: column(h, 'ご利用者'),
      category: column(h, 'カテゴリ'),
      date: column(h, 'ご利用日'),
      merchant: column(h, 'ご利用先など'),
      amount: column(h, /^ご利用金額/),
      plan: column(h, '支払区分'),
      count: column(h, '今回回数'),
      correction: column(h, '訂正サイン'),
      billed: column(h, /^お支払い金額/),
      region: column(h, '国内/海外', '国内／海外'),
      memo: column(h, '摘要'),
      remark: column(h, '備考'),
    };
    const minFields = Math.max(col.date, col.merchant, col.amount, col.billed) + 1;

    // The same ご利用者 text repeats on every row: parse it once.
    const digits: string[] = [];
    const users = holderCache((text) => {
      const user = userOf(text);
      if (user.lastDigits && !digits.includes(user.lastDigits)) digits.push(user.lastDigits);
      return user;
    });
    let sumBilled = 0;
    let sumDomestic = 0;
    let sumForeign = 0;

    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
      // A one-field marker or note (`【…】`, `※…`) is never a transaction.
      const lead = c[0]!.trim();
      if ((lead.startsWith('【') || lead.startsWith('※')) && c.every((x, k) => k === 0 || x.trim() === '')) continue;
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      const base = dateAndAmount(r, col, CURRENCY, errors, { amount: 'ご利用金額' });
      if (!base) continue;
      const billedCell = take(amountOrEmpty(c[col.billed]!, CURRENCY, r.line, 'お支払い金額'), errors);
      if (billedCell === undefined) continue;
      const billed = billedCell ?? base.amount;

      const details: Record<string, string> = {};
      const category = cell(c, col.category).trim();
      if (category) details.category = category;
      const region = norm(cell(c, col.region));
      if (region === '海外') details.foreign = region;
      const memo = cell(c, col.memo).trim();
      if (memo) details.memo = memo;
      const remark = cell(c, col.remark).trim();
      if (remark) details.remark = remark;
      const correction = cell(c, col.correction).trim();
      if (correction) details.correction = correction;
      const count = cell(c, col.count).trim();
      if (count) details.instalment = count;

      const row = makeRow({
        ...base,
        description: c[col.merchant]!,
        currency: CURRENCY,
        cardholder: users(cell(c, col.user)),
        paymentPlan: paymentPlan(cell(c, col.plan)),
        billedAmount: billed !== base.amount ? billed : null,
        details: Object.keys(details).length ? details : null,
      });
      // Cash advances are not spending (doc §17.3); the category text is a guess (`≪キャッシング…≫`).
      if (category.includes('キャッシング')) row.kind = 'other';
      rows.push(row);

      // The preamble totals are sums of お支払い金額 (billed this month), split by 国内／海外.
      sumBilled += billed;
      if (region === '海外') sumForeign += billed;
      else sumDomestic += billed;
    }

    card.lastDigits = digits[0] ?? null;
    if (digits.length > 1) card.otherDigits = digits.slice(1);

    // The domestic / foreign split is a second check the harness does not make: warn here.
    if (printed.domestic) checkSubtotal(warnings, 'うち国内ご利用金額合計', printed.domestic, sumDomestic, 'the 国内 rows', CURRENCY);
    if (printed.foreign) checkSubtotal(warnings, 'うち海外ご利用金額合計', printed.foreign, sumForeign, 'the 海外 rows', CURRENCY);
    result.total = statementTotal('今回のお支払金額合計', printed.total ?? null, sumBilled);
  },
});
