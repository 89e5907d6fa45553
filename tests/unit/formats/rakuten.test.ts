/**
 * Rakuten e-NAVI: every width (10 with 支払手数料 or 手数料/利息, 11 shape B, 12 shape A), header
 * month patterns, continuation rows, the cancellation section, blank rows, file-name month and
 * digits, re-saved copies and bad input. Inputs are small synthetic files built here (UTF-8, as
 * Rakuten sends them); the shared samples are checked by samples.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import type { ParseFileResult } from '../../../src/core/import/detect';
import { rakuten } from '../../../src/core/import/formats/rakuten';
import { BOM, claimedSamples, csvFile, detects, expectRejected, expectSameStatement, ok as parsed, parse, q, sample, U, utf8 } from './support';

/** As Rakuten sends them: UTF-8 with a BOM, every line ended. */
const file = (lines: string[], eol = '\r\n') => csvFile(lines, { eol, bom: true });
const ok = (r: ParseFileResult) => parsed(r, 'rakuten').statement;

const HEAD_10_FEE = q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '手数料/利息', '支払総額', '4月支払金額', '5月繰越残高', '新規サイン');
const HEAD_11 = q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '手数料/利息', '支払総額', '7月支払金額', '当月請求額', '8月繰越残高', '新規サイン');
const HEAD_12 = q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '手数料/利息', '支払総額', '支払月', '7月支払金額', '当月請求額', '8月繰越残高', '8月以降請求額');
const row11 = (date: string, shop: string, user: string, amount: string, billed = amount) => q(date, shop, user, '1回払い', amount, '0', amount, billed, billed, '0', '*');
const cont11 = (text: string) => q('', text, '', '', '', '', '', '', '', '', '');
const blank11 = q('', '', '', '', '', '', '', '', '', '', '');

describe('rakuten — layouts and header names', () => {
  it('reads the later 10-column layout (手数料/利息) with a year-qualified month header, instalments and revolving', () => {
    const st = ok(
      parse(
        file([
          q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '手数料/利息', '支払総額', '2026年04月支払金額', '2026年05月繰越残高', '新規サイン'),
          q('2026/02/10', 'サンプル家電', '本人', '3回払い', '30000', '0', '30000', '10000', '20000', '*'),
          q('2026/02/20', 'テストショップ', '本人', 'リボ', '50000', '620', '50620', '10620', '40000', '*'),
          q('2026/03/01', 'サンプルマート', '家族', '1回払い', '1,200', '0', '1,200', '1,200', '0', '*'),
        ]),
      ),
    );
    expect(st.statementMonth).toBe('2026-04');
    expect(st.total).toBeNull();
    expect(st.rows.map((r) => [r.line, r.amount, r.paymentPlan, r.billedAmount, r.status, r.details])).toEqual([
      [2, 30000, '3回払い', 10000, 'confirmed', { carriedOver: '20000' }],
      [3, 50000, 'リボ', 10620, 'confirmed', { fee: '620', carriedOver: '40000' }],
      [4, 1200, null, null, 'confirmed', null],
    ]);
  });

  it('reads the old 10-column layout (支払手数料): billed amount from N月支払金額', () => {
    const st = ok(
      parse(
        file([
          q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '支払手数料', '支払総額', '10月支払金額', '11月繰越残高', '新規サイン'),
          q('2019/09/07', 'サンプル家電', '本人', '2回払い', '20000', '0', '20000', '10000', '10000', '*'),
        ]),
      ),
    );
    expect(st.rows[0]).toMatchObject({ amount: 20000, billedAmount: 10000, paymentPlan: '2回払い', status: 'confirmed' });
    expect(st.statementMonth).toBe('2019-10');
  });

  it('reads shape A (12 columns) as unconfirmed, with drifted labels 支払手数料 / 12月以降支払金額', () => {
    const st = ok(
      parse(
        file([
          q('利用日', '利用店名・商品名', '利用者', '支払方法', '利用金額', '支払手数料', '支払総額', '支払月', '11月支払金額', '当月請求額', '12月繰越残高', '12月以降支払金額'),
          q('2025/10/05', `ＶＩＳＡ国内利用${U}VS サンプルカフェ`, '本人', '1回払い', '980', '0', '980', '11月', '980', '980', '0', ''),
          q('2025/10/28', `海外利用${U}１${U}EXAMPLE APP STORE`, '本人', '1回払い', '2400', '0', '2400', '12月以降', '', '', '', '2400'),
        ]),
      ),
    );
    expect(st.statementMonth).toBe('2025-11');
    expect(st.rows.map((r) => [r.description, r.amount, r.billedAmount, r.status, r.details])).toEqual([
      [`ＶＩＳＡ国内利用${U}VS サンプルカフェ`, 980, null, 'unconfirmed', { paymentMonth: '11月' }],
      // Billed in a later month: nothing on this statement; the network prefix stays in the text.
      [`海外利用${U}１${U}EXAMPLE APP STORE`, 2400, 0, 'unconfirmed', { paymentMonth: '12月以降', billedLater: '2400' }],
    ]);
  });

  it('maps 利用者 本人 / 家族 / ETC to roles', () => {
    const st = ok(parse(file([HEAD_11, row11('2025/06/01', 'A', '本人', '100'), row11('2025/06/02', 'B', '家族', '200'), row11('2025/06/03', 'C', 'ETC', '300')])));
    expect(st.rows.map((r) => r.cardholder)).toEqual([
      { name: '本人', role: 'primary', lastDigits: null },
      { name: '家族', role: 'family', lastDigits: null },
      { name: 'ETC', role: 'etc', lastDigits: null },
    ]);
  });
});

