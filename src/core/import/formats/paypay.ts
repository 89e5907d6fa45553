/**
 * PayPay Card (formerly Yahoo! JAPAN Card), doc §10, id `paypay`:
 * - 2025+, 12 columns: "利用日/キャンセル日","利用店名・商品名","利用者","決済方法","支払区分","利用金額",
 *   "手数料","支払総額","当月支払金額","翌月以降繰越金額","調整額","当月お支払日";
 * - 2022, 11 columns: the same without 決済方法;
 * - 2020 (YJCard), 9 columns: "利用日", … up to "翌月以降繰越金額".
 * UTF-8 without BOM, every field quoted, dates `YYYY/M/D`. Cancellations are negative rows.
 * `利用者` is `本人*` with a literal asterisk (kept as printed). `当月お支払日` gives the statement
 * month. `利用金額` is the purchase; `当月支払金額` (billed this month) is kept when it differs.
 *
 * `ＰａｙＰａｙ チャージ` rows (an ideographic space between the words) top up the PayPay balance: money moved into a wallet, not spending —
 * the spending happens when the balance is used, and counting the top-up too would count it twice.
 * They are kind 'other' (doc §17.3: e-money top-ups are transfers), whatever their sign, so a
 * cancelled top-up nets out against its top-up.
 */
import { parseDate } from '../../dates';
import type { CardholderRole, CardHint, ImportProblem, ParsedRow, ParsedStatement, StatementFormat } from '../types';
import { amountCell, column, dateCell, findRecord, makeRow, norm, paymentPlan } from './common';

const ISSUER = 'paypay';

function isHeader(cells: readonly string[]): boolean {
  if (cells.length < 8) return false;
  const n = cells.map(norm);
  return (
    (n.includes('利用日/キャンセル日') || n.includes('利用日')) &&
    n.includes('利用店名・商品名') &&
    n.includes('支払区分') &&
    n.includes('支払総額') &&
    n.includes('当月支払金額')
  );
}

const TOP_UP = /^paypay\s*(残高)?\s*チャージ/i;

function role(label: string): CardholderRole {
  if (label.startsWith('本人')) return 'primary';
  if (label.startsWith('家族')) return 'family';
  return 'unknown';
}

export const paypay: StatementFormat = {
  id: ISSUER,
  label: 'PayPay Card',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records): ParsedStatement {
    const errors: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const card: CardHint = { issuer: ISSUER, suggestedName: 'PayPayカード', lastDigits: null, currency: 'JPY' };
    const result: ParsedStatement = { format: ISSUER, rows, card, total: null, statementMonth: null, errors, warnings: [] };
    const headerIndex = findRecord(records, isHeader);
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no PayPay Card header row (利用日/キャンセル日, 利用店名・商品名, …)' });
      return result;
    }
    const header = records[headerIndex]!;
    const h = header.cells;
    const cDate = column(h, '利用日/キャンセル日', '利用日');
    const cDesc = column(h, '利用店名・商品名');
    const cUser = column(h, '利用者');
    const cMethod = column(h, '決済方法');
    const cPlan = column(h, '支払区分');
    const cAmount = column(h, '利用金額');
    const cFee = column(h, '手数料');
    const cBilled = column(h, '当月支払金額');
    const cCarry = column(h, '翌月以降繰越金額');
    const cAdjust = column(h, '調整額');
    const cPayDate = column(h, '当月お支払日');
    if (cDate === -1 || cDesc === -1 || cAmount === -1) {
      errors.push({ line: header.line, message: 'the header lacks 利用日, 利用店名・商品名 or 利用金額' });
      return result;
    }
    const required = Math.max(cDate, cDesc, cAmount);
    // Fee, carry-over and adjustment are zero on ordinary rows; keep them when they are not.
    const extras = [
      ['fee', cFee],
      ['carryOver', cCarry],
      ['adjustment', cAdjust],
    ] as const;

    for (let i = headerIndex + 1; i < records.length; i++) {
      const r = records[i]!;
      const c = r.cells;
      const line = r.line;
      if (c.every((x) => x.trim() === '')) continue;
      if (c.length <= required) {
        errors.push({ line, message: `the row has ${c.length} fields but the header has ${h.length} (truncated line?)` });
        continue;
      }
      const d = dateCell(c[cDate]!, line, 'ymd', '利用日');
      if (!d.ok) {
        errors.push(d.problem);
        continue;
      }
      const a = amountCell(c[cAmount]!, 'JPY', line, '利用金額');
      if (!a.ok) {
        errors.push(a.problem);
        continue;
      }
      let billed: number | null = null;
      const billedRaw = cBilled === -1 ? '' : (c[cBilled] ?? '');
      if (billedRaw.trim() !== '') {
        const b = amountCell(billedRaw, 'JPY', line, '当月支払金額');
        if (!b.ok) {
          errors.push(b.problem);
          continue;
        }
        billed = b.value;
      }
      const user = cUser === -1 ? '' : (c[cUser] ?? '').trim();
      const row = makeRow({
        line,
        date: d.value,
        description: c[cDesc]!,
        amount: a.value,
        currency: 'JPY',
        cardholder: user ? { name: user, role: role(user.normalize('NFKC')), lastDigits: null } : null,
        paymentPlan: cPlan === -1 ? null : paymentPlan(c[cPlan] ?? ''),
        billedAmount: billed !== null && billed !== a.value ? billed : null,
      });
      if (row.description === '') {
        errors.push({ line, message: 'the description (利用店名・商品名) is empty' });
        continue;
      }
      if (TOP_UP.test(norm(row.description))) row.kind = 'other';
      let details: Record<string, string> | null = null;
      const method = cMethod === -1 ? '' : (c[cMethod] ?? '').trim();
      if (method) details = { paymentMethod: method };
      for (const [key, idx] of extras) {
        const v = idx === -1 ? '' : norm(c[idx]);
        if (v !== '' && v !== '0') details = { ...details, [key]: v };
      }
      row.details = details;
      if (result.statementMonth === null && cPayDate !== -1) {
        const pay = parseDate(c[cPayDate] ?? '');
        if (pay) result.statementMonth = pay.slice(0, 7);
      }
      rows.push(row);
    }
    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a header but no rows' });
    return result;
  },
};
