/**
 * Arbitrary bytes never escape the importer's error result: every input gives either rows or
 * errors (with a message, and a line when there is one) — never an exception.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../src/core/import/detect';

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(SAMPLES, f))) }));

function check(bytes: Uint8Array, fileName = 'fuzz.csv') {
  const r = parseStatementFile(bytes, { defaultCurrency: 'JPY', fileName });
  if (r.ok) {
    for (const row of r.statement.rows) {
      expect(Number.isSafeInteger(row.amount)).toBe(true);
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.line).toBeGreaterThan(0);
    }
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      // The importer's safety net turns a parser exception into an error; none should happen.
      expect(e.message).not.toMatch(/internal error/);
      expect(e.line === null || (Number.isInteger(e.line) && e.line > 0)).toBe(true);
    }
  }
}

describe('the importer never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => check(b)), { numRuns: 500 });
  });

  it('on arbitrary text in arbitrary encodings of CSV-like lines', () => {
    const line = fc.array(fc.oneof(fc.string(), fc.constantFrom('2025/06/01', '1,234', '"3,280"', '-500', '本人', '前回分口座振替金額', '■ご利用キャンセルなど', ',,,,,TOTAL,', '【合計】')), { maxLength: 9 }).map((c) => c.join(','));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\r\n', '\n', '\r'), (lines, eol) => check(new TextEncoder().encode(lines.join(eol)))),
      { numRuns: 400 },
    );
  });

  it('on every shared sample with random bytes flipped, cut or inserted', () => {
    const mutated = fc
      .record({ sample: fc.constantFrom(...samples), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom('flip', 'cut', 'insert', 'truncate') })
      .map(({ sample, at, byte, op }) => {
        const b = sample.bytes;
        const i = b.length ? at % b.length : 0;
        let out: Uint8Array;
        if (op === 'flip') {
          out = b.slice();
          out[i] = byte;
        } else if (op === 'cut') out = new Uint8Array([...b.subarray(0, i), ...b.subarray(i + 1)]);
        else if (op === 'insert') out = new Uint8Array([...b.subarray(0, i), byte, ...b.subarray(i)]);
        else out = b.subarray(0, i);
        return { name: sample.name, bytes: out };
      });
    fc.assert(fc.property(mutated, ({ name, bytes }) => check(bytes, name)), { numRuns: 1500 });
  });

  it('on each sample with its header lines repeated, and rows duplicated many times', () => {
    for (const s of samples) {
      const text = new Uint8Array([...s.bytes, ...s.bytes]);
      check(text, s.name);
    }
  });
});
