/**
 * MUFG Card / 三菱UFJニコス / DC Card, the NICOS-family CSV (doc §6), id `mufg`:
 * - 11 columns: "利用日","利用者","利用区分","利用内容","新規利用額","今回請求額","支払回数",
 *   "現地通貨額","通貨略称","換算レート","備考" (the BTMU variant says 通貨 / 為替相場);
 * - the narrower variants one importer lists (利用日,利用者,利用内容,利用区分,新規利用額 /
 *   利用日,利用内容,新規利用額,今回請求額 / a leading row-number column / 利用日,利用者,利用内容,新規利用額)
 *   are read by the same column names.
 * `新規利用額` is the purchase and `今回請求額` this statement's part of it (instalments): the row's
 * amount is the purchase and `billedAmount` the billed part when it differs. Rows whose 今回請求額
 * is `※` are left out, as the importer that saw them in real files does, and listed in a warning.
 * The statement month comes from file names like `202409確定分.csv`. No total is printed.
 */
import { isCurrencyCode, parseAmount } from '../../money';
import { amountOrEmpty, cardholderRole, column, dateAndAmount, headerFormat, holder, holderCache, makeRow, monthFromFileName, norm, paymentPlan, recordsBelow, take } from './common';

const ISSUER = 'mufg';

function isHeader(cells: readonly string[]): boolean {
  if (cells.length < 3) return false;
  const n = cells.map(norm);
  return n.includes('利用日') && n.includes('利用内容') && n.includes('新規利用額');
}

export const mufg = headerFormat({
  id: ISSUER,
  label: 'MUFG Card / NICOS / DC Card',
  isHeader,
  card: () => ({ issuer: ISSUER, suggestedName: 'MUFGカード', lastDigits: null, currency: 'JPY' }),
  missing: 'no header row with 利用日, 利用内容 and 新規利用額',
  read(records, f, options) {
    const { result } = f;
    const { errors, warnings, rows } = result;
    result.statementMonth = monthFromFileName(options.fileName);
    const h = f.header.cells;
    const cDate = column(h, '利用日');
    const cUser = column(h, '利用者');
    const cPlan = column(h, '利用区分');
    const cDesc = column(h, '利用内容');
    const cAmount = column(h, '新規利用額');
    const cBilled = column(h, '今回請求額');
    const cCount = column(h, '支払回数');
    const cLocal = column(h, '現地通貨額');
    const cCode = column(h, '通貨略称', '通貨');
    const cRate = column(h, '換算レート', '為替相場');
    const cMemo = column(h, '備考');
    const minFields = Math.max(cDate, cDesc, cAmount) + 1;
    const userOf = holderCache((text) => holder(text, cardholderRole(text, { prefix: true })));
    const notBilled: number[] = [];

    for (const r of recordsBelow(records, f, minFields)) {
      const c = r.cells;
      const line = r.line;
      const billedRaw = cBilled === -1 ? '' : norm(c[cBilled]);
      if (billedRaw === '※') {
        notBilled.push(line);
        continue;
      }
      const base = dateAndAmount(r, { date: cDate, amount: cAmount }, 'JPY', errors, { date: '利用日', amount: '新規利用額' });
      if (!base) continue;
      const billed = take(amountOrEmpty(billedRaw, 'JPY', line, '今回請求額'), errors);
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
        errors.push({ line, message: 'the description (利用内容) is empty' });
        continue;
      }
      let details: Record<string, string> | null = null;
      const count = cCount === -1 ? '' : norm(c[cCount]);
      if (count !== '' && count !== '1') details = { installments: count };
      const localRaw = cLocal === -1 ? '' : norm(c[cLocal]);
      if (localRaw !== '') {
        const code = cCode === -1 ? '' : norm(c[cCode]).toUpperCase();
        const rate = cRate === -1 ? '' : norm(c[cRate]);
        if (code && isCurrencyCode(code)) {
          const local = parseAmount(localRaw, code);
          if (local.ok) {
            // Printed unsigned; follows the sign of the yen amount so refunds stay negative.
            row.originalAmount = (row.amount < 0) !== (local.minor < 0) && local.minor !== 0 ? -local.minor : local.minor;
            row.originalCurrency = code;
          }
        }
        if (/^[0-9]+(\.[0-9]+)?$/.test(rate)) row.fxRate = rate;
        details = { ...details, foreign: [localRaw, code, rate].filter(Boolean).join(' ') };
      }
      const memo = cMemo === -1 ? '' : (c[cMemo] ?? '').trim();
      if (memo) details = { ...details, memo };
      row.details = details;
      rows.push(row);
    }
    if (notBilled.length > 0) {
      warnings.push({ line: notBilled[0]!, message: `${notBilled.length} row(s) with 今回請求額 "※" (not billed on this statement) were left out: line ${notBilled.join(', ')}` });
    }
  },
});
