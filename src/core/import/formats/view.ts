/**
 * VIEW Card (JR East ビューカード, VIEW's NET → 明細 CSV), doc §13. Shift_JIS:
 *
 *   会員番号,****-****-****-0000            ← 4 key/value rows, then a blank line
 *   対象カード,「ビュー・スイカ｣カード
 *   お支払日,2025年07月04日
 *   今回お支払金額,"6,610"
 *   ご利用年月日,ご利用箇所,ご利用額,払戻額,ご請求額（うち手数料・利息）,支払区分（回数）,今回回数,
 *     今回ご請求額・弁済金（うち手数料・利息）,現地通貨額,通貨略称,換算レート          ← 11 columns
 *   ****-****-****-0000 ヤマダ タロウ       ← partition line: the following rows are this card's
 *   2025/06/02,EXAMPLE STORE,"1,524",,"1,524",１回払,,"1,524",10.00,USD,152.40
 *
 * Quirks: refunds sit in their own `払戻額` column as positive numbers, so the signed amount is
 * ご利用額 − 払戻額 (doc: guess); empty `通貨略称` is three spaces; the two billed columns may carry
 * the fee in brackets (`うち手数料・利息`, shape not seen: `1,234(34)` is accepted). A partition whose
 * digits are the 会員番号's is the member (primary); other cards in the file are family cards.
 * Suica top-ups (`…オートチャージ`, `Ｓｕｉｃａ（携帯決済）…`) move money to a transit e-money
 * balance, so they are kind `other` rather than spending (doc §13, §17.3).
 * `今回お支払金額` is the sum of `今回ご請求額・弁済金` (billed this month; a refund's billed amount is
 * taken as negative whatever sign it prints).
 */
import type { ParsedCardholder } from '../types';
import { isCurrencyCode } from '../../money';
import { amountCell, cell, column, dateCell, hasColumns, headerFormat, holder, makeRow, pastHeader, paymentPlan, recordsBelow, take, tooFewFields, type Parsed } from './common';
import { readPreamble, statementTotal } from './preamble';

const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 8 && hasColumns(cells, 'ご利用年月日', 'ご利用箇所', 'ご利用額', '払戻額');

const PARTITION = /^\*{4}-\*{4}-\*{4}-(\d{4})(?:[\s\u3000]+(.*))?$/u;
const DIGITS = /(\d{4})\s*$/;
// `金額(うち手数料)`: the bracketed part is the fee included in the amount.
const WITH_FEE = /^(.*?)[(（]([^()（）]*)[)）]\s*$/u;
// Matched on the printed text (full- or half-width) so the per-row path needs no NFKC.
const TOP_UP = /オートチャージ|^(?:Suica|Ｓｕｉｃａ)[（(]携帯決済[）)]|^モバイル(?:Suica|Ｓｕｉｃａ)/u;

/** An amount cell that may carry its included fee in brackets; empty → null. */
function moneyWithFee(raw: string, line: number, what: string): Parsed<{ value: number; fee: string | null } | null> {
  const s = raw.trim();
  if (s === '') return { ok: true, value: null };
  const m = s.includes('(') || s.includes('（') ? WITH_FEE.exec(s) : null;
  // `(1,234)` alone is an accounting negative, not an amount with a fee.
  if (m && m[1]!.trim() !== '') {
    const a = amountCell(m[1]!, CURRENCY, line, what);
    return a.ok ? { ok: true, value: { value: a.value, fee: m[2]!.trim() || null } } : a;
  }
  const a = amountCell(s, CURRENCY, line, what);
  return a.ok ? { ok: true, value: { value: a.value, fee: null } } : a;
}

