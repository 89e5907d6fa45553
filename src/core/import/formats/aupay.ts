/**
 * au PAY card (KDDI Financial Service), doc §11, id `aupay`. Two downloads, read by column name:
 * - 支払い請求 (billing): `ご利用者,支払区分,利用日,利用店名,利用金額,摘要`;
 * - ご利用履歴 (usage history): `,利用日,利用店舗,利用額（円）,支払い区分,ご利用者,摘要` (first column unnamed).
 * `ご利用者` is `本人(NNNN)` / `家族(NNNN)`: holder plus four card digits, split into the holder's
 * name and `lastDigits`. The encoding is unknown (the sample is CP932; decoding is detect.ts's job).
 * `通常払い` is a one-time payment. No total is printed.
 */
import type { CardholderRole, CardHint, ImportProblem, ParsedCardholder, ParsedRow, ParsedStatement, StatementFormat } from '../types';
import { amountCell, column, dateCell, findRecord, makeRow, norm, paymentPlan } from './common';

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

function role(label: string): CardholderRole {
  if (label.startsWith('本人')) return 'primary';
  if (label.startsWith('家族')) return 'family';
  return 'unknown';
}

/** `本人(0000)` → 本人 / primary / 0000; a label without digits is kept whole. */
function holderOf(raw: string): ParsedCardholder | null {
  const s = norm(raw);
  if (!s) return null;
  const m = HOLDER.exec(s);
  const name = m ? m[1]! : s;
  return { name, role: role(name), lastDigits: m ? m[2]! : null };
}

export const aupay: StatementFormat = {
  id: ISSUER,
  label: 'au PAY card',
  detect(records) {
    return findRecord(records, isHeader) !== -1;
  },
  parse(records): ParsedStatement {
    const errors: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    const card: CardHint = { issuer: ISSUER, suggestedName: 'au PAYカード', lastDigits: null, currency: 'JPY' };
    const result: ParsedStatement = { format: ISSUER, rows, card, total: null, statementMonth: null, errors, warnings: [] };
    const headerIndex = findRecord(records, isHeader);
    if (headerIndex === -1) {
      errors.push({ line: null, message: 'no au PAY card header row (ご利用者, 利用日, 利用店名, 利用金額, 摘要)' });
      return result;
    }
    const header = records[headerIndex]!;
    const h = header.cells;
    const cUser = column(h, 'ご利用者');
    const cPlan = column(h, '支払区分', '支払い区分');
    const cDate = column(h, '利用日');
    const cDesc = column(h, '利用店名', '利用店舗');
    const cAmount = column(h, '利用金額', '利用額(円)');
    const cMemo = column(h, '摘要');
    const required = Math.max(cDate, cDesc, cAmount);
    const holders = new Map<string, ParsedCardholder | null>();
    const primaryDigits: string[] = [];
    const otherDigits: string[] = [];

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
      const rawUser = c[cUser] ?? '';
      let who = holders.get(rawUser);
      if (who === undefined) {
        who = holderOf(rawUser);
        holders.set(rawUser, who);
        if (who?.lastDigits) (who.role === 'primary' ? primaryDigits : otherDigits).push(who.lastDigits);
      }
      const row = makeRow({
        line,
        date: d.value,
        description: c[cDesc]!,
        amount: a.value,
        currency: 'JPY',
        cardholder: who ? { ...who } : null,
        paymentPlan: cPlan === -1 ? null : paymentPlan(c[cPlan] ?? ''),
      });
      if (row.description === '') {
        errors.push({ line, message: 'the description (利用店名) is empty' });
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
    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a header but no rows' });
    return result;
  },
};
