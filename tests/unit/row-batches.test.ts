/**
 * The compact batches a parallel import's parser thread sends its rows in (row-batches.ts) give
 * back exactly the rows that went in — every format's fixtures, odd values, strings shared across
 * batches — and refuse a row they could not carry exactly. sameRow (the parser thread's check that
 * the whole file reads its first lines as they were sent) tells every field apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../src/core/import/detect';
import type { ParsedRow } from '../../src/core/import/types';
import { sameRow } from '../../src/services/import-parse-worker';
import { RowBatchReader, RowBatchWriter, UnsupportedRow, type RowTexts } from '../../src/services/row-batches';
import { parsedRow } from '../support/rows';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');

function fixtureRows(): ParsedRow[] {
  const rows: ParsedRow[] = [];
  for (const dir of readdirSync(FIXTURES)) {
    if (!statSync(join(FIXTURES, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURES, dir))) {
      if (!/\.(csv|tsv|txt)$/i.test(f)) continue;
      const res = parseStatementFile(new Uint8Array(readFileSync(join(FIXTURES, dir, f))), { defaultCurrency: 'JPY', fileName: f });
      if (res.ok) rows.push(...res.statement.rows);
    }
  }
  return rows;
}

const base: ParsedRow = parsedRow({ date: '2025-06-01', description: 'SHOP', amount: 100 });

/** Rows through writer and reader, in batches of `size`. */
function roundTrip(rows: readonly ParsedRow[], size: number): { rows: ParsedRow[]; keys: bigint[] } {
  const writer = new RowBatchWriter(size);
  const reader = new RowBatchReader();
  const out: ParsedRow[] = [];
  const keys: bigint[] = [];
  const take = () => reader.read(structuredClone(writer.take()), (row, key) => (out.push(row), keys.push(key)));
  rows.forEach((row, i) => {
    writer.add(row, BigInt(i) * -7919n);
    if (writer.full) take();
  });
  take();
  return { rows: out, keys };
}

describe('row batches', () => {
  it('carry every fixture row of every format exactly', () => {
    const rows = fixtureRows();
    expect(rows.length).toBeGreaterThan(50);
    // Foreign amounts, cardholders, details and plans all occur among them.
    for (const has of [(r: ParsedRow) => r.originalAmount !== null, (r: ParsedRow) => r.details, (r: ParsedRow) => r.cardholder, (r: ParsedRow) => r.postedDate, (r: ParsedRow) => r.paymentPlan, (r: ParsedRow) => r.billedAmount !== null]) {
      expect(rows.some(has)).toBe(true);
    }
    const back = roundTrip(rows, 7);
    expect(back.rows).toEqual(rows);
    expect(back.rows.every((r, i) => sameRow(r, rows[i]!))).toBe(true);
    expect(back.keys).toEqual(rows.map((_, i) => BigInt(i) * -7919n));
  });

  it('carry odd values exactly: -0, fractions, huge numbers, empty and unusual strings, details JSON', () => {
    const odd: ParsedRow[] = [
      { ...base, amount: -0, originalAmount: 0, billedAmount: -0 },
      { ...base, amount: 2 ** 53 + 2, originalAmount: -1.5, originalCurrency: 'USD', fxRate: '151.2000' },
      { ...base, description: '', postedDate: '', paymentPlan: '', cardholder: { name: '', role: 'etc', lastDigits: null } },
      { ...base, description: 'ｾﾌﾞﾝ\u3000"quoted",\r\nline 😀', details: { memo: 'a\u0000b', foreign: '80.00 GBP', '1': 'first' } },
      { ...base, details: {}, status: 'unconfirmed', kind: 'refund' },
    ];
    const back = roundTrip(odd, 2);
    expect(back.rows).toEqual(odd);
    expect(Object.is(back.rows[0]!.amount, -0)).toBe(true);
    expect(back.rows.map((r) => (r.details ? JSON.stringify(r.details) : null))).toEqual(odd.map((r) => (r.details ? JSON.stringify(r.details) : null)));
  });

  it('carry the texts derived from a description beside its rows, one RowTexts per description across batches', () => {
    const writer = new RowBatchWriter(2);
    const reader = new RowBatchReader();
    const got: { description: string; texts: RowTexts | null }[] = [];
    const rows = [
      { ...base, description: 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ' },
      { ...base, description: 'ローソン　新宿店 1' },
      { ...base, description: 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ' },
      { ...base, description: 'NO TEXTS SENT' },
    ];
    const texts = (d: string) => ({ merchant: `m:${d}`, search: `s:${d}` });
    rows.forEach((row, i) => {
      writer.add(row, BigInt(i), i === 3 ? undefined : texts(row.description));
      if (writer.full || i === rows.length - 1) reader.read(structuredClone(writer.take()), (r, _key, t) => got.push({ description: r.description, texts: t }));
    });
    expect(got.map((g) => g.texts && { merchant: g.texts.merchant, search: g.texts.search })).toEqual([texts(rows[0]!.description), texts(rows[1]!.description), texts(rows[0]!.description), null]);
    // The same description (sent in another batch) gives the very same object, so the writer works out its facts once.
    expect(got[2]!.texts).toBe(got[0]!.texts);
    expect(got[1]!.texts!.id).not.toBe(got[0]!.texts!.id);
  });

  it('refuse a row they could not give back exactly', () => {
    const refused = (row: unknown) => () => new RowBatchWriter(4).add(row as ParsedRow, 0n);
    expect(refused({ ...base, amount: '100' })).toThrow(UnsupportedRow);
    expect(refused({ ...base, postedDate: undefined })).toThrow(UnsupportedRow);
    expect(refused({ ...base, date: null })).toThrow(UnsupportedRow);
    expect(refused({ ...base, originalAmount: undefined })).toThrow(UnsupportedRow);
    expect(refused({ ...base, cardholder: { name: 'A', role: 'primary', lastDigits: 12 } })).toThrow(UnsupportedRow);
  });

  it('sameRow tells apart rows that differ in any one field', () => {
    const full: ParsedRow = { ...base, postedDate: '2025-06-02', originalAmount: 5, originalCurrency: 'USD', fxRate: '150', cardholder: { name: 'A', role: 'primary', lastDigits: '1234' }, paymentPlan: 'リボ', billedAmount: 50, details: { memo: 'x' } };
    const changes: Partial<ParsedRow>[] = [
      { line: 3 },
      { date: '2025-06-09' },
      { postedDate: null },
      { description: 'OTHER' },
      { amount: 101 },
      { amount: -0 },
      { currency: 'USD' },
      { originalAmount: null },
      { originalCurrency: 'EUR' },
      { fxRate: '151' },
      { kind: 'fee' },
      { cardholder: null },
      { cardholder: { name: 'B', role: 'primary', lastDigits: '1234' } },
      { cardholder: { name: 'A', role: 'family', lastDigits: '1234' } },
      { cardholder: { name: 'A', role: 'primary', lastDigits: null } },
      { paymentPlan: null },
      { billedAmount: 51 },
      { status: 'unconfirmed' },
      { details: { memo: 'y' } },
      { details: null },
    ];
    expect(sameRow(full, structuredClone(full))).toBe(true);
    for (const change of changes) expect(sameRow(full, { ...full, ...change }), JSON.stringify(change)).toBe(false);
  });
});
