import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/core/import/csv';
import { csvRecordStream, decodeChunks } from '../../src/core/import/stream';

function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('csvRecordStream', () => {
  it('gives the same records and line numbers as readCsv, however the text is cut', () => {
    const text = 'a,b,c\r\n1,"x\r\ny",3\r\n\r\n4,"q""uote",6\r\n"7,8",9,\r\n';
    for (const size of [1, 2, 3, 5, 8, 13, 1000]) expect([...csvRecordStream(chunked(text, size))]).toEqual(readCsv(text));
  });

  it('reads old Mac line endings (lone CR) however the text is cut', () => {
    const text = 'a,b\r1,2\r3,"x"\r';
    for (const size of [1, 2, 4, 100]) expect([...csvRecordStream(chunked(text, size))]).toEqual(readCsv(text));
    expect(readCsv(text).map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('agrees with readCsv on arbitrary CSV-ish text and cuts', () => {
    const cellArb = fc.oneof(fc.stringMatching(/^[a-z0-9 ]{0,6}$/), fc.stringMatching(/^[a-z,\n"]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`));
    const lineArb = fc.array(cellArb, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 20 }), (lines, eol, size) => {
        const text = lines.join(eol) + eol;
        expect([...csvRecordStream(chunked(text, size))]).toEqual(readCsv(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeChunks', () => {
  it('decodes multi-byte characters split across chunk boundaries', () => {
    const text = 'ご利用日,髙島屋\n'.repeat(200_000);
    const bytes = new TextEncoder().encode(text);
    expect([...decodeChunks(bytes, 'utf-8')].join('')).toBe(text);
  });

  it('throws on bytes that are not valid in the encoding', () => {
    expect(() => [...decodeChunks(Uint8Array.of(0x61, 0xff, 0x62), 'utf-8')]).toThrow();
  });
});
