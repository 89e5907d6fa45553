/**
 * SMBC Vpass: the settled block layout (7 fields, no header) and the not-yet-settled 13-field
 * layout. CP932 fixtures are written by tests/fixtures/formats/smbc/make.py; UTF-8 re-saves and
 * LF copies are derived from the shared sample here.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import type { ParseFileResult } from '../../../src/core/import/detect';
import { smbcVpass } from '../../../src/core/import/formats/smbc';
import { BOM, claimedSamples, cp932Text, detects, expectRejected, expectSameStatement, fixture as fixtureBytes, ok as parsed, parse, sample, toLf, U, utf8 } from './support';

const ok = (r: ParseFileResult) => parsed(r, 'smbc');
const smbcFile = (name: string) => fixtureBytes(`formats/smbc/${name}`);
const fixture = (name: string) => parse(smbcFile(name), name);
/** The file is refused as a Vpass statement with exactly these problems. */
const rejected = (name: string, errors: unknown[]) => expectRejected(smbcVpass, smbcFile(name), errors, name);

describe('smbc — settled card blocks', () => {
  const r = ok(fixture('family-blocks.csv'));
  const st = r.statement;
  const taro = { name: `ヤマダ${U}タロウ`, role: 'unknown', lastDigits: '1234' };
  const hanako = { name: `ヤマダ${U}ハナコ`, role: 'unknown', lastDigits: '5678' };
  const nl = '三井住友カード（ＮＬ）';

  it('is CP932 and names both cards', () => {
    expect(r.encoding).toBe('shift_jis');
    expect(st.card).toEqual({ issuer: 'smbc', suggestedName: '三井住友カード', lastDigits: '1234', otherDigits: ['5678'], currency: 'JPY' });
  });

  it('reads payment codes (half- and full-width), instalments, revolving, bonus, a fee without ご利用金額 and a refund', () => {
    expect(st.rows.slice(0, 6).map((x) => [x.line, x.description, x.amount, x.kind, x.paymentPlan, x.billedAmount, x.cardholder, x.details])).toEqual([
      [2, 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 3000, 'purchase', null, null, taro, { block: nl }],
      [3, 'サンプル家電', 36000, 'purchase', '3回払い', 12000, taro, { block: nl, paymentCode: '３', instalment: '1' }],
      [4, 'テストショップ', 5000, 'purchase', 'リボ', 2000, taro, { block: nl, paymentCode: 'リ' }],
      [5, 'サンプル旅行', 20000, 'purchase', 'ボーナス払い', 0, taro, { block: nl, paymentCode: 'ボ' }],
      [6, '年会費', 1375, 'fee', null, null, taro, { block: nl }],
      // The dateless Olive-style row below it is a note on this row, not a transaction.
      [7, 'サンプルマート', -1280, 'refund', null, null, taro, { block: nl, note: '７月３１日全額繰上返済' }],
    ]);
  });

  it('repairs unquoted commas in merchants (and keeps one in a memo), reads the foreign memo, switches holder per block', () => {
    expect(st.rows.slice(6).map((x) => [x.line, x.description, x.amount, x.originalAmount, x.originalCurrency, x.fxRate, x.cardholder, x.details])).toEqual([
      [10, 'GITHUB, INC. (GITHUB.COM)', 1513, 1000, 'USD', '151.300', hanako, { block: `${nl}家族カード`, foreign: `10.00${U}USD${U}151.300${U}06 08` }],
      [11, 'A, B, C SHOP', 500, null, null, null, hanako, { block: `${nl}家族カード`, memo: 'メモ,あり' }],
    ]);
    expect(st.rows).toHaveLength(8);
  });

  it('checks the first footer against the billed amounts, skipping ※ notes and a second footer', () => {
    expect(st.total).toEqual({ printed: 19108, computed: 19108, label: 'TOTAL footer (line 13)' });
    expect(st.warnings).toEqual([]);
  });

  it('warns when the footer does not match the rows', () => {
    const m = ok(fixture('mismatch.csv')).statement;
    expect(m.total).toEqual({ printed: 1300, computed: 1280, label: 'TOTAL footer (line 3)' });
    expect(m.warnings).toHaveLength(1);
  });
});

describe('smbc — re-saved copies of the shared sample', () => {
  const NAME = 'smbc_vpass_confirmed.csv';
  const bytes = sample(NAME);

  it('reads LF line endings the same way', () => {
    const { original } = expectSameStatement(toLf(bytes), bytes, NAME);
    expect(original.statement.format).toBe('smbc');
  });

  it('reads a spreadsheet re-save (UTF-8 with BOM, dates unpadded, every row padded to 8 fields) the same way', () => {
    const lines = readCsv(cp932Text(bytes)).map((rec) => {
      const cells = [...rec.cells];
      while (cells.length < 8) cells.push('');
      cells[0] = cells[0]!.replace(/^(\d{4})\/0?(\d{1,2})\/0?(\d{1,2})$/, '$1/$2/$3');
      return cells.join(',');
    });
    expect(lines[0]).toBe(`ヤマダ${U}タロウ${U}様,4980-00**-****-****,三井住友カード（ＮＬ）,,,,,`);
    expect(lines[1]).toBe('2025/5/2,サンプルマート,1280,１,１,1280,,');
    const { copy } = expectSameStatement(utf8(BOM + lines.join('\r\n') + '\r\n'), bytes, NAME);
    expect(copy.encoding).toBe('utf-8');
  });

  it('accepts rows whose trailing empty fields were dropped, a small amount in a padded row, a numeric merchant fragment', () => {
    const text = [
      `ヤマダ${U}タロウ${U}様,4980-00**-****-****,ｉＤ`,
      '2025/05/02,サンプルマート,98,１,１,98',
      '2025/05/03,SHOP,98,１,１,98,,',
      // ` 12` could be read as the amount; the reading where both amounts agree wins.
      '2025/05/04,SHOP, 12,98,１,１,98,',
      ',,,,,294',
    ].join('\r\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((x) => [x.description, x.amount, x.billedAmount])).toEqual([
      ['サンプルマート', 98, null],
      ['SHOP', 98, null],
      ['SHOP, 12', 98, null],
    ]);
    expect(st.total?.computed).toBe(294);
  });

  it('takes the payment month from a bare YYYYMM.csv name only', () => {
    expect(ok(parse(bytes, '202506.csv')).statement.statementMonth).toBe('2025-06');
    expect(ok(parse(bytes, 'vpass_20250615.csv')).statement.statementMonth).toBeNull();
  });
});

