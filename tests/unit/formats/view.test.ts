/**
 * VIEW card (doc §13): 4 key/value rows + blank + 11-column header, partition lines per card, the
 * separate 払戻額 refund column, three-space 通貨略称, foreign columns, Suica top-ups, bad input.
 */
import { describe, expect, it } from 'vitest';
import { view } from '../../../src/core/import/formats/view';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, toLf, utf8 } from './support';

const HEADER = 'ご利用年月日,ご利用箇所,ご利用額,払戻額,ご請求額（うち手数料・利息）,支払区分（回数）,今回回数,今回ご請求額・弁済金（うち手数料・利息）,現地通貨額,通貨略称,換算レート';
const HEAD = ['会員番号,****-****-****-0000', '対象カード,「ビュー・スイカ｣カード', 'お支払日,2025年07月04日', '今回お支払金額,"3,000"', '', HEADER, '****-****-****-0000 ヤマダ　タロウ'];

describe('VIEW card', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/view_card.csv')), fixture('samples/view_card.csv'));
    expect(original.statement.rows).toHaveLength(3);
    expect(original.statement.total).toEqual({ printed: 6610, computed: 6610, label: '今回お支払金額 (line 4)' });
  });

  it('reads a spreadsheet re-save (UTF-8 BOM, padded partition line, empty 通貨略称) to the same rows', () => {
    const { copy: resaved } = expectSameStatement(fixture('formats/view/resaved-utf8-bom.csv'), fixture('samples/view_card.csv'));
    expect(resaved.encoding).toBe('utf-8');
  });

  it('reads two cards, a 払戻額 refund, an instalment with its fee, a mobile Suica top-up and a EUR row (CP932 file)', () => {
    const r = ok(parse(fixture('formats/view/two-cards-cp932.csv')));
    expect(r.encoding).toBe('shift_jis');
    const st = r.statement;
    const taro = { name: 'ヤマダ　タロウ', role: 'primary', lastDigits: '0000' };
    const hanako = { name: 'ヤマダ　ハナコ', role: 'family', lastDigits: '1111' };
    expect(st.rows.map((x) => [x.line, x.date, x.description, x.amount, x.kind, x.billedAmount, x.paymentPlan, x.originalAmount, x.originalCurrency, x.fxRate, x.cardholder, x.details])).toEqual([
      [8, '2025-06-21', 'サンプル書店', 2086, 'purchase', null, null, null, null, null, taro, null],
      [9, '2025-06-25', 'サンプル書店', -1000, 'refund', null, null, null, null, null, taro, null],
      [10, '2025-06-28', 'テスト家電', 30000, 'purchase', 10120, '3回払', null, null, null, taro, { fee: '120', instalment: '1' }],
      [12, '2025-07-01', 'Ｓｕｉｃａ（携帯決済）　チャージ', 2000, 'other', null, null, null, null, null, hanako, null],
      [13, '2025-07-02', 'EXAMPLE STORE', 400, 'purchase', null, null, 250, 'EUR', '160.00', hanako, { foreign: '2.50 EUR 160.00' }],
    ]);
    // 2,086 − 1,000 + 10,120 (billed now) + 2,000 + 400.
    expect(st.total).toEqual({ printed: 13606, computed: 13606, label: '今回お支払金額 (line 4)' });
    expect(st.card).toEqual({ issuer: 'view', suggestedName: 'ビューカード', lastDigits: '0000', otherDigits: ['1111'], currency: 'JPY' });
    expect(st.statementMonth).toBe('2025-08');
  });

  it('takes the first partition as the member when the preamble has no 会員番号', () => {
    const text = [HEADER, '****-****-****-2222 ヤマダ　タロウ', '2025/05/21,テスト駅　オートチャージ,"3,000",,"3,000",１回払,,"3,000",,   ,', '****-****-****-3333 ヤマダ　ハナコ', '2025/05/22,サンプル書店,500,,500,１回払,,500,,   ,'].join('\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((x) => [x.kind, x.cardholder?.role, x.cardholder?.lastDigits])).toEqual([
      ['other', 'primary', '2222'],
      ['purchase', 'family', '3333'],
    ]);
    expect(st.card.lastDigits).toBe('2222');
    expect(st.card.otherDigits).toEqual(['3333']);
    expect(st.total).toBeNull();
  });

  it('rejects a bad date, a bad amount, an empty amount pair and a truncated row, naming their lines, with no rows', () => {
    const text = [
      ...HEAD,
      '2025/02/30,サンプル書店,"2,086",,"2,086",１回払,,"2,086",,   ,',
      '2025/05/28,サンプル書店,"2,08x",,"2,086",１回払,,"2,086",,   ,',
      '2025/05/28,サンプル書店,,,,１回払,,,,   ,',
      '2025/05/28,サンプル書店',
    ].join('\r\n');
    expectRejected(view, text, [
      { line: 8, message: 'date: not a date: "2025/02/30"' },
      { line: 9, message: 'ご利用額: not an amount: "2,08x"' },
      { line: 10, message: 'ご利用額 and 払戻額 are both empty' },
      { line: 11, message: 'the row has 2 fields but the header has 11 (truncated line?)' },
    ]);
  });

  it('rejects a file with only a partition line, naming the header line', () => {
    expectRejected(view, HEAD.join('\r\n'), [{ line: 6, message: 'the file has a VIEW card header but no transaction rows' }]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(view)).toEqual(['view_card.csv']);
    expect(detects(view, 'ご利用年月日,ご利用箇所,ご利用額\n2025/06/01,店,100')).toBe(false);
  });
});
