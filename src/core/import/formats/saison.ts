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
import type { ParsedCardholder } from '../types';
import { cell, column, dateAndAmount, hasColumns, headerFormat, holder, makeRow, norm, pastHeader, paymentPlan, recordsBelow, tooFewFields } from './common';
import { checkSubtotal, printedAmount, readPreamble, statementTotal, type Printed } from './preamble';

const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 6 && hasColumns(cells, '利用日', 'ご利用店名及び商品名', '本人・家族区分', '利用金額');

// `ご利用者名:ヤマダ タロウ     様` (colon half- or full-width, spaces before 様).
const SECTION = /^[\s\u3000]*ご利用者名[:：][\s\u3000]*(.*?)[\s\u3000]*様?[\s\u3000]*$/u;

/** `SAISON_2605.csv` → `2026-05` (YYMM, the payment month), when the preamble has no お支払日. */
function monthFromSaisonName(fileName: string): string | null {
  const m = /SAISON_(\d{2})(0[1-9]|1[0-2])\b/i.exec(fileName);
  return m ? `20${m[1]}-${m[2]}` : null;
}

export const saison = headerFormat({
  id: 'saison',
  label: 'Saison Netアンサー (セゾンカード)',
  isHeader,
  card: () => ({ issuer: 'saison', suggestedName: 'セゾンカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no Saison header row (利用日, ご利用店名及び商品名, …)',
  header: 'a Saison header',
  read(records, f, options) {
    const { result } = f;
    const { errors, warnings, rows } = result;
    const billed = readPreamble(records, f, { total: '今回ご請求額', paymentDate: 'お支払日' }, ({ label, value }) => {
      if (label === 'カード名称' && value.trim()) result.card.suggestedName = norm(value);
    });
    result.statementMonth ??= monthFromSaisonName(options.fileName);

    const h = f.header.cells;
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
    let grand: Printed | null = null;

    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
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
          const a = printedAmount(cell(c, col.amount), CURRENCY, r.line, key, warnings);
          if (!a) continue;
          if (key === '【小計】') {
            checkSubtotal(warnings, `【小計】${current ? ` for ${current.name}` : ''}`, a, sectionSum, "that cardholder's rows", CURRENCY);
            sectionSum = 0;
          } else {
            grand = a;
          }
          continue;
        }
        // Any other dateless line without an amount is a note; with an amount it is unreadable.
        if (cell(c, col.amount).trim() === '') continue;
      }
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      const base = dateAndAmount(r, col, CURRENCY, errors, { amount: '利用金額' });
      if (!base) continue;
      const details: Record<string, string> = {};
      const memo = cell(c, col.memo).trim();
      if (memo) details.memo = memo;
      const early = cell(c, col.early).trim();
      if (early) details.earlyPayment = early;
      rows.push(
        makeRow({
          ...base,
          description: c[col.merchant]!,
          currency: CURRENCY,
          cardholder: current,
          paymentPlan: paymentPlan(cell(c, col.plan)),
          details: Object.keys(details).length ? details : null,
        }),
      );
      sectionSum += base.amount;
      sum += base.amount;
    }

    // With both printed, 今回ご請求額 is `total`; the 【合計】 line gets its own warning.
    if (grand && billed) checkSubtotal(warnings, '【合計】', grand, sum, 'the rows', CURRENCY);
    result.total = billed ? statementTotal('今回ご請求額', billed, sum) : statementTotal('【合計】', grand, sum);
  },
});
