/**
 * American Express Japan (doc §1): 8/6/5-column layouts, lines above the header, the optional
 * 追加情報 column (named, empty header cell, no header cell), re-saved and LF copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { amexJp, fastYen, fastYmd } from '../../../src/core/import/formats/amex-jp';
import { BOM, claimedSamples, expectRejected, expectSameStatement, fixture, ok, parse, sample, toLf, toUtf8Bom, utf8 } from './support';

const withBom = (s: string) => utf8(BOM + s);

const HEADER8 = 'ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート';

describe('amex-jp: current 8-column layout', () => {
  const original = ok(parse(sample('amex_jp_current.csv')));

  it('reads the CP932 sample', () => {
    expect(original.encoding).toBe('shift_jis');
    expect(original.statement.format).toBe('amex-jp');
    expect(original.statement.rows.map((r) => [r.line, r.amount, r.kind])).toEqual([
      [2, 3280, 'purchase'],
      [3, 980, 'purchase'],
      [4, 1523, 'purchase'],
      [5, -12000, 'refund'],
      [6, -45210, 'payment'],
    ]);
  });

  it('gives the same rows when re-saved as UTF-8 with a BOM', () => {
    const r = expectSameStatement(toUtf8Bom(sample('amex_jp_current.csv')), sample('amex_jp_current.csv')).copy;
    expect(r.encoding).toBe('utf-8');
    expect(r.statement.card).toEqual(original.statement.card);
  });

  it('gives the same rows with LF line endings', () => {
    const r = expectSameStatement(toLf(sample('amex_jp_current.csv')), sample('amex_jp_current.csv')).copy;
    expect(r.encoding).toBe('shift_jis');
  });

  it('reads a spreadsheet re-save: unpadded dates, ungrouped amounts, dropped trailing fields', () => {
    const text = [
      HEADER8,
      '2025/6/28,2025/6/29,サンプル書店　東京都　千代田区,TARO YAMADA,-12345,3280',
      '2025/6/12,2025/6/14,サンプル航空　予約センター,TARO YAMADA,-12345,-12000,,',
    ].join('\r\n');
    const rows = ok(parse(withBom(text))).statement.rows;
    expect(rows.map((r) => [r.date, r.postedDate, r.amount, r.kind])).toEqual([
      ['2025-06-28', '2025-06-29', 3280, 'purchase'],
      ['2025-06-12', '2025-06-14', -12000, 'refund'],
    ]);
  });

  it('takes the bank-debit row’s digits as the card, other members’ digits as otherDigits', () => {
    const text = [
      HEADER8,
      '2025/06/25,2025/06/27,テストマート,HANAKO YAMADA,-54321,980,,',
      '2025/06/10,2025/06/10,前回分口座振替金額,TARO YAMADA,-12345,"-45,210",,',
    ].join('\n');
    expect(ok(parse(utf8(text))).statement.card).toEqual({
      issuer: 'amex-jp',
      suggestedName: 'アメリカン・エキスプレス',
      lastDigits: '12345',
      otherDigits: ['54321'],
      currency: 'JPY',
    });
    // Without a bank-debit row, the first digits seen.
    const noPayment = ok(parse(utf8(text.split('\n').slice(0, 2).join('\n')))).statement.card;
    expect(noPayment.lastDigits).toBe('54321');
    expect(noPayment.otherDigits).toBeUndefined();
  });

  it('gives a foreign refund a negative original amount and keeps the raw foreign text', () => {
    const text = [HEADER8, '2025/06/21,2025/06/23,EXAMPLE CLOUD SERVICES,TARO YAMADA,-12345,"-1,523",10.00 USD,152.30'].join('\n');
    const [row] = ok(parse(utf8(text))).statement.rows;
    expect(row).toMatchObject({ amount: -1523, kind: 'refund', originalAmount: -1000, originalCurrency: 'USD', fxRate: '152.30', details: { foreign: '10.00 USD 152.30' } });
  });

  it('keeps an unreadable foreign cell as raw text without rejecting the file', () => {
    const text = [HEADER8, '2025/06/21,2025/06/23,EXAMPLE SHOP,TARO YAMADA,-12345,"1,523",ten dollars,152.30'].join('\n');
    const [row] = ok(parse(utf8(text))).statement.rows;
    expect(row).toMatchObject({ amount: 1523, originalAmount: null, originalCurrency: null, fxRate: '152.30', details: { foreign: 'ten dollars 152.30' } });
  });

  it('classifies an annual fee as a fee', () => {
    const text = [HEADER8, '2025/06/01,2025/06/01,年会費,TARO YAMADA,-12345,"13,200",,'].join('\n');
    expect(ok(parse(utf8(text))).statement.rows[0]!.kind).toBe('fee');
  });

  it('skips blank rows, including rows of empty fields', () => {
    const text = [HEADER8, '2025/06/28,2025/06/29,サンプル書店,TARO YAMADA,-12345,980,,', ',,,,,,,', '', '2025/06/27,2025/06/28,テストマート,TARO YAMADA,-12345,500,,'].join('\n');
    expect(ok(parse(utf8(text))).statement.rows.map((r) => r.line)).toEqual([2, 5]);
  });
});

describe('amex-jp: older layouts', () => {
  it('reads the 6-column sample without cardholders', () => {
    const r = ok(parse(sample('amex_jp_old6.csv')));
    expect(r.statement.format).toBe('amex-jp');
    expect(r.statement.rows.every((row) => row.cardholder === null)).toBe(true);
    expect(r.statement.card.lastDigits).toBeNull();
  });

  it('reads the 5-column layout with lines above the header', () => {
    const r = ok(parse(fixture('formats/amex-jp/old5_preamble.csv')));
    expect(r.encoding).toBe('shift_jis');
    expect(r.statement.format).toBe('amex-jp');
    expect(r.statement.rows).toEqual([
      expect.objectContaining({ line: 4, date: '2019-01-20', postedDate: '2019-01-22', description: 'サンプル食堂　大阪府　大阪市', amount: 1200, details: null }),
      expect.objectContaining({
        line: 5,
        description: 'EXAMPLE HOTEL LONDON',
        amount: 15234,
        originalAmount: 8000,
        originalCurrency: 'GBP',
        fxRate: null,
        details: { foreign: '80.00 GBP' },
      }),
    ]);
  });

  it.each(['old6_extra_named.csv', 'old6_extra_blank_header.csv', 'old6_extra_no_header_cell.csv'])('keeps 追加情報 as details.memo (%s)', (name) => {
    const r = ok(parse(fixture(`formats/amex-jp/${name}`)));
    expect(r.statement.rows.map((row) => [row.line, row.description, row.amount, row.details])).toEqual([
      [2, 'サンプル書店', 980, { memo: 'ポイント対象外' }],
      [3, 'テストマート', 500, null],
    ]);
  });
});

describe('amex-jp: bad input', () => {
  it('rejects a bad amount, naming its line', () => {
    const text = [HEADER8, '2025/06/28,2025/06/29,サンプル書店,TARO YAMADA,-12345,980,,', '2025/06/27,2025/06/28,テストマート,TARO YAMADA,-12345,12O0,,'].join('\r\n');
    expectRejected(amexJp, withBom(text), [{ line: 3, message: expect.stringContaining('12O0') }]);
  });

  it('rejects a truncated row, naming its line', () => {
    const text = [HEADER8, '2025/06/28,2025/06/29,サンプル書店,TARO YAMADA,-12345,980,,', '2025/06/27,2025/06/28,テスト'].join('\n');
    expectRejected(amexJp, text, [{ line: 3, message: expect.stringContaining('truncated') }]);
  });

  it('rejects an impossible date, naming its line', () => {
    const text = [HEADER8, '2025/02/30,2025/03/01,サンプル書店,TARO YAMADA,-12345,980,,'].join('\n');
    expectRejected(amexJp, text, [{ line: 2, message: expect.stringContaining('2025/02/30') }]);
  });

  it('rejects a header with no rows, naming the header line', () => {
    expectRejected(amexJp, `x,,,\n${HEADER8}\n`, [{ line: 2, message: 'the file has a header but no transaction rows' }]);
  });
});

describe('amex-jp: fast paths agree with the general parsers', () => {
  it('fastYmd', () => {
    expect(fastYmd('2025/06/28')).toBe('2025-06-28');
    expect(fastYmd('2024/02/29')).toBe('2024-02-29');
    expect(fastYmd('2025/02/29')).toBeNull();
    expect(fastYmd('2100/02/29')).toBeNull();
    expect(fastYmd('2025/13/01')).toBeNull();
    expect(fastYmd('2025/6/8')).toBe('2025-06-08');
    expect(fastYmd('２０２５/０６/２８')).toBe('2025-06-28');
    expect(fastYmd('')).toBeNull();
  });

  it('fastYen takes only plain and correctly grouped yen', () => {
    expect(fastYen('980')).toBe(980);
    expect(fastYen('3,280')).toBe(3280);
    expect(fastYen('-12,000')).toBe(-12000);
    expect(fastYen('1,234,567')).toBe(1234567);
    expect(fastYen('-0')).toBe(0);
    for (const s of ['', '-', '1,23', '12,3456', ',123', '123,', '1.5', '￥980', ' 980', '９８０']) expect(fastYen(s)).toBeNull();
  });

  it('amounts outside the fast path still parse through parseAmount', () => {
    const text = [HEADER8, '2025/06/28,2025/06/29,サンプル書店,TARO YAMADA,-12345,"￥３，２８０",,'].join('\n');
    expect(ok(parse(utf8(text))).statement.rows[0]!.amount).toBe(3280);
  });
});

describe('amex-jp: detection', () => {
  it('claims only the Amex Japan samples', () => {
    expect(claimedSamples(amexJp)).toEqual(['amex_jp_current.csv', 'amex_jp_old6.csv']);
  });
});
