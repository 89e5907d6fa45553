/**
 * Saison Netアンサー / セゾンPortal CSV (also Saison-issued Amex and 出光カード), doc §5. CP932:
 *
 *   カード名称,<card name>                 ← 3 key/value rows, then a blank line
 *   お支払日,2025/07/04
 *   今回ご請求額,0000008430                ← zero-padded
 *   利用日,ご利用店名及び商品名,本人・家族区分,支払区分名称,締前入金区分,利用金額,備考
 *   ,ご利用者名:ヤマダ タロウ     様,,,,,   ← a section per cardholder (first = the member)
 *   2025/05/12,サンプル食堂,,1回,,3200,
 *   ,【小計】,,,,4430,                     ← per cardholder
 *   ,【合計】,,,,8430,                     ← whole file
 *
 * Every printed sum is checked: `今回ご請求額` (or `【合計】` when the preamble lacks it) is the
 * statement total; `【小計】` and `【合計】` mismatches become warnings here, because the import
 * pipeline only compares `total`. All three are plain sums of 利用金額.
 * The first `ご利用者名:` section is the member (primary); later sections are family cards. The
 * `本人・家族区分` flag (`1` on family rows in the samples) is not confirmed, so the section order
 * decides the role.
 */
import { formatMoney } from '../../money';
import { isBlankRecord } from '../csv';
import type { ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat, StatementTotal } from '../types';
import { amountCell, cell, column, dateCell, findRecord, hasColumns, holder, makeRow, norm, paymentPlan, totalCheck } from './common';

const ID = 'saison';
const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 6 && hasColumns(cells, '利用日', 'ご利用店名及び商品名', '本人・家族区分', '利用金額');

// `ご利用者名:ヤマダ タロウ     様` (colon half- or full-width, spaces before 様).
const SECTION = /^[\s\u3000]*ご利用者名[:：][\s\u3000]*(.*?)[\s\u3000]*様?[\s\u3000]*$/u;

const yen = (minor: number): string => formatMoney(minor, CURRENCY, 'en');

/** `SAISON_2605.csv` → `2026-05` (YYMM, the payment month), when the preamble has no お支払日. */
function monthFromSaisonName(fileName: string): string | null {
  const m = /SAISON_(\d{2})(0[1-9]|1[0-2])\b/i.exec(fileName);
  return m ? `20${m[1]}-${m[2]}` : null;
}

export const saison: StatementFormat = {
  id: ID,
  label: 'Saison Netアンサー (セゾンカード)',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records, options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const headerIndex = findRecord(records, isHeader);
    let suggestedName = 'セゾンカード';
    let statementMonth: string | null = null;
    let billed: { value: number; line: number } | null = null;
    const done = (total: StatementTotal | null): ParsedStatement => ({
      format: ID,
      rows: errors.length ? [] : rows,
      card: { issuer: 'saison', suggestedName, lastDigits: null, currency: CURRENCY },
      total,
      statementMonth: statementMonth ?? monthFromSaisonName(options.fileName),
      errors,
      warnings,
    });
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no Saison header row (利用日, ご利用店名及び商品名, …)' });
      return done(null);
    }

    for (let i = 0; i < headerIndex; i++) {
      const r = records[i]!;
      const label = norm(r.cells[0]);
      const value = cell(r.cells, 1);
      if (label === 'カード名称' && value.trim()) suggestedName = norm(value);
      else if (label === 'お支払日') {
        const d = dateCell(value, r.line);
        if (d.ok) statementMonth = d.value.slice(0, 7);
      } else if (label === '今回ご請求額') {
        const a = amountCell(value, CURRENCY, r.line, '今回ご請求額');
        if (a.ok) billed = { value: a.value, line: r.line };
        else warnings.push(a.problem);
      }
    }

    const header = records[headerIndex]!;
    const h = header.cells;
    const col = {
      date: column(h, '利用日'),
      merchant: column(h, 'ご利用店名及び商品名'),
      flag: column(h, '本人・家族区分'),
      plan: column(h, '支払区分名称'),
      early: column(h, '締前入金区分'),
      amount: column(h, '利用金額'),
      memo: column(h, '備考'),
    };
    const minFields = Math.max(col.date, col.merchant, col.amount) + 1;

    let current: ParsedCardholder | null = null;
    let sections = 0;
    let sectionSum = 0;
    let sum = 0;
    let grand: { value: number; line: number } | null = null;

    for (let i = headerIndex + 1; i < records.length; i++) {
      const r = records[i]!;
      const c = r.cells;
      if (isBlankRecord(c)) continue;
      const first = c[col.date] ?? '';
      if (first.trim() === '') {
        // Section, subtotal and total lines all leave the date empty and put their label in column 2.
        const label = cell(c, col.merchant);
        const section = SECTION.exec(label);
        if (section) {
          current = holder(section[1]!, sections === 0 ? 'primary' : 'family', null);
          sections++;
          sectionSum = 0;
          continue;
        }
        const key = norm(label);
        if (key === '【小計】' || key === '【合計】') {
          const a = amountCell(cell(c, col.amount), CURRENCY, r.line, key);
          if (!a.ok) {
            warnings.push(a.problem);
            continue;
          }
          if (key === '【小計】') {
            if (a.value !== sectionSum) {
              const who = current ? ` for ${current.name}` : '';
              warnings.push({ line: r.line, message: `【小計】${who} (line ${r.line}) is ${yen(a.value)}, but that cardholder's rows add up to ${yen(sectionSum)}` });
            }
            sectionSum = 0;
          } else {
            grand = { value: a.value, line: r.line };
          }
          continue;
        }
        // Any other dateless line without an amount is a note; with an amount it is unreadable.
        if (cell(c, col.amount).trim() === '') continue;
      }
      if (c.length < minFields) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields; a Saison row has ${h.length} (truncated line?)` });
        continue;
      }
      // Text past the header's last column: an unquoted comma shifted the fields.
      if (c.length > h.length && c.slice(h.length).some((x) => x.trim() !== '')) {
        errors.push({ line: r.line, message: `the row has ${c.length} fields but the header has ${h.length} (an unquoted comma?)` });
        continue;
      }
      const date = dateCell(first, r.line);
      if (!date.ok) {
        errors.push(date.problem);
        continue;
      }
      const amount = amountCell(c[col.amount]!, CURRENCY, r.line, '利用金額');
      if (!amount.ok) {
        errors.push(amount.problem);
        continue;
      }
      const details: Record<string, string> = {};
      const memo = cell(c, col.memo).trim();
      if (memo) details.memo = memo;
      const early = cell(c, col.early).trim();
      if (early) details.earlyPayment = early;
      rows.push(
        makeRow({
          line: r.line,
          date: date.value,
          description: c[col.merchant]!,
          amount: amount.value,
          currency: CURRENCY,
          cardholder: current,
          paymentPlan: paymentPlan(cell(c, col.plan)),
          details: Object.keys(details).length ? details : null,
        }),
      );
      sectionSum += amount.value;
      sum += amount.value;
    }

    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a Saison header but no transaction rows' });
    if (grand && billed && grand.value !== sum) {
      // With both printed, 今回ご請求額 is `total`; the 【合計】 line gets its own warning.
      warnings.push({ line: grand.line, message: `【合計】 (line ${grand.line}) is ${yen(grand.value)}, but the rows add up to ${yen(sum)}` });
    }
    const printed = billed ? { ...billed, label: '今回ご請求額' } : grand ? { ...grand, label: '【合計】' } : null;
    return done(printed ? totalCheck(printed.value, sum, `${printed.label} (line ${printed.line})`) : null);
  },
};
