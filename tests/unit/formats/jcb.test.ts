/**
 * MyJCB (doc §4): preamble + `"【ご利用明細】"` + 12-column header, every field quoted, leading-space
 * dates, the 国内／海外 split of the total, instalments, card-only ご利用者 cells, bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import { parseStatementFile, type ParseFileResult } from '../../../src/core/import/detect';
import { jcb } from '../../../src/core/import/formats/jcb';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures');
const file = (rel: string): Uint8Array => readFileSync(join(FIX, rel));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const toLf = (b: Uint8Array): Uint8Array => Buffer.from(Buffer.from(b).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
const parse = (b: Uint8Array, fileName = 'meisai.csv'): ParseFileResult => parseStatementFile(b, { defaultCurrency: 'JPY', fileName });

function ok(r: ParseFileResult): Extract<ParseFileResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  return r;
}
function fail(r: ParseFileResult): Extract<ParseFileResult, { ok: false }> {
  if (r.ok) throw new Error(`expected the file to be rejected, got ${r.statement.rows.length} rows`);
  return r;
}

const q = (...cells: string[]): string => cells.map((c) => `"${c}"`).join(',');
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
    const crlf = ok(parse(file('samples/myjcb.csv'))).statement;
    const lf = ok(parse(toLf(file('samples/myjcb.csv')))).statement;
    expect(crlf.format).toBe('jcb');
    expect(crlf.rows).toHaveLength(4);
    expect(lf.rows).toEqual(crlf.rows);
    expect(lf.total).toEqual(crlf.total);
  });

  it('reads a spreadsheet re-save (UTF-8 BOM, padded rows, no quotes, dates without the leading space) to the same rows', () => {
    const original = ok(parse(file('samples/myjcb.csv')));
    const resaved = ok(parse(file('formats/jcb/resaved-utf8-bom.csv')));
    expect(original.encoding).toBe('shift_jis');
    expect(resaved.encoding).toBe('utf-8');
    expect(resaved.statement.rows).toEqual(original.statement.rows);
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
    const r = fail(parse(utf8(text)));
    expect(r.format).toBe('jcb');
    expect(r.errors).toEqual([{ line: 7, message: 'ご利用金額: not an amount: "9８0円x"' }]);
  });

  it('rejects a truncated row and a bad date, naming their lines, and returns no rows', () => {
    const text = [
      ...preamble('980', '980', '0'),
      row(TARO, '2025/06/02', 'サンプルスーパー', '980'),
      q(TARO, DOMESTIC, '2025/06/03', 'テストカフェ', '450'),
      row(TARO, '2025/13/03', 'テストカフェ', '450'),
    ].join('\r\n');
    const r = fail(parse(utf8(text)));
    expect(r.errors).toEqual([
      { line: 8, message: 'the row has 5 fields; a MyJCB row has 12 (truncated line?)' },
      { line: 9, message: 'date: not a date: "2025/13/03"' },
    ]);
    const direct = jcb.parse(readCsv(text), { defaultCurrency: 'JPY', fileName: 'x.csv' });
    expect(direct.rows).toEqual([]);
  });

  it('rejects a file with a header and no rows, naming the header line', () => {
    const r = fail(parse(utf8(preamble('0', '0', '0').join('\r\n'))));
    expect(r.errors).toEqual([{ line: 6, message: 'the file has a MyJCB header but no transaction rows' }]);
  });

  it('does not claim other issuers’ files or a plain CSV', () => {
    const recordsOf = (b: Uint8Array) => readCsv(new TextDecoder('shift_jis').decode(b)).slice(0, 40);
    expect(jcb.detect(recordsOf(file('samples/orico.csv')), 'orico.csv')).toBe(false);
    expect(jcb.detect(recordsOf(file('samples/saison_netanswer.csv')), 'x.csv')).toBe(false);
    expect(jcb.detect(readCsv('ご利用日,ご利用先など,ご利用金額\n2025/06/01,店,100'), 'x.csv')).toBe(false);
  });
});