describe('rakuten — statement month and card digits', () => {
  const body = [HEAD_11, row11('2025/12/20', 'サンプルマート', '本人', '1280')];

  it('takes the payment month and last digits from enavi{YYYYMM}({NNNN}).csv', () => {
    for (const name of ['enavi202601(4227).csv', 'enavi202601(4227) (1).csv']) {
      const st = ok(parse(file(body), name));
      expect(st.statementMonth).toBe('2026-01');
      expect(st.card).toEqual({ issuer: 'rakuten', suggestedName: '楽天カード', lastDigits: '4227', currency: 'JPY' });
    }
  });

  it('without an enavi name, dates the header month after the latest usage (December use, January payment)', () => {
    const st = ok(parse(file([HEAD_11.replace('7月支払金額', '1月支払金額'), ...body.slice(1)]), 'card-20251231.csv'));
    expect(st.statementMonth).toBe('2026-01');
    expect(st.card.lastDigits).toBeNull();
  });
});

describe('rakuten — continuation rows and foreign currency', () => {
  it('merges the 現地利用額 row into the row above; currency from 利用国 (USA → USD, euro area → EUR, else none); rate 1 is not foreign', () => {
    const st = ok(
      parse(
        file([
          HEAD_11,
          row11('2025/06/09', 'EXAMPLE SOFTWARE利用国USA', '本人', '1512'),
          cont11(`現地利用額${U.repeat(9)}９．９９０変換レート${U}１５１．３５１円`),
          row11('2025/06/10', 'EXEMPLE PARIS利用国FRA', '本人', '1750'),
          cont11(`現地利用額${U}１０．００変換レート${U}１７５．００円`),
          row11('2025/06/11', 'SAMPLE LONDON利用国GBR', '本人', '2000'),
          cont11(`現地利用額${U}１０．００変換レート${U}２００．００円`),
          row11('2025/06/12', 'SAMPLE HAWAII利用国USA', '本人', '3000'),
          cont11(`現地利用額${U}３０００．０００変換レート${U}１．０００円`),
        ]),
      ),
    );
    expect(st.rows.map((r) => [r.line, r.amount, r.originalAmount, r.originalCurrency, r.fxRate, r.details?.country])).toEqual([
      [2, 1512, 999, 'USD', '151.351', 'USA'],
      [4, 1750, 1000, 'EUR', '175.00', 'FRA'],
      // The country does not tell the currency: keep the rate and the raw text only.
      [6, 2000, null, null, '200.00', 'GBR'],
      // Rate 1.000: the merchant billed in yen — not foreign use (the text is kept).
      [8, 3000, null, null, null, 'USA'],
    ]);
    expect(st.rows[2]!.details!.foreign).toBe(`現地利用額${U}１０．００変換レート${U}２００．００円`);
    expect(st.rows).toHaveLength(4);
  });

  it('reads the currency code or sign the text prints, before any guess from the country', () => {
    const st = ok(
      parse(
        file([
          HEAD_11,
          row11('2025/06/09', 'SAMPLE LONDON利用国GBR', '本人', '2000'),
          cont11(`現地利用額${U}１０．００ＧＢＰ変換レート${U}２００．００円`),
          row11('2025/06/10', 'SAMPLE ZURICH利用国CHE', '本人', '1750'),
          cont11(`現地利用額${U}€１０．００変換レート${U}１７５．００円`),
          row11('2025/06/11', 'SAMPLE SEOUL利用国KOR', '本人', '1100'),
          cont11(`現地利用額${U}１００００ウォン変換レート${U}０．１１０円`),
          row11('2025/06/12', 'SAMPLE SINGAPORE利用国SGP', '本人', '1150'),
          cont11(`現地利用額${U}Ｓ＄１０．００変換レート${U}１１５．００円`),
          // A code that is not a currency is no answer; the country (USA) still is.
          row11('2025/06/13', 'SAMPLE NYC利用国USA', '本人', '1515'),
          cont11(`現地利用額${U}９．９９０変換レート${U}１５１．６６０円`),
          // A yen code or rate 1: billed in yen.
          row11('2025/06/14', 'SAMPLE HAWAII利用国USA', '本人', '3000'),
          cont11(`現地利用額${U}３０００ＪＰＹ変換レート${U}１．０００円`),
        ]),
      ),
    );
    expect(st.rows.map((r) => [r.description, r.originalAmount, r.originalCurrency, r.fxRate])).toEqual([
      ['SAMPLE LONDON利用国GBR', 1000, 'GBP', '200.00'],
      ['SAMPLE ZURICH利用国CHE', 1000, 'EUR', '175.00'],
      ['SAMPLE SEOUL利用国KOR', 10000, 'KRW', '0.110'],
      ['SAMPLE SINGAPORE利用国SGP', 1000, 'SGD', '115.00'],
      ['SAMPLE NYC利用国USA', 999, 'USD', '151.660'],
      ['SAMPLE HAWAII利用国USA', null, null, null],
    ]);
  });

  it('keeps other continuation text (ETC detail) in details.note and never makes it a row', () => {
    const st = ok(parse(file([HEAD_11, row11('2025/05/30', `ＥＴＣ${U}サンプル高速`, 'ETC', '870'), cont11(`サンプルＩＣ－テストＩＣ${U}`), cont11('普通車')])));
    expect(st.rows).toHaveLength(1);
    expect(st.rows[0]!.details).toEqual({ note: 'サンプルＩＣ－テストＩＣ / 普通車' });
  });

  it('warns about a continuation row before any transaction and a one-cell note row, and skips them', () => {
    const st = ok(parse(file([HEAD_11, cont11('現地利用額 1.00'), row11('2025/06/01', 'A', '本人', '100'), q('お知らせ', '', '', '', '', '', '', '', '', '', '')])));
    expect(st.rows).toHaveLength(1);
    expect(st.warnings.map((w) => w.line)).toEqual([2, 4]);
  });
});

