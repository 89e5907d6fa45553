/**
 * Orico (eオリコ) CSV, doc §12. Shift_JIS, every row 14 fields:
 *
 *   登録番号,T00000,…                       ← 9 vertical key/value rows
 *   ご契約番号,****-****-****-0000,…
 *   お支払日,2025年7月27日,…
 *   ご請求総額,"\6,203",…                   ← yen sign is byte 0x5C, decoded as `\`
 *   <利用明細>,…                            ← opens the purchase table
 *   ご利用日,ご利用先など,新旧,ご利用者,支払開始年月,支払区分,お支払回数,何回目,ご利用金額,
 *     手数料・利息,年利%,その他,当月ご請求額,翌月繰越残高
 *   2025年6月9日,EXAMPLE AI  ２０．００  換算レート／ １５１．２０００円,*,本人,…
 *   ,,,,,,,,,,,,,                           ← blank rows between tables are skipped
 *   <消費税課税対象の内訳>,…                ← consumption-tax breakdown: never charges
 *   ※キャンセル分,…                        ← cancellation table
 *   ご利用金額修正日,ご利用店名,修正金額,…
 *
 * Foreign use is written into the merchant cell with full-width digits and, in the files seen, no
 * currency code. The merchant part becomes the description and the tail from the amount on is kept
 * as printed in `details.foreign`. Without a code the original amount cannot be put in minor units,
 * so `originalAmount`/`originalCurrency` stay null (the amount text is in `details.foreignAmount`)
 * unless a code is printed. A rate of exactly 1 (or a JPY code) is a yen charge through a foreign
 * merchant: not foreign use, no foreign fields, only the text in `details.foreign`.
 *
 * `※キャンセル分` rows are cancellations: always negative here whatever sign is printed, kind
 * `refund`, `details.section = 'キャンセル分'`.
 * `ご請求総額` is taken to be the sum of 当月ご請求額 over the purchase rows plus the cancellation
 * rows (which reduce the bill); the sample has no cancellations, so that part is a guess.
 */
import { amountCell, amountOrEmpty, cardholderRole, cell, column, dateAndAmount, foreignFromText, hasColumns, headerFormat, holder, holderCache, makeRow, norm, pastHeader, paymentPlan, recordsBelow, take, tooFewFields } from './common';
import { readPreamble, statementTotal } from './preamble';

const CURRENCY = 'JPY';

const isHeader = (cells: readonly string[]): boolean =>
  cells.length >= 9 && hasColumns(cells, 'ご利用日', 'ご利用先など', '新旧', 'ご利用者', 'ご利用金額', '当月ご請求額');

