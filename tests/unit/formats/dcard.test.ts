/**
 * d card: the Vpass block layout with an 8th column (a guess from one re-saved statement, §9).
 * CP932 fixtures are written by tests/fixtures/formats/smbc/make.py.
 */
import { describe, expect, it } from 'vitest';
import type { ParseFileResult } from '../../../src/core/import/detect';
import { dcard } from '../../../src/core/import/formats/smbc';
import { BOM, claimedSamples, cp932Text, detects, expectRejected, expectSameStatement, fixture, ok as parsed, parse, sample, U, utf8 } from './support';

const ok = (r: ParseFileResult) => parsed(r, 'dcard');

describe('dcard', () => {
  it('reads two d card GOLD blocks with digits, a filled 8th column and a comma in a merchant', () => {
    const r = ok(parse(fixture('formats/dcard/gold-two-blocks.csv')));
    const st = r.statement;
    expect(r.encoding).toBe('shift_jis');
    expect(st.card).toEqual({ issuer: 'dcard', suggestedName: 'dカード', lastDigits: '0000', otherDigits: ['1111'], currency: 'JPY' });
    expect(st.total).toEqual({ printed: 7676, computed: 7676, label: 'TOTAL footer (line 6)' });
    expect(st.rows.map((x) => [x.line, x.description, x.amount, x.cardholder?.lastDigits, x.details])).toEqual([
      [2, 'ｄ払いＢ／サンプル電機', 452, '0000', { block: 'ｄカードＧＯＬＤ', memo: 'ｄ払いＢ／サンプル電機テスト店' }],
      [3, 'SAMPLE, LLC', 3000, '0000', { block: 'ｄカードＧＯＬＤ', extra: 'ﾎﾟｲﾝﾄ' }],
      [5, 'テストドラッグ', 4224, '1111', { block: 'ｄカードＧＯＬＤ家族カード' }],
    ]);
    expect(st.rows.every((x) => x.status === 'confirmed' && x.cardholder?.role === 'unknown')).toBe(true);
  });

  it('reads the sample re-saved as UTF-8 with BOM and with LF line endings the same way', () => {
    const bytes = sample('dcard_guess.csv');
    const { original } = expectSameStatement(utf8(BOM + cp932Text(bytes).replace(/\r\n/g, '\n')), bytes);
    expect(original.statement.format).toBe('dcard');
  });

  it('rejects a bad amount, naming its line', () => {
    expectRejected(dcard, fixture('formats/dcard/bad-amount.csv'), [{ line: 3, message: expect.stringContaining('4224x') }]);
  });

  it('is told from Vpass by the block line card name only', () => {
    const detect = (text: string) => detects(dcard, text);
    expect(detect(`ヤマダ${U}タロウ${U}様,5302-42**-****-0000,ｄカードＧＯＬＤ`)).toBe(true);
    expect(detect(`ヤマダ${U}タロウ${U}様,5302-42**-****-0000,dカード GOLD U`)).toBe(true);
    expect(detect(`ヤマダ${U}タロウ${U}様,4980-00**-****-****,三井住友カード`)).toBe(false);
    expect(claimedSamples(dcard)).toEqual(['dcard_guess.csv']);
  });
});
