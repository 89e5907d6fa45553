/**
 * MUFG Card / NICOS / DC (doc §6): the 11-column layout and the BTMU header, the narrower
 * variants, purchase vs billed amounts, `※` rows, the month in `202409確定分.csv`, re-saved and LF
 * copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { mufg } from '../../../src/core/import/formats/mufg';
import { claimedSamples, expectRejected, expectSameStatement, fixture, ok, parse, sample, toLf, toUtf8Bom, utf8 } from './support';

const HEADER = '"利用日","利用者","利用区分","利用内容","新規利用額","今回請求額","支払回数","現地通貨額","通貨略称","換算レート","備考"';

describe('mufg: 11-column layout', () => {
  const original = ok(parse(sample('mufg_nicos_11col.csv')));

  it('books 新規利用額 as the purchase and 今回請求額 as billed when they differ', () => {
    expect(original.statement.rows.map((r) => [r.line, r.amount, r.billedAmount, r.paymentPlan])).toEqual([
      [2, 2480, null, null],
      [3, 1320, null, null],
      [4, 3042, null, null],
      [5, 36000, 12000, '分割'],
    ]);
  });

  it('gives the same rows when re-saved as UTF-8 with a BOM, and with LF endings', () => {
    const bom = expectSameStatement(toUtf8Bom(sample('mufg_nicos_11col.csv')), sample('mufg_nicos_11col.csv')).copy;
    expect(bom.encoding).toBe('utf-8');
    const lf = expectSameStatement(toLf(sample('mufg_nicos_11col.csv')), sample('mufg_nicos_11col.csv')).copy;
    expect(lf.encoding).toBe('shift_jis');
  });

  it('reads the BTMU header (通貨 / 為替相場) and gives a foreign refund a negative original amount', () => {
    const r = ok(parse(fixture('formats/mufg/btmu_11col.csv')));
    expect(r.statement.format).toBe('mufg');
    expect(r.statement.rows.map((row) => [row.amount, row.originalAmount, row.originalCurrency, row.fxRate, row.kind, row.details])).toEqual([
      [3042, 2000, 'USD', '152.100', 'purchase', { foreign: '20.00 USD 152.100' }],
      [-1521, -1000, 'USD', '152.100', 'refund', { foreign: '10.00 USD 152.100', memo: '返品' }],
    ]);
  });

  it('takes the statement month from a 202409確定分.csv name', () => {
    expect(ok(parse(sample('mufg_nicos_11col.csv'), '202409確定分.csv')).statement.statementMonth).toBe('2024-09');
  });

  it('leaves out rows whose 今回請求額 is ※, with a warning naming them', () => {
    const text = [HEADER, '"2025/05/03","本人","1回払い","ｻﾝﾌﾟﾙｼｮｯﾌﾟ","2480","2480","1","","","",""', '"2025/04/05","本人","分割","ｻﾝﾌﾟﾙﾃﾞﾝｷ","36000","※","3","","","",""'].join('\r\n');
    const r = ok(parse(utf8(text)));
    expect(r.statement.rows.map((row) => row.line)).toEqual([2]);
    expect(r.statement.warnings).toEqual([{ line: 3, message: expect.stringContaining('line 3') }]);
  });
});

describe('mufg: narrower variants', () => {
  it('利用日,利用者,利用内容,利用区分,新規利用額 with comma-grouped amounts (UTF-8)', () => {
    const text = ['利用日,利用者,利用内容,利用区分,新規利用額', '2024/09/03,本人,サンプルショップ,1回払い,"12,480"'].join('\n');
    const r = ok(parse(utf8(text)));
    expect(r.statement.format).toBe('mufg');
    expect(r.statement.rows[0]).toMatchObject({ amount: 12480, billedAmount: null, cardholder: { name: '本人', role: 'primary', lastDigits: null } });
  });

  it('利用日,利用内容,新規利用額,今回請求額 (UTF-8)', () => {
    const text = ['利用日,利用内容,新規利用額,今回請求額', '2024/09/03,サンプルショップ,"30,000","10,000"'].join('\n');
    expect(ok(parse(utf8(text))).statement.rows[0]).toMatchObject({ amount: 30000, billedAmount: 10000, cardholder: null });
  });

  it('a leading row-number column (CP932)', () => {
    const r = ok(parse(fixture('formats/mufg/rowno_7col.csv')));
    expect(r.encoding).toBe('shift_jis');
    expect(r.statement.rows.map((row) => [row.line, row.description, row.amount, row.cardholder?.role])).toEqual([
      [2, 'ｻﾝﾌﾟﾙｼｮｯﾌﾟ', 2480, 'primary'],
      [3, 'ﾃｽﾄﾄﾞﾗｯｸﾞ', 1320, 'family'],
    ]);
  });

  it('利用日,利用者,利用内容,新規利用額', () => {
    const text = ['利用日,利用者,利用内容,新規利用額', '2024/09/03,家族,サンプルショップ,980'].join('\n');
    expect(ok(parse(utf8(text))).statement.rows[0]).toMatchObject({ amount: 980, cardholder: { role: 'family' } });
  });
});

describe('mufg: bad input and detection', () => {
  it('rejects a bad amount and a truncated row, naming their lines', () => {
    const text = [HEADER, '"2025/05/03","本人","1回払い","ｻﾝﾌﾟﾙｼｮｯﾌﾟ","2,48O","2480","1","","","",""', '"2025/05/10","家族","1回払い"'].join('\r\n');
    expectRejected(mufg, text, [
      { line: 2, message: expect.stringContaining('2,48O') },
      { line: 3, message: expect.stringContaining('truncated') },
    ]);
  });

  it('claims only the MUFG sample', () => {
    expect(claimedSamples(mufg)).toEqual(['mufg_nicos_11col.csv']);
  });
});
