/**
 * American Express US (doc §15.1): 13/11/5-column layouts, line breaks inside quoted fields,
 * blank rows before the header, LF and BOM copies, the UK file left alone, bad input.
 */
import { describe, expect, it } from 'vitest';
import { amexUs } from '../../../src/core/import/formats/international';
import { BOM, claimedSamples, detects, expectRejected, expectSameStatement, ok, parse as parseBytes, sample, utf8 } from './support';

const SAMPLE = new TextDecoder().decode(sample('amex_us_activity.csv'));
const parse = (text: string) => parseBytes(utf8(text), 'activity.csv');

const H11 = 'Date,Description,Amount,Extended Details,Appears On Your Statement As,Address,City/State,Zip Code,Country,Reference,Category';

describe('amex-us', () => {
  const original = ok(parse(SAMPLE));

  it('keeps a record with line breaks in quoted fields whole, numbered by its first line', () => {
    expect(original.statement.format).toBe('amex-us');
    expect(original.statement.rows.map((r) => [r.line, r.date, r.amount, r.kind])).toEqual([
      [2, '2025-06-14', 5420, 'purchase'],
      [6, '2025-06-10', 1599, 'purchase'],
      [7, '2025-06-05', -50000, 'payment'],
    ]);
    expect(original.statement.rows[0]!.details?.cityState).toBe('SAMPLETOWN\nCA');
  });

  it('gives the same rows with LF line endings and with a BOM', () => {
    expectSameStatement(utf8(SAMPLE.replace(/\r\n/g, '\n')), utf8(SAMPLE), 'activity.csv');
    expectSameStatement(utf8(BOM + SAMPLE), utf8(SAMPLE), 'activity.csv');
  });

  it('finds the header after blank rows and skips blank rows between records', () => {
    const text = ['', ',,,,,,,,,,,,', SAMPLE.split('\r\n')[0], ...SAMPLE.split('\r\n').slice(1, 5), ',,,,,,,,,,,,', ...SAMPLE.split('\r\n').slice(5)].join('\r\n');
    const r = ok(parse(text));
    expect(r.statement.rows.map((row) => [row.line, row.amount])).toEqual([
      [4, 5420],
      [9, 1599],
      [10, -50000],
    ]);
  });

  it('reads the 11-column layout (no cardholder columns)', () => {
    const text = [H11, "06/10/2025,SAMPLE STREAMING SVC,15.99,,SAMPLE STREAMING SVC,,,,,'320250000000000002',Entertainment-Associations"].join('\n');
    const r = ok(parse(text));
    expect(r.statement.card).toEqual({ issuer: 'amex-us', suggestedName: 'American Express', lastDigits: null, currency: 'USD' });
    expect(r.statement.rows[0]).toMatchObject({ amount: 1599, currency: 'USD', cardholder: null, details: { reference: '320250000000000002' } });
  });

  it('reads the short layout with Card Member and Account #, several members', () => {
    const text = ['Date,Description,Card Member,Account #,Amount', '06/14/2025,EXAMPLE GROCERY,JANE DOE,-11111,54.20', '06/15/2025,SAMPLE BOOKS,JOHN DOE,-22222,"1,005.00"'].join('\n');
    const r = ok(parse(text));
    expect(r.statement.card).toMatchObject({ lastDigits: '11111', otherDigits: ['22222'] });
    expect(r.statement.rows.map((row) => [row.amount, row.cardholder])).toEqual([
      [5420, { name: 'JANE DOE', role: 'unknown', lastDigits: '11111' }],
      [100500, { name: 'JOHN DOE', role: 'unknown', lastDigits: '22222' }],
    ]);
  });

  it('classifies a charge in the Fees & Adjustments category as a fee', () => {
    const text = [H11, '06/01/2025,ANNUAL MEMBERSHIP FEE,695.00,,,,,,,,Fees & Adjustments-Fees & Adjustments'].join('\n');
    expect(ok(parse(text)).statement.rows[0]!.kind).toBe('fee');
  });

  it('reads dates month-first even when the day is 12 or less', () => {
    const text = [H11, '03/04/2025,SAMPLE,1.00,,,,,,,,'].join('\n');
    expect(ok(parse(text)).statement.rows[0]!.date).toBe('2025-03-04');
  });

  it('does not claim the UK file (Town/City, Postcode)', () => {
    const uk = 'Date,Description,Amount,Extended Details,Appears On Your Statement As,Address,Town/City,Postcode,Country,Reference,Category';
    expect(detects(amexUs, `${uk}\n14/06/2025,X,1.00,,,,,,,,`, 'activity.csv')).toBe(false);
  });

  it('rejects a bad amount and a truncated row, naming their lines', () => {
    const text = [H11, '06/10/2025,SAMPLE STREAMING SVC,15.99,,,,,,,,', '06/11/2025,SAMPLE,12.3.4,,,,,,,,', '06/12/2025,SAMPLE'].join('\n');
    expectRejected(amexUs, text, [
      { line: 3, message: expect.stringContaining('12.3.4') },
      { line: 4, message: expect.stringContaining('truncated') },
    ], 'activity.csv');
  });

  it('rejects a day-first date, naming its line', () => {
    expectRejected(amexUs, [H11, '14/06/2025,SAMPLE,1.00,,,,,,,,'].join('\n'), [{ line: 2, message: expect.stringContaining('14/06/2025') }], 'activity.csv');
  });

  it('claims only its own sample', () => {
    expect(claimedSamples(amexUs)).toEqual(['amex_us_activity.csv']);
  });
});
