/**
 * What the format tests share: fixture bytes, files built from lines, line-ending and re-save
 * copies, the whole import pipeline, and the checks every format gets — a copy reads the same,
 * bad rows are refused naming their lines, other issuers' samples are left alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { decodeText } from '../../../src/core/encoding';
import { readCsv, type CsvRecord } from '../../../src/core/import/csv';
import { parseStatementFile, type ParseFileResult } from '../../../src/core/import/detect';
import type { StatementFormat } from '../../../src/core/import/types';

type Read = Extract<ParseFileResult, { ok: true }>;
type Refused = Extract<ParseFileResult, { ok: false }>;

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
export const SAMPLES = join(FIXTURES, 'samples');

/** A fixture's bytes, by its path under tests/fixtures (`samples/aeon.csv`, `formats/view/two-cards-cp932.csv`). */
export const fixture = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, rel)));
/** A shared sample's bytes, by file name. */
export const sample = (name: string): Uint8Array => fixture(join('samples', name));

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const BOM = '\uFEFF';
/** U+3000, the ideographic space Japanese issuers pad and separate with. */
export const U = '\u3000';
/** A record with every field quoted, as MyJCB, Rakuten and PayPay write them. */
export const q = (...cells: string[]): string => cells.map((c) => `"${c}"`).join(',');

/** A file from its lines, each ended by `eol` (CRLF, as issuers send them), optionally with a BOM. */
export function csvFile(lines: readonly string[], { eol = '\r\n', bom = false } = {}): Uint8Array {
  return utf8((bom ? BOM : '') + lines.map((l) => l + eol).join(''));
}

/** The text of a CP932 (Shift_JIS) file. */
export const cp932Text = (bytes: Uint8Array): string => new TextDecoder('shift_jis').decode(bytes);
/** The same file with CRLF line ends made LF, byte for byte (0x0D is never part of a CP932 character). */
export function toLf(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.from(bytes).toString('latin1').replace(/\r\n/g, '\n'), (c) => c.charCodeAt(0));
}
/** A spreadsheet's re-save of a CP932 file: the same text, as UTF-8 with a BOM. */
export const toUtf8Bom = (bytes: Uint8Array): Uint8Array => utf8(BOM + cp932Text(bytes));

/** Parse through the whole import pipeline (decode, detect, parse), as an import does. */
export const parse = (bytes: Uint8Array, fileName = 'meisai.csv'): ParseFileResult => parseStatementFile(bytes, { defaultCurrency: 'JPY', fileName });

/** The file parsed (by `format`, when given); otherwise the test fails showing the errors. */
export function ok(r: ParseFileResult, format?: string): Read {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  if (format !== undefined) expect(r.statement.format).toBe(format);
  return r;
}

/** The file was rejected (as `format`, when given); otherwise the test fails showing how many rows it read. */
export function fail(r: ParseFileResult, format?: string): Refused {
  if (r.ok) throw new Error(`expected the file to be rejected, got ${r.statement.rows.length} rows`);
  if (format !== undefined) expect(r.format).toBe(format);
  return r;
}

/**
 * A copy of a file (other line ends, a spreadsheet's re-save) is read as the same format, to the
 * same rows and the same total as the original. Both parses are returned for the test's own checks.
 */
export function expectSameStatement(copy: Uint8Array, original: Uint8Array, fileName = 'meisai.csv'): { original: Read; copy: Read } {
  const a = ok(parse(original, fileName));
  const b = ok(parse(copy, fileName));
  expect(b.statement.format).toBe(a.statement.format);
  expect(b.statement.rows).toEqual(a.statement.rows);
  expect(b.statement.total).toEqual(a.statement.total);
  return { original: a, copy: b };
}

/**
 * The import refuses the file as `format` with exactly `errors` (usually one per bad row, naming
 * its line), and the parser called directly returns no rows: a file with errors is rejected whole.
 */
export function expectRejected(format: StatementFormat, file: string | Uint8Array, errors: unknown[], fileName = 'meisai.csv'): void {
  const bytes = typeof file === 'string' ? utf8(file) : file;
  const r = fail(parse(bytes, fileName), format.id);
  expect(r.errors).toEqual(errors);
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  expect(format.parse(readCsv(decoded.text), { defaultCurrency: 'JPY', fileName }).rows).toEqual([]);
}

/** What `detect` is given: the first 40 records, decoded as the importer decodes. */
export function headOf(bytes: Uint8Array): CsvRecord[] {
  const d = decodeText(bytes);
  if (!d.ok) throw new Error(d.message);
  return readCsv(d.text).slice(0, 40);
}

/** Does `format` claim this CSV text? */
export const detects = (format: StatementFormat, text: string, fileName = 'x.csv'): boolean => format.detect(readCsv(text).slice(0, 40), fileName);

/** The shared samples `format` claims, sorted: each issuer should claim its own and no other. */
export function claimedSamples(format: StatementFormat): string[] {
  return readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.csv'))
    .filter((f) => format.detect(headOf(sample(f)), f))
    .sort();
}