describe('rakuten — ■ご利用キャンセルなど', () => {
  it('makes cancellations negative refunds whether the file prints them positive or negative', () => {
    const st = ok(
      parse(
        file([
          HEAD_12,
          q('2025/06/28', 'サンプルカフェ', '本人', '1回払い', '650', '0', '650', '7月', '650', '650', '0', ''),
          q('■ご利用キャンセルなど', '', '', '', '', '', '', '', '', '', '', ''),
          q('2025/06/15', 'サンプルカフェ', '本人', '1回払い', '650', '0', '650', '7月', '650', '650', '0', ''),
          q('2025/06/16', 'テスト書店', '家族', '1回払い', '-1200', '0', '-1200', '7月', '-1200', '-1200', '0', ''),
        ]),
      ),
    );
    expect(st.rows.map((r) => [r.line, r.amount, r.kind, r.billedAmount, r.details?.section ?? null])).toEqual([
      [2, 650, 'purchase', null, null],
      [4, -650, 'refund', null, '■ご利用キャンセルなど'],
      [5, -1200, 'refund', null, '■ご利用キャンセルなど'],
    ]);
  });

  it('keeps a cancelled foreign purchase negative in both currencies', () => {
    const st = ok(
      parse(file([HEAD_11, q('■ご利用キャンセルなど', '', '', '', '', '', '', '', '', '', ''), row11('2025/06/17', 'EXAMPLE SOFTWARE利用国USA', '本人', '1512'), cont11('現地利用額　９．９９０変換レート　１５１．３５１円')])),
    );
    expect(st.rows[0]).toMatchObject({ amount: -1512, originalAmount: -999, originalCurrency: 'USD', kind: 'refund' });
  });

  it('books 返済方法変更ＷＥＢ rows as other, not spending', () => {
    const st = ok(parse(file([HEAD_11, row11('2025/06/01', '返済方法変更ＷＥＢ（リボ）', '本人', '5000')])));
    expect(st.rows[0]!.kind).toBe('other');
  });
});

