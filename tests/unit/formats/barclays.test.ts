/**
 * Barclays (doc §15.5): day-first dates, the flipped account-side sign, `null` numbers, padded
 * memos kept inside, the account's last four digits, LF/BOM copies, bad input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import { decodeText } from '../../../src/core/encoding';
import { parseStatementFile, type ParseFileResult } from '../../../src/core/import/detect';
import { barclays } from '../../../src/core/import/formats/international';

const SAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'samples', 'barclays.csv'), 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (text: string) => parseStatementFile(utf8(text), { defaultCurrency: 'JPY', fileName: 'barclays.csv' });
const HEADER = 'Number,Date,Account,Amount,Subcategory,Memo';

function ok(r: ParseFileResult) {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  return r;
}

function fail(r: ParseFileResult) {
  if (r.ok) throw new Error(`expected the file to be rejected, got ${r.statement.rows.length} rows`);
  return r;
}

describe('barclays', () => {
  const original = ok(parse(SAMPLE));

  it('reads the sample with charges positive and income as other', () => {
    expect(original.statement.format).toBe('barclays');
    expect(original.statement.rows.map((r) => [r.line, r.date, r.amount, r.kind])).toEqual([
      [2, '2025-06-14', 2350, 'purchase'],
      [3, '2025-06-13', 4000, 'purchase'],
      [4, '2025-06-10', -120000, 'other'],
    ]);
    expect(original.statement.rows[0]!.description).toBe('SAMPLE GROCER      ON 12 JUN          CLP');
  });

  it('gives the same rows with LF line endings and with a BOM', () => {
    expect(ok(parse(SAMPLE.replace(/\r\n/g, '\n'))).statement.rows).toEqual(original.statement.rows);
    expect(ok(parse('\uFEFF' + SAMPLE)).statement.rows).toEqual(original.statement.rows);
  });

  it('classifies money in: card refund, card repayment; keeps a real Number; two accounts', () => {
    const text = [
      HEADER,
      '000123,03/04/2025,20-00-00 12345678,5.00,PAYMENT,SAMPLE SHOP REFUND   ',
      'null,04/04/2025,20-00-00 87654321,100.00,OTH,PAYMENT RECEIVED THANK YOU',
    ].join('\n');
    const r = ok(parse(text));
    expect(r.statement.rows.map((row) => [row.date, row.amount, row.kind, row.description, row.details])).toEqual([
      ['2025-04-03', -500, 'refund', 'SAMPLE SHOP REFUND', { subcategory: 'PAYMENT', number: '000123' }],
      ['2025-04-04', -10000, 'payment', 'PAYMENT RECEIVED THANK YOU', { subcategory: 'OTH' }],
    ]);
    expect(r.statement.card).toMatchObject({ lastDigits: '5678', otherDigits: ['4321'] });
  });

  it('rejects a bad amount and a truncated row, naming their lines', () => {
    const text = [HEADER, 'null,14/06/2025,00-00-00 00000000,-23.50,PAYMENT,SAMPLE', 'null,13/06/2025,00-00-00 00000000,-4O.00,DIRECTDEBIT,SAMPLE', 'null,12/06/2025'].join('\n');
    const r = fail(parse(text));
    expect(r.format).toBe('barclays');
    expect(r.errors).toEqual([
      { line: 3, message: expect.stringContaining('-4O.00') },
      { line: 4, message: expect.stringContaining('truncated') },
    ]);
  });

  it('claims only its own sample', () => {
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'samples');
    const claimed = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .filter((f) => {
        const d = decodeText(new Uint8Array(readFileSync(join(dir, f))));
        if (!d.ok) throw new Error(f);
        return barclays.detect(readCsv(d.text).slice(0, 40), f);
      });
    expect(claimed).toEqual(['barclays.csv']);
  });
});
