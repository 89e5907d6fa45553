/**
 * au PAY card (doc §11): the billing statement and the usage-history layout (unnamed first
 * column), holder + digits, re-saved/LF copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { aupay } from '../../../src/core/import/formats/aupay';
import { claimedSamples, expectRejected, expectSameStatement, fixture, ok, parse, sample, toLf, toUtf8Bom, utf8 } from './support';

const HEADER = 'ご利用者,支払区分,利用日,利用店名,利用金額,摘要';

describe('aupay', () => {
  const original = ok(parse(sample('aupay_card_billing.csv')));

  it('splits 本人(0000) / 家族(1111) into holder and digits', () => {
    expect(original.statement.rows.map((r) => [r.line, r.amount, r.cardholder])).toEqual([
      [2, 3280, { name: '本人', role: 'primary', lastDigits: '0000' }],
      [3, 1460, { name: '本人', role: 'primary', lastDigits: '0000' }],
      [4, 990, { name: '家族', role: 'family', lastDigits: '1111' }],
    ]);
    expect(original.statement.card).toEqual({ issuer: 'aupay', suggestedName: 'au PAYカード', lastDigits: '0000', otherDigits: ['1111'], currency: 'JPY' });
  });

  it('gives the same rows when re-saved as UTF-8 with a BOM, and with LF endings', () => {
    expectSameStatement(toUtf8Bom(sample('aupay_card_billing.csv')), sample('aupay_card_billing.csv'));
    expectSameStatement(toLf(sample('aupay_card_billing.csv')), sample('aupay_card_billing.csv'));
  });

  it('reads the usage-history layout (unnamed first column, 利用額（円）)', () => {
    const r = ok(parse(fixture('formats/aupay/usage_history.csv')));
    expect(r.statement.format).toBe('aupay');
    expect(r.statement.rows.map((row) => [row.line, row.description, row.amount, row.kind, row.cardholder?.lastDigits, row.details])).toEqual([
      [2, 'サンプル通信　ご利用料金', 3280, 'purchase', '0000', null],
      [3, 'サンプル書店', 990, 'purchase', '1111', null],
      [4, 'テストスーパー', -460, 'refund', '0000', { memo: '返品' }],
    ]);
  });

  it('the main card’s digits come first even when a family row comes first', () => {
    const text = [HEADER, '家族(1111),通常払い,2025/06/15,サンプル書店,990,', '本人(0000),通常払い,2025/06/10,テストスーパー,1460,'].join('\n');
    expect(ok(parse(utf8(text))).statement.card).toMatchObject({ lastDigits: '0000', otherDigits: ['1111'] });
  });

  it('rejects a bad date and a truncated row, naming their lines', () => {
    const text = [HEADER, '本人(0000),通常払い,2025/06/31,サンプル通信,3280,', '本人(0000),通常払い'].join('\r\n');
    expectRejected(aupay, text, [
      { line: 2, message: expect.stringContaining('2025/06/31') },
      { line: 3, message: expect.stringContaining('truncated') },
    ]);
  });

  it('claims only the au PAY sample', () => {
    expect(claimedSamples(aupay)).toEqual(['aupay_card_billing.csv']);
  });
});
