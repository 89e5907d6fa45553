/**
 * Chase US credit card (doc §15.3): the flipped sign convention, Type-based kinds, the card digits
 * in Chase's download name, LF and BOM copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { chase } from '../../../src/core/import/formats/international';
import { BOM, claimedSamples, expectRejected, expectSameStatement, ok, parse as parseBytes, sample, utf8 } from './support';

const SAMPLE = new TextDecoder().decode(sample('chase_card.csv'));
const parse = (text: string, fileName = 'chase.csv') => parseBytes(utf8(text), fileName);
const HEADER = 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo';

describe('chase', () => {
  const original = ok(parse(SAMPLE));

  it('flips the signs: purchases positive, return and payment negative', () => {
    expect(original.statement.format).toBe('chase');
    expect(original.statement.rows.map((r) => [r.line, r.amount, r.kind])).toEqual([
      [2, 475, 'purchase'],
      [3, 3210, 'purchase'],
      [4, -1200, 'refund'],
      [5, -25000, 'payment'],
    ]);
  });

  it('gives the same rows with LF line endings and with a BOM', () => {
    expectSameStatement(utf8(SAMPLE.replace(/\r\n/g, '\n')), utf8(SAMPLE), 'chase.csv');
    expectSameStatement(utf8(BOM + SAMPLE), utf8(SAMPLE), 'chase.csv');
  });

  it('maps Fee and Adjustment types and keeps the memo', () => {
    const text = [HEADER, '06/20/2025,06/20/2025,LATE FEE,Fees & Adjustments,Fee,-40.00,', '06/21/2025,06/21/2025,LATE FEE REVERSAL,Fees & Adjustments,Adjustment,40.00,courtesy credit'].join('\n');
    const rows = ok(parse(text)).statement.rows;
    expect(rows.map((r) => [r.amount, r.kind])).toEqual([
      [4000, 'fee'],
      [-4000, 'refund'],
    ]);
    expect(rows[1]!.details).toEqual({ category: 'Fees & Adjustments', type: 'Adjustment', memo: 'courtesy credit' });
  });

  it('takes the card digits from Chase’s download name', () => {
    expect(ok(parse(SAMPLE, 'Chase1234_Activity20250601_20250630_20250701.CSV')).statement.card.lastDigits).toBe('1234');
  });

  it('rejects a bad amount and a truncated row, naming their lines', () => {
    const text = [HEADER, '06/14/2025,06/15/2025,EXAMPLE COFFEE CO,Food & Drink,Sale,-4.75,', '06/12/2025,06/13/2025,SAMPLE,Home,Sale,abc,', '06/11/2025,06/12/2025,SAMPLE'].join('\n');
    expectRejected(chase, text, [
      { line: 3, message: expect.stringContaining('abc') },
      { line: 4, message: expect.stringContaining('truncated') },
    ], 'chase.csv');
  });

  it('claims only its own sample', () => {
    expect(claimedSamples(chase)).toEqual(['chase_card.csv']);
  });
});
