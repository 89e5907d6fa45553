/**
 * EPOS (doc §7): title row + 8 long-named columns, `YYYY年M月D日`, `<種別>合計` rows, `※` notes,
 * instalments, cash advances, bad input.
 */
import { describe, expect, it } from 'vitest';
import { epos } from '../../../src/core/import/formats/epos';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, toLf, utf8 } from './support';

const TITLE = '月別ご利用明細　ヤマダ　タロウ　様　ご利用期間：2025年4月から2025年6月　株式会社エポスカード,,,,,,,';
const HEADER = '種別（ショッピング、キャッシング、その他）,ご利用年月日,ご利用場所,ご利用内容,ご利用金額（キャッシングでは元金になります）,支払区分,お支払開始月,備考';

describe('EPOS', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/epos.csv')), fixture('samples/epos.csv'));
    expect(original.statement.rows).toHaveLength(3);
    expect(original.statement.total).toEqual({ printed: 37900, computed: 37900, label: 'ショッピング合計 (line 6)' });
  });

  it('reads a spreadsheet re-save (UTF-8 BOM) to the same rows', () => {
    const { copy: resaved } = expectSameStatement(fixture('formats/epos/resaved-utf8-bom.csv'), fixture('samples/epos.csv'));
    expect(resaved.encoding).toBe('utf-8');
  });

  it('classifies cash advances and その他 fees, keeps real ご利用内容 text and checks every <種別>合計 row', () => {
    const text = [
      TITLE,
      HEADER,
      'ショッピング,2025年4月3日,サンプルマート,－,1280,1回払い,2025年5月,',
      'キャッシング,2025年4月10日,サンプルＡＴＭ,キャッシング,10000,1回払い,2025年5月,',
      'その他,2025年4月20日,エポスカード,年会費,500,1回払い,2025年5月,ゴールド',
      'ショッピング,2025年5月2日,サンプル家具,－,-2000,1回払い,2025年6月,',
      'ショッピング合計,,,,-720,,,',
      'キャッシング合計,,,,12000,,,',
      '※１　この行はサンプルの注記です,,,,,,,',
    ].join('\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((r) => [r.line, r.description, r.amount, r.kind, r.details])).toEqual([
      [3, 'サンプルマート', 1280, 'purchase', { paymentStart: '2025年5月' }],
      [4, 'サンプルＡＴＭ', 10000, 'other', { category: 'キャッシング', content: 'キャッシング', paymentStart: '2025年5月' }],
      [5, 'エポスカード', 500, 'fee', { category: 'その他', content: '年会費', paymentStart: '2025年5月', memo: 'ゴールド' }],
      [6, 'サンプル家具', -2000, 'refund', { paymentStart: '2025年6月' }],
    ]);
    expect(st.rows[0]!.cardholder).toEqual({ name: 'ヤマダ　タロウ', role: 'unknown', lastDigits: null });
    expect(st.total).toEqual({ printed: -720, computed: -720, label: 'ショッピング合計 (line 7)' });
    expect(st.warnings).toEqual([{ line: 8, message: 'キャッシング合計 (line 8) is ¥12,000, but the キャッシング rows add up to ¥10,000' }]);
    expect(st.statementMonth).toBeNull();
  });

  it('works without the title row (no holder) and without a total row', () => {
    const st = ok(parse(utf8([HEADER, 'ショッピング,2025年4月3日,サンプルマート,－,1280,3回払い,2025年5月,'].join('\r\n')))).statement;
    expect(st.rows).toHaveLength(1);
    expect(st.rows[0]).toMatchObject({ date: '2025-04-03', cardholder: null, paymentPlan: '3回払い', amount: 1280 });
    expect(st.total).toBeNull();
  });

  it('rejects a bad amount, a truncated row, a bad date and a comma-split row, naming their lines, with no rows', () => {
    const text = [
      TITLE,
      HEADER,
      'ショッピング,2025年4月3日,サンプルマート,－,千二百八十,1回払い,2025年5月,',
      'ショッピング,2025年4月18日,テストカフェ',
      'ショッピング,2025年4月31日,テストカフェ,－,620,1回払い,2025年5月,',
      'ショッピング,2025年5月2日,サンプル,家具,－,36000,1回払い,2025年6月,メモ',
    ].join('\r\n');
    expectRejected(epos, text, [
      { line: 3, message: 'ご利用金額: not an amount: "千二百八十"' },
      { line: 4, message: 'the row has 3 fields but the header has 8 (truncated line?)' },
      { line: 5, message: 'date: not a date: "2025年4月31日"' },
      { line: 6, message: 'the row has 9 fields but the header has 8 (an unquoted comma?)' },
    ]);
  });

  it('rejects a file with only the title, header and total, naming the header line', () => {
    expectRejected(epos, [TITLE, HEADER, 'ショッピング合計,,,,0,,,'].join('\r\n'), [
      { line: 2, message: 'the file has an EPOS header but no transaction rows' },
    ]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(epos)).toEqual(['epos.csv']);
    expect(detects(epos, 'ご利用年月日,ご利用場所,ご利用金額\n2025/06/01,店,100')).toBe(false);
  });
});
