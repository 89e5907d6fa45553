/**
 * PayPay Card (doc §10): 12-column (2025), 11-column (2022) and 9-column (2020 YJCard) layouts,
 * top-ups as 'other', cancellations, billed ≠ purchase, the statement month, re-saved/LF copies,
 * bad input.
 */
import { describe, expect, it } from 'vitest';
import { paypay } from '../../../src/core/import/formats/paypay';
import { BOM, claimedSamples, expectRejected, expectSameStatement, ok, parse as parseBytes, sample, utf8 } from './support';

const text = (name: string) => new TextDecoder().decode(sample(name));
const parse = (s: string) => parseBytes(utf8(s), 'detail.csv');
const H12 = '"利用日/キャンセル日","利用店名・商品名","利用者","決済方法","支払区分","利用金額","手数料","支払総額","当月支払金額","翌月以降繰越金額","調整額","当月お支払日"';

describe('paypay', () => {
  const twelve = ok(parse(text('paypay_card_12col.csv')));

  it('reads the 12-column sample: top-up as other, cancellation as refund, month from 当月お支払日', () => {
    expect(twelve.statement.format).toBe('paypay');
    expect(twelve.statement.statementMonth).toBe('2025-07');
    expect(twelve.statement.rows.map((r) => [r.line, r.date, r.amount, r.kind])).toEqual([
      [2, '2025-06-03', 1280, 'purchase'],
      [3, '2025-06-09', 2460, 'purchase'],
      [4, '2025-06-15', 5000, 'other'],
      [5, '2025-06-20', -1280, 'refund'],
    ]);
  });

  it('reads the 11-column 2022 layout', () => {
    const r = ok(parse(text('paypay_card_11col_2022.csv')));
    expect(r.statement.format).toBe('paypay');
    expect(r.statement.rows.map((row) => [row.amount, row.kind, row.details])).toEqual([
      [3000, 'other', null],
      [292, 'purchase', null],
    ]);
  });

  it('reads the 9-column 2020 (YJCard) layout', () => {
    const s = ['"利用日","利用店名・商品名","利用者","支払区分","利用金額","手数料","支払総額","当月支払金額","翌月以降繰越金額"', '"2020/7/3","ﾃｽﾄ ﾏｰﾄ","本人*","1回","292","0","292","292","0"'].join('\r\n');
    const r = ok(parse(s));
    expect(r.statement.format).toBe('paypay');
    expect(r.statement.statementMonth).toBeNull();
    expect(r.statement.rows[0]).toMatchObject({ date: '2020-07-03', amount: 292, kind: 'purchase' });
  });

  it('gives the same rows when re-saved with a BOM and without quotes, and with LF endings', () => {
    const original = utf8(text('paypay_card_12col.csv'));
    expectSameStatement(utf8(BOM + text('paypay_card_12col.csv').replace(/"/g, '')), original, 'detail.csv');
    expectSameStatement(utf8(text('paypay_card_12col.csv').replace(/\r\n/g, '\n')), original, 'detail.csv');
  });

  it('keeps billed-this-month, fee and carry-over when they are not the plain one-time case; family holder', () => {
    const s = [H12, '"2025/6/3","サンプル家電","家族","PayPayクレジット","3回","30000","600","30600","10200","20400","0","2025/7/27"'].join('\n');
    expect(ok(parse(s)).statement.rows[0]).toMatchObject({
      amount: 30000,
      billedAmount: 10200,
      paymentPlan: '3回',
      cardholder: { name: '家族', role: 'family', lastDigits: null },
      details: { paymentMethod: 'PayPayクレジット', fee: '600', carryOver: '20400' },
    });
  });

  it('rejects a bad amount and a truncated row, naming their lines', () => {
    const s = [H12, '"2025/6/3","サンプルマート","本人*","PayPayクレジット","1回","12８0x","0","1280","1280","0","0","2025/7/27"', '"2025/6/9","ﾃｽﾄ"'].join('\n');
    expectRejected(
      paypay,
      s,
      [
        { line: 2, message: expect.stringContaining('12８0x') },
        { line: 3, message: expect.stringContaining('truncated') },
      ],
      'detail.csv',
    );
  });

  it('claims only the PayPay samples', () => {
    expect(claimedSamples(paypay)).toEqual(['paypay_card_11col_2022.csv', 'paypay_card_12col.csv']);
  });
});
