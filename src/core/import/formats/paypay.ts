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
import { amountOrEmpty, cardholderRole, column, dateAndAmount, headerFormat, holder, holderCache, makeRow, norm, paymentPlan, recordsBelow, take } from './common';
import { paymentMonth } from './preamble';

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

export const paypay = headerFormat({
  id: ISSUER,
  label: 'PayPay Card',
  isHeader,
  card: () => ({ issuer: ISSUER, suggestedName: 'PayPayカード', lastDigits: null, currency: 'JPY' }),
  missing: 'no PayPay Card header row (利用日/キャンセル日, 利用店名・商品名, …)',
  read(records, f) {
    const { result } = f;
    const { errors, rows } = result;
    const h = f.header.cells;
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
      errors.push({ line: f.header.line, message: 'the header lacks 利用日, 利用店名・商品名 or 利用金額' });
      return;
    }
    const minFields = Math.max(cDate, cDesc, cAmount) + 1;
    const userOf = holderCache((text) => holder(text, cardholderRole(text, { prefix: true })));
    // Fee, carry-over and adjustment are zero on ordinary rows; keep them when they are not.
    const extras = [
      ['fee', cFee],
      ['carryOver', cCarry],
      ['adjustment', cAdjust],
    ] as const;

    for (const r of recordsBelow(records, f, minFields)) {
      const c = r.cells;
      const line = r.line;
      const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'JPY', errors, { date: '利用日', amount: '利用金額' });
      if (!base) continue;
      const billed = take(amountOrEmpty(cBilled === -1 ? '' : (c[cBilled] ?? ''), 'JPY', line, '当月支払金額'), errors);
      if (billed === undefined) continue;
      const row = makeRow({
        ...base,
        description: c[cDesc]!,
        currency: 'JPY',
        cardholder: cUser === -1 ? null : userOf(c[cUser] ?? ''),
        paymentPlan: cPlan === -1 ? null : paymentPlan(c[cPlan] ?? ''),
        billedAmount: billed !== null && billed !== base.amount ? billed : null,
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
      if (result.statementMonth === null && cPayDate !== -1) result.statementMonth = paymentMonth(c[cPayDate] ?? '');
      rows.push(row);
    }
  },
});
