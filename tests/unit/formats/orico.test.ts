/**
 * Orico (doc §12): 9 vertical key/value rows + `<利用明細>` + 14-column header, `\` (CP932 0x5C) yen
 * amounts, `YYYY年M月D日`, foreign detail inside the merchant text, the consumption-tax breakdown
 * that is never imported, the `※キャンセル分` table (negative rows), instalments, bad input.
 */
import { describe, expect, it } from 'vitest';
import { orico } from '../../../src/core/import/formats/orico';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, toLf, utf8 } from './support';

const pad = (s: string, n = 14): string => s + ','.repeat(n - s.split(',').length);
const HEAD = [
  pad('登録番号,T00000'),
  pad('ご契約番号,****-****-****-0000'),
  pad('ご契約名称,Ｏｒｉｃｏ　Ｃａｒｄ　ＳＡＭＰＬＥ'),
  pad('お支払日,2025年7月27日'),
  pad('ご請求総額,"\\2,974"'),
  pad('<利用明細>'),
  'ご利用日,ご利用先など,新旧,ご利用者,支払開始年月,支払区分,お支払回数,何回目,ご利用金額,手数料・利息,年利%,その他,当月ご請求額,翌月繰越残高',
];
const ROW = '2025年5月31日,サンプル通信,*,本人,2025年7月,アド,1,1,"\\2,974",,,\\0,"\\2,974",\\0';

describe('Orico', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/orico.csv')), fixture('samples/orico.csv'));
    expect(original.statement.rows).toHaveLength(3);
    expect(original.statement.total).toEqual({ printed: 6203, computed: 6203, label: 'ご請求総額 (line 5)' });
  });

  it('reads a spreadsheet re-save (UTF-8 BOM, `¥` written for the 0x5C yen sign) to the same rows', () => {
    const { copy: resaved } = expectSameStatement(fixture('formats/orico/resaved-utf8-bom.csv'), fixture('samples/orico.csv'));
    expect(resaved.encoding).toBe('utf-8');
  });

  it('reads foreign text with and without a code, instalments, cancellations, and skips the tax breakdown (CP932 file)', () => {
    const r = ok(parse(fixture('formats/orico/cancellations-cp932.csv')));
    expect(r.encoding).toBe('shift_jis');
    const st = r.statement;
    const start = { paymentStart: '2025年8月' };
    expect(
      st.rows.map((x) => [x.line, x.date, x.description, x.amount, x.kind, x.originalAmount, x.originalCurrency, x.fxRate, x.billedAmount, x.paymentPlan, x.cardholder?.role ?? null, x.details]),
    ).toEqual([
      [12, '2025-06-30', 'サンプル通信', 2974, 'purchase', null, null, null, null, null, 'primary', start],
      [13, '2025-07-01', 'EXAMPLE SHOP', 3024, 'purchase', 2000, 'USD', '151.2000', null, null, 'primary', { foreign: '２０．００ＵＳＤ　　換算レート／　１５１．２０００円', ...start }],
      // Rate 1: billed in yen by a foreign merchant — not foreign use (the text is kept).
      [14, '2025-07-02', 'Design', 3280, 'purchase', null, null, null, null, null, 'family', { foreign: '３２８０．００　　換算レート／　　　１．００００円', ...start }],
      [15, '2025-07-03', 'テスト家電', 90000, 'purchase', null, null, null, 31506, '3回払い', 'primary', { ...start, instalment: '1/3', fee: '\\1,506' }],
      [24, '2025-07-10', 'テスト書店', -1000, 'refund', null, null, null, null, null, null, { section: 'キャンセル分' }],
      [25, '2025-07-11', 'サンプル薬局', -500, 'refund', null, null, null, null, null, null, { section: 'キャンセル分' }],
    ]);
    // 2,974 + 3,024 + 3,280 + 31,506 (billed) − 1,000 − 500.
    expect(st.total).toEqual({ printed: 39284, computed: 39284, label: 'ご請求総額 (line 5)' });
    expect(st.statementMonth).toBe('2025-08');
    expect(st.card).toEqual({ issuer: 'orico', suggestedName: 'オリコカード', lastDigits: '0000', currency: 'JPY' });
    expect(st.warnings).toEqual([]);
  });

  it('keeps the whole merchant cell when it carries no rate, and the amount text when no code is printed', () => {
    const text = [
      ...HEAD,
      ROW,
      '2025年6月9日,EXAMPLE AI　　　２０．００　　　換算レート／　１５１．２０００円,*,本人,2025年7月,アド,1,1,"\\3,024",,,\\0,"\\3,024",\\0',
      '2025年6月10日,ＳＨＯＰ　２４,*,本人,2025年7月,アド,1,1,\\100,,,\\0,\\100,\\0',
    ].join('\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((x) => [x.description, x.originalAmount, x.originalCurrency, x.fxRate, x.details?.foreignAmount ?? null])).toEqual([
      ['サンプル通信', null, null, null, null],
      ['EXAMPLE AI', null, null, '151.2000', '20.00'],
      ['ＳＨＯＰ　２４', null, null, null, null],
    ]);
    expect(st.total).toEqual({ printed: 2974, computed: 6098, label: 'ご請求総額 (line 5)' });
    expect(st.warnings.map((w) => w.message)).toEqual(["the statement's total (ご請求総額 (line 5)) is ¥2,974, but the imported rows add up to ¥6,098"]);
  });

  it('rejects a bad amount, a bad date and a truncated row, naming their lines, with no rows', () => {
    const text = [
      ...HEAD,
      '2025年5月31日,サンプル通信,*,本人,2025年7月,アド,1,1,"\\2,97x",,,\\0,"\\2,974",\\0',
      '2025年5月,サンプル通信,*,本人,2025年7月,アド,1,1,\\1,,,\\0,\\1,\\0',
      '2025年6月1日,サンプル通信,*,本人',
    ].join('\r\n');
    expectRejected(orico, text, [
      { line: 8, message: 'ご利用金額: not an amount: "\\2,97x"' },
      { line: 9, message: 'date: not a date: "2025年5月"' },
      { line: 10, message: 'the row has 4 fields but the header has 14 (truncated line?)' },
    ]);
  });

  it('rejects a bad cancellation row and a file without rows, naming the lines', () => {
    const cancel = [...HEAD, ROW, pad('※キャンセル分'), pad('ご利用金額修正日,ご利用店名,修正金額'), pad('2025年6月1日,テスト書店,\\1O0')].join('\r\n');
    expectRejected(orico, cancel, [{ line: 11, message: '修正金額: not an amount: "\\1O0"' }]);
    const empty = [...HEAD, pad(''), pad('※キャンセル分'), pad('ご利用金額修正日,ご利用店名,修正金額')].join('\r\n');
    expectRejected(orico, empty, [{ line: 7, message: 'the file has an Orico header but no transaction rows' }]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(orico)).toEqual(['orico.csv']);
    expect(detects(orico, 'ご利用日,ご利用先など,ご利用金額\n2025/06/01,店,100')).toBe(false);
  });
});
