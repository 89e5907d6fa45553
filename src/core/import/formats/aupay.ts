/**
 * au PAY card (KDDI Financial Service), doc §11, id `aupay`. Two downloads, read by column name:
 * - 支払い請求 (billing): `ご利用者,支払区分,利用日,利用店名,利用金額,摘要`;
 * - ご利用履歴 (usage history): `,利用日,利用店舗,利用額（円）,支払い区分,ご利用者,摘要` (first column unnamed).
 * `ご利用者` is `本人(NNNN)` / `家族(NNNN)`: holder plus four card digits, split into the holder's
 * name and `lastDigits`. The encoding is unknown (the sample is CP932; decoding is detect.ts's job).
 * `通常払い` is a one-time payment. No total is printed.
 */
import type { ParsedCardholder } from '../types';
import { cardholderRole, column, dateAndAmount, headerFormat, holderCache, makeRow, norm, paymentPlan, recordsBelow } from './common';

const ISSUER = 'aupay';

function isHeader(cells: readonly string[]): boolean {
  if (cells.length < 4) return false;
  const n = cells.map(norm);
  return (
    n.includes('ご利用者') &&
    n.includes('利用日') &&
    (n.includes('利用店名') || n.includes('利用店舗')) &&
    (n.includes('利用金額') || n.includes('利用額(円)')) &&
    n.includes('摘要')
  );
}

const HOLDER = /^(.*?)\s*\((\d+)\)$/;

/** `本人(0000)` → 本人 / primary / 0000; a label without digits is kept whole. */
function holderOf(raw: string): ParsedCardholder | null {
  const s = norm(raw);
  if (!s) return null;
  const m = HOLDER.exec(s);
  const name = m ? m[1]! : s;
  return { name, role: cardholderRole(name, { prefix: true }), lastDigits: m ? m[2]! : null };
}

export const aupay = headerFormat({
  id: ISSUER,
  label: 'au PAY card',
  isHeader,
  card: () => ({ issuer: ISSUER, suggestedName: 'au PAYカード', lastDigits: null, currency: 'JPY' }),
  missing: 'no au PAY card header row (ご利用者, 利用日, 利用店名, 利用金額, 摘要)',
  read(records, f) {
    const { card, errors, rows } = f.result;
    const h = f.header.cells;
    const cUser = column(h, 'ご利用者');
    const cPlan = column(h, '支払区分', '支払い区分');
    const cDate = column(h, '利用日');
    const cDesc = column(h, '利用店名', '利用店舗');
    const cAmount = column(h, '利用金額', '利用額(円)');
    const cMemo = column(h, '摘要');
    const minFields = Math.max(cDate, cDesc, cAmount) + 1;
    const primaryDigits: string[] = [];
    const otherDigits: string[] = [];
    const userOf = holderCache((text) => {
      const who = holderOf(text);
      if (who?.lastDigits) (who.role === 'primary' ? primaryDigits : otherDigits).push(who.lastDigits);
      return who;
    });

    for (const r of recordsBelow(records, f, minFields)) {
      const c = r.cells;
      const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'JPY', errors, { date: '利用日', amount: '利用金額' });
      if (!base) continue;
      const who = userOf(c[cUser] ?? '');
      const row = makeRow({
        ...base,
        description: c[cDesc]!,
        currency: 'JPY',
        cardholder: who ? { ...who } : null,
        paymentPlan: cPlan === -1 ? null : paymentPlan(c[cPlan] ?? ''),
      });
      if (row.description === '') {
        errors.push({ line: r.line, message: 'the description (利用店名) is empty' });
        continue;
      }
      const memo = cMemo === -1 ? '' : (c[cMemo] ?? '').trim();
      if (memo) row.details = { memo };
      rows.push(row);
    }
    // The main card's digits identify the account; family cards' digits are other digits of it.
    const digits = [...primaryDigits, ...otherDigits].filter((d, i, all) => all.indexOf(d) === i);
    if (digits.length > 0) {
      card.lastDigits = digits[0]!;
      if (digits.length > 1) card.otherDigits = digits.slice(1);
    }
  },
});
