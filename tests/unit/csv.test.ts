import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isBlankRecord, readCsv } from '../../src/core/import/csv';

describe('readCsv', () => {
  it('numbers records from line 1 (LF)', () => {
    expect(readCsv('a,b\nc,d\ne,f')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
    ]);
  });

  it('numbers records the same way in a CRLF file and does not leave \\r in cells', () => {
    expect(readCsv('a,b\r\nc,d\r\ne,f\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
    ]);
  });

  it('drops blank lines but keeps counting them', () => {
    expect(readCsv('a,b\n\n\nc,d\n\ne,f\n\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['c', 'd'] },
      { line: 6, cells: ['e', 'f'] },
    ]);
    expect(readCsv('a,b\r\n\r\n\r\nc,d\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['c', 'd'] },
    ]);
  });

  it('counts leading blank lines', () => {
    expect(readCsv('\n\na,b\n')).toEqual([{ line: 3, cells: ['a', 'b'] }]);
    expect(readCsv('\r\n\r\na,b\r\n')).toEqual([{ line: 3, cells: ['a', 'b'] }]);
  });

  it('gives a multi-line quoted record its first line, and the next record the line after its last', () => {
    expect(readCsv('h1,h2\n1,"two\nlines"\n2,"three\nline\nnote"\n3,x\n')).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 4, cells: ['2', 'three\nline\nnote'] },
      { line: 7, cells: ['3', 'x'] },
    ]);
  });

  it('handles embedded newlines in a CRLF file, blank lines after them and a quoted newline at field start', () => {
    expect(readCsv('a,b\r\n"x\r\ny",z\r\n\r\n"\r\nq",w\r\ne,f')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\r\ny', 'z'] },
      { line: 5, cells: ['\r\nq', 'w'] },
      { line: 7, cells: ['e', 'f'] },
    ]);
  });

  it('unquotes doubled quotes and keeps commas inside quotes', () => {
    expect(readCsv('"a""b",c\n"q,1",2\n')).toEqual([
      { line: 1, cells: ['a"b', 'c'] },
      { line: 2, cells: ['q,1', '2'] },
    ]);
  });

  it('keeps records of empty fields (",,") and whitespace-only lines, which are not blank lines', () => {
    expect(readCsv(',\n \n1,2')).toEqual([
      { line: 1, cells: ['', ''] },
      { line: 2, cells: [' '] },
      { line: 3, cells: ['1', '2'] },
    ]);
  });

  it('splits on commas only (not semicolons or tabs)', () => {
    expect(readCsv('a;b\tc\n')).toEqual([{ line: 1, cells: ['a;b\tc'] }]);
  });

  it('returns nothing for empty or blank text', () => {
    expect(readCsv('')).toEqual([]);
    expect(readCsv('\n\n\n')).toEqual([]);
    expect(readCsv('\r\n\r\n')).toEqual([]);
  });

  it('matches an independent line count for generated CSV with quotes, commas and newlines', () => {
    const cellChar = fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r\n', 'テ', '¥');
    const cell = fc.array(cellChar, { maxLength: 6 }).map((a) => a.join(''));
    // A record of one empty cell is a blank line; readCsv drops those, so generate at least two
    // cells or a non-empty one.
    const record = fc.array(cell, { minLength: 1, maxLength: 4 }).filter((r) => r.length > 1 || r[0] !== '');
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, fc.nat({ max: 2 })), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (recs, eol) => {
          let text = '';
          const expected: { line: number; cells: string[] }[] = [];
          for (const [cells, blanksBefore] of recs) {
            text += eol.repeat(blanksBefore);
            const line = text.split('\n').length;
            expected.push({ line, cells });
            text += cells.map(quote).join(',') + eol;
          }
          expect(readCsv(text)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('isBlankRecord', () => {
  it('is true only when every cell is whitespace', () => {
    expect(isBlankRecord([])).toBe(true);
    expect(isBlankRecord(['', ' ', '\t'])).toBe(true);
    expect(isBlankRecord(['\u3000'])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
    expect(isBlankRecord(['0'])).toBe(false);
  });
});

describe('old Mac line endings', () => {
  it('numbers CR-only lines', () => {
    expect(readCsv('a,b\rc,d\re,f').map((r) => r.line)).toEqual([1, 2, 3]);
  });
});
