/**
 * Barclays (doc §15.5): day-first dates, the flipped account-side sign, `null` numbers, padded
 * memos kept inside, the account's last four digits, LF/BOM copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { barclays } from '../../../src/core/import/formats/international';
import { BOM, claimedSamples, expectRejected, expectSameStatement, ok, parse as parseBytes, sample, utf8 } from './support';

const SAMPLE = new TextDecoder().decode(sample('barclays.csv'));
const parse = (text: string) => parseBytes(utf8(text), 'barclays.csv');
const HEADER = 'Number,Date,Account,Amount,Subcategory,Memo';

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
    expectSameStatement(utf8(SAMPLE.replace(/\r\n/g, '\n')), utf8(SAMPLE), 'barclays.csv');
    expectSameStatement(utf8(BOM + SAMPLE), utf8(SAMPLE), 'barclays.csv');
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
    expectRejected(barclays, text, [
      { line: 3, message: expect.stringContaining('-4O.00') },
      { line: 4, message: expect.stringContaining('truncated') },
    ], 'barclays.csv');
  });

  it('claims only its own sample', () => {
    expect(claimedSamples(barclays)).toEqual(['barclays.csv']);
  });
});
