/**
 * The CSV reader replaces Papa on the import path, so it must give Papa's answer for any text: rows,
 * the guessed line ending and readCsv's line numbers are checked here against Papa itself (and the
 * readCsv that used it directly), on generated well-formed and malformed CSV.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRowReader, csvRows, guessNewline, readCsv, type CsvRecord } from '../../src/core/import/csv';

/** readCsv as it was: the whole text through Papa, line numbers from the cells. */
function referenceReadCsv(text: string): CsvRecord[] {
  const src = text.includes('\r') && !text.includes('\n') ? text.replace(/\r/g, '\n') : text;
  const parsed = Papa.parse<string[]>(src, { header: false, skipEmptyLines: false, delimiter: ',' });
  const out: CsvRecord[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line, cells });
    line += 1 + cells.reduce((n, c) => n + c.split('\n').length - 1, 0);
  }
  return out;
}

const papaNewline = (text: string) => Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: ',' }).meta.linebreak;

/** Any mix of the characters that matter to CSV: mostly malformed, so Papa's own handling is exercised. */
const chaos = fc.array(fc.constantFrom('a', 'b', 'テ', ' ', '\u3000', ',', '"', '""', '\r', '\n', '\r\n', '\ufeff', '\t'), { maxLength: 40 }).map((a) => a.join(''));

const plainCell = fc.array(fc.constantFrom('a', '1', ' ', 'テ', '¥', '.', '-'), { maxLength: 6 }).map((a) => a.join(''));
const quotedCell = fc.array(fc.constantFrom('a', ' ', ',', '""', '\n', '\r\n', '\r', 'テ'), { maxLength: 6 }).map((a) => `"${a.join('')}"`);
/** What Papa reads in its own way: a quote inside a plain cell, text or spaces after a closing quote, a quote never closed. */
const oddCell = fc.constantFrom('a"b', '"a" ', '"a"b', '"a', ' "a"', '"a""');
const eol = fc.constantFrom('\n', '\r\n', '\r');

/** CSV text; `odd`: with cells Papa reads in its own way and line endings mixed within a text. */
function csvText(odd: boolean) {
  const cell = odd ? fc.oneof({ weight: 4, arbitrary: plainCell }, { weight: 3, arbitrary: quotedCell }, { weight: 1, arbitrary: oddCell }) : fc.oneof(plainCell, quotedCell);
  const record = fc.array(cell, { minLength: 1, maxLength: 5 }).map((c) => c.join(','));
  return fc
    .tuple(fc.array(fc.tuple(record, eol), { maxLength: 8 }), eol, fc.boolean(), fc.boolean())
    .map(([records, one, bom, trailing]) => {
      let text = bom ? '\ufeff' : '';
      records.forEach(([r, e], i) => (text += r + (i < records.length - 1 || trailing ? (odd ? e : one) : '')));
      return text;
    });
}

describe('readCsv (CsvRowReader, Papa where it cannot vouch)', () => {
  it('gives the records and line numbers readCsv gave through Papa, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(chaos, csvText(true), csvText(false)), (text) => {
        expect(readCsv(text)).toEqual(referenceReadCsv(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives Papa’s rows for a known line ending, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(chaos, csvText(true)), fc.constantFrom('\n', '\r\n', '\r') as fc.Arbitrary<'\n' | '\r\n' | '\r'>, (text, newline) => {
        expect(csvRows(text, newline)).toEqual(Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: ',', newline }).data);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads well-formed CSV itself, without handing it to Papa', () => {
    fc.assert(
      fc.property(csvText(false), (text) => {
        const reader = new CsvRowReader(text, guessNewline(text));
        while (reader.next() !== null);
        expect(reader.failed).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('hands a quote Papa reads in its own way to Papa', () => {
    for (const text of ['a,"b" ,c\n', 'a,"b"c\n', '"a\nb', 'x\n"a"\rb\n']) {
      const reader = new CsvRowReader(text, '\n');
      while (reader.next() !== null);
      expect(reader.failed).toBe(true);
      expect(readCsv(text)).toEqual(referenceReadCsv(text));
    }
  });

  it('counts the line breaks inside a record for the next record’s line', () => {
    expect(readCsv('a,"1\n2\n3"\r\nb,"x\ny"\r\nc\r\n').map((r) => r.line)).toEqual([1, 4, 6]);
    // A bare LF in CRLF text is part of its cell, and a line of its own for the count.
    expect(readCsv('h\r\na\nb,c\r\nd,e\r\n').map((r) => [r.line, r.cells])).toEqual([
      [1, ['h']],
      [2, ['a\nb', 'c']],
      [4, ['d', 'e']],
    ]);
  });
});

describe('guessNewline', () => {
  it('guesses the line ending Papa guesses', () => {
    fc.assert(
      fc.property(fc.oneof(chaos, csvText(true), csvText(false)), (text) => {
        expect(guessNewline(text)).toBe(papaNewline(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('looks at the first MB (after a BOM) as Papa does, quotes and line breaks at the edge included', () => {
    const mb = 1024 * 1024;
    const edges = ['\r\n', '\n\r', '"\r\n"\n', '\r"x"\n', '"\r', '\r', '\n', '""\r\n'];
    for (const bom of ['', '\ufeff']) {
      for (const edge of edges) {
        for (const back of [0, 1, 2, 5]) {
          // CRs before the edge (so the guess hinges on what the window holds), then the edge at the 1 MB mark.
          const text = `${bom}x\r${'a'.repeat(mb - 2 - back)}${edge}${'\r\n'.repeat(3)}`;
          expect(guessNewline(text)).toBe(papaNewline(text));
        }
      }
    }
  });
});
