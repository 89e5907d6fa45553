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
import { formatMoney } from '../../money';
import { isBlankRecord } from '../csv';
import type { CardHint, ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat, StatementTotal } from '../types';
import { amountCell, cell, column, dateCell, findRecord, hasColumns, holder, makeRow, norm, paymentPlan, totalCheck } from './common';

const ID = 'jcb';
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

function yen(minor: number): string {
  return formatMoney(minor, CURRENCY, 'en');
}

export const jcb: StatementFormat = {
  id: ID,
  label: 'MyJCB (JCB)',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records, _options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const headerIndex = findRecord(records, isHeader);
    const card: CardHint = { issuer: 'jcb', suggestedName: 'JCBカード', lastDigits: null, currency: CURRENCY };
    const done = (total: StatementTotal | null, statementMonth: string | null): ParsedStatement => ({
      format: ID,
      rows: errors.length ? [] : rows,
      card,
      total,
      statementMonth,
      errors,
      warnings,
    });
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no MyJCB header row (ご利用者, カテゴリ, ご利用日, …)' });
      return done(null, null);
    }

    // Preamble: label in the first non-empty cell, value in the next one.
    let statementMonth: string | null = null;
    const printed: { total?: [number, number]; domestic?: [number, number]; foreign?: [number, number] } = {};
    for (let i = 0; i < headerIndex; i++) {
      const r = records[i]!;
      const at = r.cells.findIndex((c) => c.trim() !== '');
      if (at === -1) continue;
      const label = norm(r.cells[at]);
      const value = cell(r.cells, at + 1);
      if (label.startsWith('今回のお支払日')) {
        const d = dateCell(value, r.line);
        if (d.ok) statementMonth = d.value.slice(0, 7);
        continue;
      }
      const key = label.startsWith('今回のお支払金額合計') ? 'total' : label.startsWith('うち国内') ? 'domestic' : label.startsWith('うち海外') ? 'foreign' : null;
      if (!key) continue;
      const a = amountCell(value, CURRENCY, r.line, label);
      if (a.ok) printed[key] = [a.value, r.line];
      else warnings.push(a.problem);
    }

    const header = records[headerIndex]!;
    const h = header.cells;
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
    const users = new Map<string, ParsedCardholder>();
    const digits: string[] = [];
    let sumBilled = 0;
    let sumDomestic = 0;
    let sumForeign = 0;

    for (let i = headerIndex + 1; i < records.length; i++) {
      const r = records[i]!;
      const c = r.cells;
      if (isBlankRecord(c)) continue;
      // A one-field marker or note (`【…】`, `※…`) is never a transaction.
      const lead = c[0]!.trim();
      if ((lead.startsWith('【') || lead.startsWith('※')) && c.every((x, k) => k === 0 || x.trim() === '')) continue;
      if (c.length < minFields) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields; a MyJCB row has ${h.length} (truncated line?)` });
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
      const billedRaw = c[col.billed]!;
      let billed = amount.value;
      if (billedRaw.trim() !== '') {
        const b = amountCell(billedRaw, CURRENCY, r.line, 'お支払い金額');
        if (!b.ok) {
          errors.push(b.problem);
          continue;
        }
        billed = b.value;
      }

      const userRaw = cell(c, col.user);
      let user: ParsedCardholder | null = null;
      if (userRaw.trim() !== '') {
        user = users.get(userRaw) ?? null;
        if (!user) {
          user = userOf(userRaw);
          users.set(userRaw, user);
          if (user.lastDigits && !digits.includes(user.lastDigits)) digits.push(user.lastDigits);
        }
      }

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
        line: r.line,
        date: date.value,
        description: c[col.merchant]!,
        amount: amount.value,
        currency: CURRENCY,
        cardholder: user,
        paymentPlan: paymentPlan(cell(c, col.plan)),
        billedAmount: billed !== amount.value ? billed : null,
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

    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a MyJCB header but no transaction rows' });
    card.lastDigits = digits[0] ?? null;
    if (digits.length > 1) card.otherDigits = digits.slice(1);

    // The domestic / foreign split is a second check the harness does not make: warn here.
    const split: [keyof typeof printed, number, string][] = [
      ['domestic', sumDomestic, 'うち国内ご利用金額合計'],
      ['foreign', sumForeign, 'うち海外ご利用金額合計'],
    ];
    for (const [key, sum, label] of split) {
      const p = printed[key];
      if (p && p[0] !== sum) {
        warnings.push({ line: p[1], message: `${label} (line ${p[1]}) is ${yen(p[0])}, but the ${key === 'domestic' ? '国内' : '海外'} rows add up to ${yen(sum)}` });
      }
    }
    const total = printed.total ? totalCheck(printed.total[0], sumBilled, `今回のお支払金額合計 (line ${printed.total[1]})`) : null;
    return done(total, statementMonth);
  },
};
