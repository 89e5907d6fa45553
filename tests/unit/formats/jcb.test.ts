/**
 * MyJCB (doc §4): preamble + `"【ご利用明細】"` + 12-column header, every field quoted, leading-space
 * dates, the 国内／海外 split of the total, instalments, card-only ご利用者 cells, bad input.
 */
import { describe, expect, it } from 'vitest';
import { jcb } from '../../../src/core/import/formats/jcb';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, q, toLf, utf8 } from './support';

const HEADER = q('ご利用者', 'カテゴリ', 'ご利用日', 'ご利用先など', 'ご利用金額(￥)', '支払区分', '今回回数', '訂正サイン', 'お支払い金額(￥)', '国内／海外', '摘要', '備考');
const TARO = '****-****-****-1234　ＪＣＢ　ヤマダ　タロウ　様';
const DOMESTIC = '≪ショッピング取組（国内）≫';
const preamble = (total: string, domestic: string, foreign: string, pad = ' '): string[] => [
  q('', '', '今回のお支払日', '2025/07/10'),
  q('', '', '今回のお支払金額合計(￥)', total),
  q('', '', `${pad}うち国内ご利用金額合計(￥)`, domestic),
  q('', '', `${pad}うち海外ご利用金額合計(￥)`, foreign),
  q('【ご利用明細】'),
  HEADER,
];
/** user, date, merchant, amount, plan, count, billed, region, memo */
const row = (user: string, date: string, merchant: string, amount: string, plan = '１回', count = '', billed = amount, region = '国内', memo = ''): string =>
  q(user, DOMESTIC, date, merchant, amount, plan, count, '', billed, region, memo, '*');

describe('MyJCB', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/myjcb.csv')), fixture('samples/myjcb.csv'));
    expect(original.statement.format).toBe('jcb');
    expect(original.statement.rows).toHaveLength(4);
  });

  it('reads a spreadsheet re-save (UTF-8 BOM, padded rows, no quotes, dates without the leading space) to the same rows', () => {
    const { original, copy: resaved } = expectSameStatement(fixture('formats/jcb/resaved-utf8-bom.csv'), fixture('samples/myjcb.csv'));
    expect(original.encoding).toBe('shift_jis');
    expect(resaved.encoding).toBe('utf-8');
    expect(resaved.statement.total).toEqual({ printed: 6830, computed: 6830, label: '今回のお支払金額合計 (line 2)' });
    expect(resaved.statement.statementMonth).toBe('2025-07');
  });

  it('accepts U+3000 before うち… and warns when the 国内 / 海外 split does not add up', () => {
    const text = [
      ...preamble('3,000', '1,000', '2,100', '\u3000'),
      row(TARO, ' 2025/06/02', 'サンプルスーパー', '1,000'),
      row(TARO, '2025/06/24', 'EXAMPLE HOTEL', '2,000', '１回', '', '2,000', '海外'),
    ].join('\r\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.total).toEqual({ printed: 3000, computed: 3000, label: '今回のお支払金額合計 (line 2)' });
    expect(st.warnings).toEqual([{ line: 4, message: 'うち海外ご利用金額合計 (line 4) is ¥2,100, but the 海外 rows add up to ¥2,000' }]);
    expect(st.rows.map((r) => [r.line, r.date, r.details?.foreign ?? null])).toEqual([
      [7, '2025-06-02', null],
      [8, '2025-06-24', '海外'],
    ]);
  });

  it('keeps the purchase amount, the billed amount and the plan of an instalment; negative rows are refunds', () => {
    const text = [
      ...preamble('8,350', '8,350', '0'),
      row(TARO, '2025/06/05', 'テスト家電', '30,000', '３回', '1', '10,000'),
      row(TARO, '2025/06/09', 'テスト書店', '-1,650', '１回', '', '-1,650', '国内', 'お支払済み分 ご返金額'),
    ].join('\r\n');
    const st = ok(parse(utf8(text))).statement;
    const [instalment, refund] = st.rows;
    expect(instalment).toMatchObject({ amount: 30000, billedAmount: 10000, paymentPlan: '3回', kind: 'purchase' });
    expect(instalment!.details).toEqual({ category: DOMESTIC, remark: '*', instalment: '1' });
    expect(refund).toMatchObject({ amount: -1650, billedAmount: null, paymentPlan: null, kind: 'refund' });
    // The total is the sum of お支払い金額: 10,000 − 1,650.
    expect(st.total).toEqual({ printed: 8350, computed: 8350, label: '今回のお支払金額合計 (line 2)' });
    expect(st.warnings).toEqual([]);
  });

  it('reads card-only ご利用者 cells and lists a second card number in otherDigits', () => {
    const text = [
      HEADER,
      row('****-****-****-1234　ＪＣＢ', '2025/06/02', 'サンプルスーパー', '980'),
      row('****-****-****-5678　セブンカードＶｉｓａ　ヤマダ　ハナコ　様', '2025/06/03', 'テストカフェ', '450'),
    ].join('\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((r) => r.cardholder)).toEqual([
      { name: 'ＪＣＢ', role: 'primary', lastDigits: '1234' },
      { name: 'ヤマダ　ハナコ', role: 'primary', lastDigits: '5678' },
    ]);
    expect(st.card).toEqual({ issuer: 'jcb', suggestedName: 'JCBカード', lastDigits: '1234', otherDigits: ['5678'], currency: 'JPY' });
    // No preamble: nothing to reconcile, no payment month.
    expect(st.total).toBeNull();
    expect(st.statementMonth).toBeNull();
  });

  it('rejects a bad amount, naming its line', () => {
    const text = [...preamble('980', '980', '0'), row(TARO, '2025/06/02', 'サンプルスーパー', '9８0円x')].join('\r\n');
    expectRejected(jcb, text, [{ line: 7, message: 'ご利用金額: not an amount: "9８0円x"' }]);
  });

  it('rejects a truncated row and a bad date, naming their lines, and returns no rows', () => {
    const text = [
      ...preamble('980', '980', '0'),
      row(TARO, '2025/06/02', 'サンプルスーパー', '980'),
      q(TARO, DOMESTIC, '2025/06/03', 'テストカフェ', '450'),
      row(TARO, '2025/13/03', 'テストカフェ', '450'),
    ].join('\r\n');
    expectRejected(jcb, text, [
      { line: 8, message: 'the row has 5 fields but the header has 12 (truncated line?)' },
      { line: 9, message: 'date: not a date: "2025/13/03"' },
    ]);
  });

  it('rejects a file with a header and no rows, naming the header line', () => {
    expectRejected(jcb, preamble('0', '0', '0').join('\r\n'), [{ line: 6, message: 'the file has a MyJCB header but no transaction rows' }]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(jcb)).toEqual(['myjcb.csv']);
    expect(detects(jcb, 'ご利用日,ご利用先など,ご利用金額\n2025/06/01,店,100')).toBe(false);
  });
});
