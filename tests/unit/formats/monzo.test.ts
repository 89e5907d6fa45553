/**
 * Monzo (doc §15.4): day-first dates, the flipped account-side sign, local amount/currency as the
 * foreign side, 16- and 20-column exports, Money Out/In as a fallback, LF/BOM copies, bad input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/import/csv';
import { decodeText } from '../../../src/core/encoding';
import { parseStatementFile, type ParseFileResult } from '../../../src/core/import/detect';
import { monzo } from '../../../src/core/import/formats/international';

const SAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'samples', 'monzo.csv'), 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (text: string) => parseStatementFile(utf8(text), { defaultCurrency: 'JPY', fileName: 'monzo.csv' });
const H18 = 'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In';
const H16 = 'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split';

function ok(r: ParseFileResult) {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  return r;
}

function fail(r: ParseFileResult) {
  if (r.ok) throw new Error(`expected the file to be rejected, got ${r.statement.rows.length} rows`);
  return r;
}

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
    expect(ok(parse(SAMPLE.replace(/\r\n/g, '\n'))).statement.rows).toEqual(original.statement.rows);
    expect(ok(parse('\uFEFF' + SAMPLE)).statement.rows).toEqual(original.statement.rows);
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
    const r = fail(parse(text));
    expect(r.format).toBe('monzo');
    expect(r.errors.map((e) => e.line)).toEqual([2, 3]);
  });

  it('rejects a truncated row, naming its line', () => {
    const text = [H18, 'tx_1,03/04/2025,10:00:00,Card payment,Sample Shop,,Shopping'].join('\n');
    expect(fail(parse(text)).errors).toEqual([{ line: 2, message: expect.stringContaining('truncated') }]);
  });

  it('claims only its own sample', () => {
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'samples');
    const claimed = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .filter((f) => {
        const d = decodeText(new Uint8Array(readFileSync(join(dir, f))));
        if (!d.ok) throw new Error(f);
        return monzo.detect(readCsv(d.text).slice(0, 40), f);
      });
    expect(claimed).toEqual(['monzo.csv']);
  });
});
