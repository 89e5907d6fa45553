/**
 * Monzo (doc §15.4): day-first dates, the flipped account-side sign, local amount/currency as the
 * foreign side, 16- and 20-column exports, Money Out/In as a fallback, LF/BOM copies, bad input.
 */
import { describe, expect, it } from 'vitest';
import { monzo } from '../../../src/core/import/formats/international';
import { BOM, claimedSamples, expectRejected, expectSameStatement, ok, parse as parseBytes, sample, utf8 } from './support';

const SAMPLE = new TextDecoder().decode(sample('monzo.csv'));
const parse = (text: string) => parseBytes(utf8(text), 'monzo.csv');
const H18 = 'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In';
const H16 = 'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split';

describe('monzo', () => {
  const original = ok(parse(SAMPLE));

  it('reads the sample: money out positive, EUR local amount as the foreign side, salary as other', () => {
    expect(original.statement.format).toBe('monzo');
    expect(original.statement.rows.map((r) => [r.line, r.date, r.amount, r.originalAmount, r.originalCurrency, r.kind])).toEqual([
      [2, '2025-06-14', 1240, null, null, 'purchase'],
      [3, '2025-06-15', 410, 480, 'EUR', 'purchase'],
      [4, '2025-06-16', -150000, null, null, 'other'],
    ]);
  });

  it('gives the same rows with LF line endings and with a BOM', () => {
    expectSameStatement(utf8(SAMPLE.replace(/\r\n/g, '\n')), utf8(SAMPLE), 'monzo.csv');
    expectSameStatement(utf8(BOM + SAMPLE), utf8(SAMPLE), 'monzo.csv');
  });

  it('reads the 16-column export (no Money Out / Money In) and a card refund', () => {
    const text = [H16, 'tx_1,03/04/2025,10:00:00,Card payment,Sample Shop,,Shopping,7.50,GBP,7.50,GBP,,,,SAMPLE SHOP,'].join('\n');
    const [row] = ok(parse(text)).statement.rows;
    expect(row).toMatchObject({ date: '2025-04-03', amount: -750, kind: 'refund', originalAmount: null });
  });

  it('reads the 20-column export with Balance columns', () => {
    const text = [`${H18},Balance,Balance currency`, 'tx_1,03/04/2025,10:00:00,Card payment,Sample Shop,,Shopping,-7.50,GBP,-7.50,GBP,,,,SAMPLE SHOP,,7.50,,992.50,GBP'].join('\n');
    expect(ok(parse(text)).statement.rows[0]).toMatchObject({ amount: 750, kind: 'purchase' });
  });

  it('falls back to Money Out / Money In when Amount is empty, whatever their sign', () => {
    const text = [
      H18,
      'tx_1,03/04/2025,10:00:00,Card payment,Sample Shop,,Shopping,,GBP,,GBP,,,,SAMPLE SHOP,,7.50,',
      'tx_2,04/04/2025,10:00:00,Card payment,Sample Shop,,Shopping,,GBP,,GBP,,,,SAMPLE SHOP,,-2.50,',
      'tx_3,05/04/2025,10:00:00,Card payment,Sample Shop,,Shopping,,GBP,,GBP,,,,SAMPLE SHOP,,,1.00',
    ].join('\n');
    expect(ok(parse(text)).statement.rows.map((r) => [r.amount, r.kind])).toEqual([
      [750, 'purchase'],
      [250, 'purchase'],
      [-100, 'refund'],
    ]);
  });

  it('treats pot moves and transfers as other', () => {
    const text = [H18, 'tx_1,03/04/2025,10:00:00,Pot transfer,Savings,,Savings,-100.00,GBP,-100.00,GBP,,,,POT,,-100.00,'].join('\n');
    expect(ok(parse(text)).statement.rows[0]).toMatchObject({ amount: 10000, kind: 'other' });
  });

  it('rejects a month-first date and a bad local amount, naming their lines', () => {
    const text = [
      H18,
      'tx_1,06/14/2025,10:00:00,Card payment,Sample Shop,,Shopping,-7.50,GBP,-7.50,GBP,,,,SAMPLE SHOP,,-7.50,',
      'tx_2,15/06/2025,10:00:00,Card payment,Sample Cafe,,Eating out,-4.10,GBP,-4.8.0,EUR,,,,SAMPLE CAFE,,-4.10,',
    ].join('\n');
    expectRejected(
      monzo,
      text,
      [
        { line: 2, message: expect.stringContaining('06/14/2025') },
        { line: 3, message: expect.stringContaining('-4.8.0') },
      ],
      'monzo.csv',
    );
  });

  it('rejects a truncated row, naming its line', () => {
    const text = [H18, 'tx_1,03/04/2025,10:00:00,Card payment,Sample Shop,,Shopping'].join('\n');
    expectRejected(monzo, text, [{ line: 2, message: expect.stringContaining('truncated') }], 'monzo.csv');
  });

  it('claims only its own sample', () => {
    expect(claimedSamples(monzo)).toEqual(['monzo.csv']);
  });
});
