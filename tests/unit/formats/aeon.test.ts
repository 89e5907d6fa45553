/**
 * AEON (doc §8): 7 preamble rows with a bank account, YYMMDD dates, 9-field rows with two unnamed
 * columns, the 分割・ボーナス払い明細 table that ends the purchases, memos, family rows, bad input.
 */
import { describe, expect, it } from 'vitest';
import { aeon } from '../../../src/core/import/formats/aeon';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, toLf, utf8 } from './support';

const PREAMBLE = [
  'ご利用カード,イオンカードセレクト,,,,,,,',
  '今回ご請求金額,3980,,,,,,,',
  'お支払い日,2025年 7月 2日,,,,,,,',
  'ご指定口座,,,,,,,,',
  '金融機関,支店,口座番号,名義人,,,,,',
  'ｻﾝﾌﾟﾙｷﾞﾝｺｳ,ﾃｽﾄ,1-0000-000,ﾔﾏﾀﾞ ﾀﾛｳ,,,,,',
  'ご利用明細,,,,,,,,',
  'ご利用日,利用者区分,ご利用先,支払方法,,,ご利用金額,備考,',
];

describe('AEON', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/aeon.csv')), fixture('samples/aeon.csv'));
    expect(original.statement.rows).toHaveLength(2);
    expect(original.statement.total).toEqual({ printed: 5230, computed: 5230, label: '今回ご請求金額 (line 2)' });
  });

  it('reads a spreadsheet re-save (UTF-8 BOM) to the same rows', () => {
    const { copy } = expectSameStatement(fixture('formats/aeon/resaved-utf8-bom.csv'), fixture('samples/aeon.csv'));
    expect(copy.encoding).toBe('utf-8');
  });

  it('reads family rows, a fee memo, an instalment and stops at 分割・ボーナス払い明細 (CP932 file)', () => {
    const r = ok(parse(fixture('formats/aeon/family-fee-cp932.csv')));
    expect(r.encoding).toBe('shift_jis');
    const st = r.statement;
    expect(st.rows.map((x) => [x.line, x.date, x.description, x.amount, x.kind, x.cardholder?.role, x.paymentPlan, x.details])).toEqual([
      [9, '2025-07-12', 'サンプルスーパー', 3980, 'purchase', 'primary', null, null],
      [10, '2025-07-20', 'テストドラッグ', -1250, 'refund', 'family', null, null],
      [11, '2025-08-01', 'イオンカード年会費', 1320, 'fee', 'primary', null, { memo: '２０２５／０９カイヒ' }],
      [12, '2025-08-05', 'テスト家具', 11500, 'purchase', 'primary', '3回', null],
    ]);
    // The second table's dated row (line 15) is not a transaction.
    expect(st.total).toEqual({ printed: 15550, computed: 15550, label: '今回ご請求金額 (line 2)' });
    expect(st.statementMonth).toBe('2025-09');
    expect(st.warnings).toEqual([]);
  });

  it('never carries the bank account into the result', () => {
    const st = ok(parse(fixture('formats/aeon/family-fee-cp932.csv'))).statement;
    const json = JSON.stringify(st);
    for (const secret of ['1-2345-678', 'ｻﾝﾌﾟﾙｷﾞﾝｺｳ', 'ﾔﾏﾀﾞ ﾀﾛｳ', 'ﾃｽﾄ']) expect(json).not.toContain(secret);
  });

  it('accepts rows whose trailing empty fields were dropped (7 fields)', () => {
    const st = ok(parse(utf8([...PREAMBLE, '250512,本人,サンプルスーパー,１回,,,3980'].join('\n')))).statement;
    expect(st.rows.map((x) => [x.line, x.amount, x.details])).toEqual([[9, 3980, null]]);
  });

  it('rejects a bad date, a bad amount and a truncated row, naming their lines, with no rows', () => {
    const text = [...PREAMBLE, '251332,本人,サンプルスーパー,１回,,,3980,,', '250512,本人,サンプルスーパー,１回,,,3980円也,,', '250513,本人,テスト'].join('\r\n');
    expectRejected(aeon, text, [
      { line: 9, message: 'date: not a date: "251332"' },
      { line: 10, message: 'ご利用金額: not an amount: "3980円也"' },
      { line: 11, message: 'the row has 3 fields but the header has 9 (truncated line?)' },
    ]);
  });

  it('rejects a file whose purchase table is empty, naming the header line', () => {
    const text = [...PREAMBLE, '分割・ボーナス払い明細,,,,,,,,', 'ご利用日,ご利用先,支払回数,ご利用金額,実質年率,お支払い総額,今回ご請求金額,内手数料,今回回数'].join('\r\n');
    expectRejected(aeon, text, [{ line: 8, message: 'the file has an AEON header but no transaction rows' }]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(aeon)).toEqual(['aeon.csv']);
    expect(detects(aeon, 'ご利用日,ご利用先,ご利用金額\n250601,店,100')).toBe(false);
  });
});