describe('smbc — not yet settled (13 fields)', () => {
  it('reads ご本人/ご家族, plans, billed amounts, payment months with and without the apostrophe, and a comma in a merchant', () => {
    const st = ok(fixture('unconfirmed-variants.csv')).statement;
    expect(st.statementMonth).toBe('2025-07');
    expect(st.total).toBeNull();
    expect(st.card).toEqual({ issuer: 'smbc', suggestedName: '三井住友カード', lastDigits: null, currency: 'JPY' });
    expect(st.rows.map((x) => [x.line, x.date, x.description, x.amount, x.billedAmount, x.paymentPlan, x.cardholder?.role, x.status, x.details])).toEqual([
      [1, '2025-06-03', 'EXAMPLE, INC. (EXAMPLE.COM)', 1513, null, null, 'primary', 'unconfirmed', { paymentMonth: '2025-07' }],
      [2, '2025-06-05', 'サンプル家電', 50000, 5000, 'リボ', 'family', 'unconfirmed', { paymentMonth: '2025-07' }],
      [3, '2025-06-09', 'テスト旅行', 80000, 0, 'ボーナス一括', 'primary', 'unconfirmed', { paymentMonth: '2025-08' }],
      [4, '2025-06-10', 'テスト書店', 2200, null, null, 'primary', 'unconfirmed', { paymentMonth: '2025-07' }],
    ]);
  });

  it('reads a foreign memo in the trailing fields into the original amount, currency and printed rate', () => {
    const st = ok(fixture('unconfirmed-foreign.csv')).statement;
    expect(st.rows.map((x) => [x.description, x.amount, x.originalAmount, x.originalCurrency, x.fxRate, x.status, x.details])).toEqual([
      ['EXAMPLE, INC. (EXAMPLE.COM)', 1500, 999, 'USD', '150.150', 'unconfirmed', { paymentMonth: '2025-07', foreign: `9.99${U}USD${U}150.150${U}06 04` }],
      [`ＥＴＣ${U}サンプル道路`, 640, null, null, null, 'unconfirmed', { paymentMonth: '2025-07', etcRoute: `自テスト東${U}${U}至テスト西` }],
      // A refund's original amount is on the same side as its billed amount.
      ['REFUND SHOP', -1500, -1000, 'USD', '150.000', 'unconfirmed', { paymentMonth: '2025-07', foreign: `10.00${U}USD${U}150.000${U}06 05` }],
    ]);
  });

  it('reads the unconfirmed sample re-saved as UTF-8 with BOM and LF the same way', () => {
    const bytes = sample('smbc_vpass_unconfirmed.csv');
    const { original } = expectSameStatement(utf8(BOM + cp932Text(bytes).replace(/\r\n/g, '\n')), bytes);
    expect(original.statement.format).toBe('smbc');
  });

  it('rejects a bad amount, naming its line', () => {
    rejected('unconfirmed-bad.csv', [{ line: 2, message: expect.stringContaining('二千') }]);
  });
});

describe('smbc — bad input', () => {
  it('rejects a bad amount, naming its line', () => {
    rejected('bad-amount.csv', [{ line: 3, message: expect.stringContaining('12x0') }]);
  });
  it('rejects a bad date, naming its line', () => {
    rejected('bad-date.csv', [{ line: 3, message: expect.stringContaining('2025/13/02') }]);
  });
  it('rejects a truncated row, naming its line', () => {
    rejected('truncated.csv', [{ line: 3, message: expect.stringContaining('3 fields') }]);
  });
  it('rejects a file with block lines but no rows, naming the block line', () => {
    rejected('no-rows.csv', [{ line: 1, message: expect.stringContaining('no transaction rows') }]);
  });
});

describe('smbc — detection', () => {
  const detect = (text: string) => detects(smbcVpass, text);

  it('recognises a block line or a 13-field unsettled row, not a d card block', () => {
    expect(detect(`ヤマダ${U}タロウ${U}様,4980-00**-****-****,三井住友カード\r\n2025/05/02,A,1,１,１,1,`)).toBe(true);
    expect(detect(`\r\nTARO${U}様,0000-0000-0000-0***,GOLD POINT CARD+\r\n`)).toBe(true);
    expect(detect("2022/7/4,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,ご家族,1回払い,,'22/08,3844,3844,,,,,")).toBe(true);
    expect(detect(`ヤマダ${U}タロウ${U}様,5302-00**-****-0000,ｄカード`)).toBe(false);
    expect(detect('利用日,利用店名,利用金額\r\n2025/05/02,A,100')).toBe(false);
  });

  it('claims its own samples and none of the other shared samples', () => {
    expect(claimedSamples(smbcVpass)).toEqual(['smbc_vpass_confirmed.csv', 'smbc_vpass_unconfirmed.csv']);
  });
});