describe('rakuten — file shapes', () => {
  it('skips blank rows of empty quoted fields and truly empty lines, keeping line numbers', () => {
    const st = ok(parse(file([HEAD_11, row11('2025/06/01', 'A', '本人', '100'), blank11, '', row11('2025/06/02', 'B', '本人', '200'), '', ''])));
    expect(st.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('tolerates blank lines above the header (the doc knows no preamble)', () => {
    const st = ok(parse(file(['', blank11, HEAD_11, row11('2025/06/01', 'A', '本人', '100')])));
    expect(st.rows.map((r) => r.line)).toEqual([4]);
  });

  const NAME = 'rakuten_enavi_settled_11col.csv';
  const bytes = sample(NAME);

  it('reads the sample with LF line endings the same way', () => {
    const text = new TextDecoder().decode(bytes).replace(/\r\n/g, '\n');
    const { original } = expectSameStatement(utf8(text), bytes, NAME);
    expect(original.statement.format).toBe('rakuten');
  });

  it('reads a spreadsheet re-save (UTF-8 with BOM, no quotes) the same way', () => {
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    const resaved = readCsv(text)
      .map((r) => r.cells.join(','))
      .join('\r\n');
    expect(resaved).not.toContain('"');
    const { original, copy } = expectSameStatement(utf8(BOM + resaved + '\r\n'), bytes, NAME);
    expect(original.statement.format).toBe('rakuten');
    expect(copy.encoding).toBe('utf-8');
  });
});

describe('rakuten — bad input', () => {
  it('rejects a truncated row, naming its line', () => {
    expectRejected(rakuten, file([HEAD_11, row11('2025/06/01', 'A', '本人', '100'), q('2025/06/02', 'サンプル', '本人')]), [{ line: 3, message: expect.stringContaining('3 fields') }]);
  });

  it('rejects a bad amount, naming its line', () => {
    expectRejected(rakuten, file([HEAD_11, row11('2025/06/01', 'A', '本人', '100'), row11('2025/06/02', 'B', '本人', '12x0')]), [{ line: 3, message: expect.stringContaining('12x0') }]);
  });

  it('rejects a bad date and an amount without a date', () => {
    expectRejected(rakuten, file([HEAD_11, row11('2025/02/30', 'A', '本人', '100'), q('', 'B', '本人', '1回払い', '200', '0', '200', '200', '200', '0', '*')]), [
      { line: 2, message: 'date: not a date: "2025/02/30"' },
      { line: 3, message: 'date: empty on a row with an amount' },
    ]);
  });

  it('rejects a file with a header and no rows, naming the header line', () => {
    expectRejected(rakuten, file(['', HEAD_11, blank11]), [{ line: 2, message: expect.stringContaining('no transaction rows') }]);
  });
});

describe('rakuten — detection', () => {
  const detect = (text: string) => detects(rakuten, text);

  it('does not claim PayPay (支払区分) or plain 利用日/利用店名・商品名/利用金額 files', () => {
    expect(detect(HEAD_10_FEE)).toBe(true);
    expect(detect(HEAD_11)).toBe(true);
    expect(detect(HEAD_12)).toBe(true);
    expect(detect(q('利用日/キャンセル日', '利用店名・商品名', '利用者', '支払区分', '利用金額', '手数料', '支払総額', '当月支払金額', '翌月以降繰越金額', '調整額', '当月お支払日'))).toBe(false);
    expect(detect(q('利用日', '利用店名・商品名', '利用者', '支払区分', '利用金額', '手数料', '支払総額', '当月支払金額', '翌月以降繰越金額'))).toBe(false);
    expect(detect('利用日,利用店名・商品名,利用金額\n2025/06/01,A,100')).toBe(false);
  });

  it('claims its own samples and none of the other shared samples', () => {
    expect(claimedSamples(rakuten)).toEqual(['rakuten_enavi_latest_12col.csv', 'rakuten_enavi_old_10col.csv', 'rakuten_enavi_settled_11col.csv']);
  });
});