// The foreign tail of a merchant cell: amount (full- or half-width), optional code, 換算レート… to the end.
const FOREIGN_TAIL = /[\s\u3000]+([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)[\s\u3000]*([A-ZＡ-Ｚ]{3})?[\s\u3000]*換算レート.*$/u;
const RATE = /換算レート[/／]?\s*([0-9]+(?:\.[0-9]+)?)/u;
const DIGITS = /(\d{4,5})\s*$/;

interface Foreign {
  description: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  fxRate: string | null;
  details: Record<string, string>;
}

/** Split `EXAMPLE AI  ２０．００  換算レート／ １５１．２０００円` into merchant and foreign detail. */
function splitForeign(raw: string): Foreign | null {
  const m = FOREIGN_TAIL.exec(raw);
  if (!m) return null;
  const tail = raw.slice(m.index).trim();
  const amountText = m[1]!.normalize('NFKC');
  const fxRate = RATE.exec(tail.normalize('NFKC'))?.[1] ?? null;
  const details: Record<string, string> = { foreign: tail };
  const out: Foreign = { description: raw.slice(0, m.index), originalAmount: null, originalCurrency: null, fxRate, details };
  // `３２８０．００ 換算レート／ １．００００円` (or `…ＪＰＹ…`): billed in yen by a foreign merchant —
  // not foreign use. The merchant part is still split off and the text kept.
  if ((fxRate !== null && Number(fxRate) === 1) || m[2]?.normalize('NFKC') === CURRENCY) return { ...out, fxRate: null };
  if (m[2]) {
    const f = foreignFromText(tail);
    if (f) return { ...out, originalAmount: f.originalAmount, originalCurrency: f.originalCurrency, fxRate: f.fxRate ?? fxRate };
  }
  details.foreignAmount = amountText;
  return out;
}

type State = 'purchases' | 'cancelHeader' | 'cancellations' | 'other';

export const orico = headerFormat({
  id: 'orico',
  label: 'Orico (オリコカード)',
  isHeader,
  card: () => ({ issuer: 'orico', suggestedName: 'オリコカード', lastDigits: null, currency: CURRENCY }),
  missing: 'no Orico header row (ご利用日, ご利用先など, 新旧, …)',
  header: 'an Orico header',
  read(records, f) {
    const { result } = f;
    const { errors, rows } = result;
    const billed = readPreamble(records, f, { total: 'ご請求総額', paymentDate: 'お支払日' }, ({ label, value }) => {
      if (label === 'ご契約番号') result.card.lastDigits = DIGITS.exec(value.normalize('NFKC'))?.[1] ?? null;
    });

    const h = f.header.cells;
    const col = {
      date: column(h, 'ご利用日'),
      merchant: column(h, 'ご利用先など'),
      user: column(h, 'ご利用者'),
      start: column(h, '支払開始年月'),
      type: column(h, '支払区分'),
      count: column(h, 'お支払回数'),
      nth: column(h, '何回目'),
      amount: column(h, 'ご利用金額'),
      fee: column(h, '手数料・利息'),
      billed: column(h, '当月ご請求額'),
    };
    const minFields = Math.max(col.date, col.merchant, col.amount, col.billed) + 1;
    // Cancellation table columns, found on its own header (positions as in doc §12 by default).
    let cancel = { date: 0, merchant: 1, amount: 2 };

    const userOf = holderCache((text) => holder(text, cardholderRole(text)));
    let sum = 0;
    let state: State = 'purchases';
    // Blank rows separate the tables (they are skipped); the markers below decide which table follows.
    for (const r of recordsBelow(records, f)) {
      const c = r.cells;
      const first = (c[0] ?? '').trim();
      // Section markers switch the table; only `※キャンセル分` opens one we import.
      if (first.startsWith('※キャンセル')) {
        state = 'cancelHeader';
        continue;
      }
      if (first.startsWith('<') || first.startsWith('＜')) {
        state = 'other';
        continue;
      }
      if (state === 'other') continue;
      if (state === 'cancelHeader') {
        if (norm(first).includes('修正日')) {
          const merchant = column(c, 'ご利用店名');
          const amount = column(c, '修正金額');
          cancel = { date: 0, merchant: merchant === -1 ? 1 : merchant, amount: amount === -1 ? 2 : amount };
          state = 'cancellations';
          continue;
        }
        state = 'cancellations';
      }

      if (state === 'cancellations') {
        // Dateless lines here are notes (`,※返還対象となる課税対象取引はございません。`).
        if (first === '' || first.startsWith('※')) continue;
        if (c.length <= cancel.amount) {
          errors.push({ line: r.line, message: `the cancellation row has ${c.length} fields; expected at least ${cancel.amount + 1} (truncated line?)` });
          continue;
        }
        const base = dateAndAmount(r, { date: 0, amount: cancel.amount }, CURRENCY, errors, { amount: '修正金額' });
        if (!base) continue;
        const amount = -Math.abs(base.amount);
        const row = makeRow({ ...base, amount, description: c[cancel.merchant]!, currency: CURRENCY, details: { section: 'キャンセル分' } });
        row.kind = 'refund';
        rows.push(row);
        sum += amount;
        continue;
      }

      // Purchase table.
      const bad = tooFewFields(r, h, minFields) ?? pastHeader(r, h);
      if (bad) {
        errors.push(bad);
        continue;
      }
      // The date is read from the first cell, like the table markers above (ご利用日 heads it).
      const base = dateAndAmount(r, { date: 0, amount: col.amount }, CURRENCY, errors, { amount: 'ご利用金額' });
      if (!base) continue;
      const { amount } = base;
      const billedCell = take(amountOrEmpty(c[col.billed]!, CURRENCY, r.line, '当月ご請求額'), errors);
      if (billedCell === undefined) continue;
      const billedHere = billedCell ?? amount;

      const merchantRaw = c[col.merchant]!;
      const foreign = merchantRaw.includes('換算レート') ? splitForeign(merchantRaw) : null;
      const details: Record<string, string> = foreign ? { ...foreign.details } : {};
      const start = cell(c, col.start).trim();
      if (start) details.paymentStart = start;
      const type = norm(cell(c, col.type));
      // `アド` is on every row of every file seen (meaning unconfirmed); keep anything else.
      if (type && type !== 'アド') details.paymentType = type;
      const count = norm(cell(c, col.count));
      const nth = norm(cell(c, col.nth));
      if (count && count !== '1') details.instalment = nth ? `${nth}/${count}` : count;
      const feeRaw = cell(c, col.fee).trim();
      if (feeRaw) {
        const fee = amountCell(feeRaw, CURRENCY, r.line);
        if (!fee.ok || fee.value !== 0) details.fee = feeRaw;
      }
      const plan = type.includes('リボ') ? paymentPlan(type) : count && count !== '1' ? `${count}回払い` : null;

      rows.push(
        makeRow({
          ...base,
          description: foreign ? foreign.description : merchantRaw,
          currency: CURRENCY,
          originalAmount: foreign?.originalAmount ?? null,
          originalCurrency: foreign?.originalCurrency ?? null,
          fxRate: foreign?.fxRate ?? null,
          cardholder: userOf(cell(c, col.user)),
          paymentPlan: plan,
          billedAmount: billedHere !== amount ? billedHere : null,
          details: Object.keys(details).length ? details : null,
        }),
      );
      sum += billedHere;
    }

    result.total = statementTotal('ご請求総額', billed, sum);
  },
});
