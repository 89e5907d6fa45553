/**
 * d card: the Vpass block layout with an 8th column (a guess from one re-saved statement, §9).
 * CP932 fixtures are written by tests/fixtures/formats/smbc/make.py.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import { parseStatementFile, type ParseFileResult } from '../../../src/core/import/detect';
import { dcard } from '../../../src/core/import/formats/smbc';

const SAMPLES = join(import.meta.dirname, '..', '..', 'fixtures', 'samples');
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'formats', 'dcard');
const U = '\u3000';

const utf8 = (s: string) => new TextEncoder().encode(s);
const sjis = (bytes: Uint8Array) => new TextDecoder('shift_jis').decode(bytes);
const parse = (bytes: Uint8Array, fileName = 'meisai.csv') => parseStatementFile(bytes, { defaultCurrency: 'JPY', fileName });

function ok(r: ParseFileResult) {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  expect(r.statement.format).toBe('dcard');
  return r;
}

describe('dcard', () => {
  it('reads two d card GOLD blocks with digits, a filled 8th column and a comma in a merchant', () => {
    const r = ok(parse(readFileSync(join(FIXTURES, 'gold-two-blocks.csv'))));
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

  const bytes = readFileSync(join(SAMPLES, 'dcard_guess.csv'));
  const expected = ok(parse(bytes)).statement;

  it('reads the sample re-saved as UTF-8 with BOM and with LF line endings the same way', () => {
    const st = ok(parse(utf8('\uFEFF' + sjis(bytes).replace(/\r\n/g, '\n')))).statement;
    expect(st.rows).toEqual(expected.rows);
    expect(st.total).toEqual(expected.total);
  });

  it('rejects a bad amount, naming its line', () => {
    const r = parse(readFileSync(join(FIXTURES, 'bad-amount.csv')));
    if (r.ok) throw new Error('expected a rejection');
    expect(r.format).toBe('dcard');
    expect(r.errors).toEqual([{ line: 3, message: expect.stringContaining('4224x') }]);
  });

  it('is told from Vpass by the block line card name only', () => {
    const detect = (text: string) => dcard.detect(readCsv(text).slice(0, 40), 'x.csv');
    expect(detect(`ヤマダ${U}タロウ${U}様,5302-42**-****-0000,ｄカードＧＯＬＤ`)).toBe(true);
    expect(detect(`ヤマダ${U}タロウ${U}様,5302-42**-****-0000,dカード GOLD U`)).toBe(true);
    expect(detect(`ヤマダ${U}タロウ${U}様,4980-00**-****-****,三井住友カード`)).toBe(false);
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.csv') && !n.startsWith('dcard'))) {
      const b = readFileSync(join(SAMPLES, f));
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        text = sjis(b);
      }
      expect(dcard.detect(readCsv(text).slice(0, 40), f), f).toBe(false);
    }
  });
});