export const view = headerFormat({
  id: 'view',
  label: 'VIEW Card (ビューカード)',
  isHeader,
  card: () => ({ issuer: 'view', suggestedName: 'ビューカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no VIEW card header row (ご利用年月日, ご利用箇所, ご利用額, 払戻額, …)',
  header: 'a VIEW card header',
  read(records, f) {
    const { result } = f;
    const { card, errors, rows } = result;
    let memberDigits: string | null = null;
    const otherDigits: string[] = [];
    const billed = readPreamble(records, f, { total: '今回お支払金額', paymentDate: 'お支払日' }, ({ label, value }) => {
      if (label === '会員番号') memberDigits = DIGITS.exec(value.normalize('NFKC'))?.[1] ?? null;
    });

    const h = f.header.cells;
    const col = {
      date: column(h, 'ご利用年月日'),
      merchant: column(h, 'ご利用箇所'),
      amount: column(h, 'ご利用額'),
      refund: column(h, '払戻額'),
      charged: column(h, /^ご請求額/),
      plan: column(h, /^支払区分/),
      nth: column(h, '今回回数'),
      billed: column(h, /^今回ご請求額/),
      local: column(h, '現地通貨額'),
      code: column(h, '通貨略称'),
      rate: column(h, '換算レート'),
    };
    const minFields = Math.max(col.date, col.merchant, col.amount, col.refund) + 1;

    let current: ParsedCardholder | null = null;
    let partitions = 0;
    let sum = 0;
    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
      const first = c[0]!.trim();
      // Partition line: one cell (a spreadsheet may pad it with empty ones).
      if (first.startsWith('*')) {
        const m = PARTITION.exec(first);
        if (m && c.every((x, k) => k === 0 || x.trim() === '')) {
          const digits = m[1]!;
          const primary = memberDigits ? digits === memberDigits : partitions === 0;
          current = holder(m[2] ?? '', primary ? 'primary' : 'family', digits);
          if (memberDigits === null && partitions === 0) memberDigits = digits;
          else if (digits !== memberDigits && !otherDigits.includes(digits)) otherDigits.push(digits);
          partitions++;
          continue;
        }
      }
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      const date = take(dateCell(first, r.line), errors);
      if (date === undefined) continue;
      const used = moneyWithFee(c[col.amount]!, r.line, 'ご利用額');
      const refund = moneyWithFee(c[col.refund]!, r.line, '払戻額');
      const charged = moneyWithFee(cell(c, col.charged), r.line, 'ご請求額');
      const billedCell = moneyWithFee(cell(c, col.billed), r.line, '今回ご請求額');
      if (!used.ok || !refund.ok || !charged.ok || !billedCell.ok) {
        for (const x of [used, refund, charged, billedCell]) if (!x.ok) errors.push(x.problem);
        continue;
      }
      if (!used.value && !refund.value) {
        errors.push({ line: r.line, message: 'ご利用額 and 払戻額 are both empty' });
        continue;
      }
      // 払戻額 is printed positive; the ledger wants refunds negative.
      const amount = (used.value?.value ?? 0) - Math.abs(refund.value?.value ?? 0);
      let billedHere = billedCell.value ? billedCell.value.value : amount;
      if (amount < 0 && billedHere > 0) billedHere = -billedHere;

      const details: Record<string, string> = {};
      const fee = billedCell.value?.fee ?? charged.value?.fee ?? null;
      if (fee) details.fee = fee;
      const nth = cell(c, col.nth).trim();
      if (nth) details.instalment = nth;
      let originalAmount: number | null = null;
      let originalCurrency: string | null = null;
      let fxRate: string | null = null;
      const localRaw = cell(c, col.local).trim();
      const codeRaw = cell(c, col.code).trim();
      const rateRaw = cell(c, col.rate).trim();
      if (localRaw || codeRaw || rateRaw) {
        details.foreign = [localRaw, codeRaw, rateRaw].filter(Boolean).join(' ');
        const code = codeRaw.normalize('NFKC').toUpperCase();
        if (isCurrencyCode(code) && localRaw) {
          const local = take(amountCell(localRaw, code, r.line, '現地通貨額'), errors);
          if (local === undefined) continue;
          originalAmount = amount < 0 ? -Math.abs(local) : local;
          originalCurrency = code;
        }
        fxRate = rateRaw ? rateRaw.normalize('NFKC') : null;
      }

      const description = c[col.merchant]!;
      const row = makeRow({
        line: r.line,
        date,
        description,
        amount,
        currency: CURRENCY,
        originalAmount,
        originalCurrency,
        fxRate,
        cardholder: current,
        paymentPlan: paymentPlan(cell(c, col.plan)),
        billedAmount: billedHere !== amount ? billedHere : null,
        details: Object.keys(details).length ? details : null,
      });
      if (amount > 0 && TOP_UP.test(row.description)) row.kind = 'other';
      rows.push(row);
      sum += billedHere;
    }

    card.lastDigits = memberDigits;
    if (otherDigits.length) card.otherDigits = otherDigits;
    result.total = statementTotal('今回お支払金額', billed, sum);
  },
});
