import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeText, type DecodeResult } from '../../src/core/encoding';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | Uint8Array | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : [...p])));

/** UTF-16 code units of `s`, little- or big-endian, without BOM. */
function utf16(s: string, endian: 'le' | 'be'): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (endian === 'le') out.push(u & 0xff, u >> 8);
    else out.push(u >> 8, u & 0xff);
  }
  return out;
}

function expectOk(r: DecodeResult): Extract<DecodeResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected a decoded text, got: ${r.message} (line ${r.line})`);
  return r;
}

function expectError(r: DecodeResult): Extract<DecodeResult, { ok: false }> {
  if (r.ok) throw new Error(`expected a decoding error, got ${r.encoding} text ${JSON.stringify(r.text.slice(0, 40))}`);
  return r;
}

// Shift_JIS / CP932 bytes, from the JIS X 0208 and CP932 tables.
const SJIS = {
  tesuto: [0x83, 0x65, 0x83, 0x58, 0x83, 0x67], // テスト
  maruIchi: [0x87, 0x40], // ① (NEC special row 13)
  takaIbm: [0xfb, 0xfc], // 髙 (IBM extension)
  takaNec: [0xee, 0xe0], // 髙 (NEC-selected IBM extension)
  kabu: [0x87, 0x8a], // ㈱
  wave: [0x81, 0x60], // ～ (CP932 maps it to U+FF5E)
  hankakuA: [0xb1], // ｱ
};

describe('decodeText — UTF-8 and UTF-16', () => {
  it('decodes UTF-8 without BOM', () => {
    const r = expectOk(decodeText(utf8('日付,内容,金額\n2025/06/03,テスト,1000\n')));
    expect(r).toEqual({ ok: true, text: '日付,内容,金額\n2025/06/03,テスト,1000\n', encoding: 'utf-8', bom: false });
  });

  it('decodes plain ASCII as UTF-8', () => {
    expect(expectOk(decodeText(utf8('a,b\n'))).encoding).toBe('utf-8');
  });

  it('strips a UTF-8 BOM and says it was there', () => {
    const r = expectOk(decodeText(bytes([0xef, 0xbb, 0xbf], 'Date,テスト')));
    expect(r.text).toBe('Date,テスト');
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(r.encoding).toBe('utf-8');
    expect(r.bom).toBe(true);
  });

  it('keeps a second BOM-like character that is part of the text', () => {
    const r = expectOk(decodeText(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'x')));
    expect(r.text).toBe('\ufeffx');
  });

  it('decodes UTF-16LE with BOM', () => {
    const r = expectOk(decodeText(bytes([0xff, 0xfe], utf16('日付,テスト\r\n1,2', 'le'))));
    expect(r).toEqual({ ok: true, text: '日付,テスト\r\n1,2', encoding: 'utf-16le', bom: true });
  });

  it('decodes UTF-16BE with BOM', () => {
    const r = expectOk(decodeText(bytes([0xfe, 0xff], utf16('日付,テスト\n', 'be'))));
    expect(r).toEqual({ ok: true, text: '日付,テスト\n', encoding: 'utf-16be', bom: true });
  });

  it('rejects broken UTF-16 (lone surrogate, odd length)', () => {
    expect(expectError(decodeText(bytes([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]))).message).toMatch(/UTF-16/);
    expect(expectError(decodeText(bytes([0xfe, 0xff, 0x00, 0x41, 0x00]))).message).toMatch(/UTF-16/);
  });
});

describe('decodeText — CP932 (Shift_JIS)', () => {
  it('decodes katakana written as Shift_JIS bytes', () => {
    const r = expectOk(decodeText(bytes(SJIS.tesuto)));
    expect(r).toEqual({ ok: true, text: 'テスト', encoding: 'shift_jis', bom: false });
  });

  it('decodes CP932 extensions: ①, 髙 (both codes), ㈱ and ～', () => {
    const r = expectOk(decodeText(bytes(SJIS.maruIchi, SJIS.takaIbm, SJIS.takaNec, SJIS.kabu, SJIS.wave)));
    expect(r.encoding).toBe('shift_jis');
    expect(r.text).toBe('①髙髙㈱\uff5e');
  });

  it('decodes half-width katakana single bytes', () => {
    expect(expectOk(decodeText(bytes(SJIS.hankakuA, SJIS.tesuto))).text).toBe('ｱテスト');
  });

  it('yields byte 0x5C as a backslash (the yen sign as CP932 prints it)', () => {
    const r = expectOk(decodeText(bytes(SJIS.tesuto, [0x2c, 0x22, 0x5c], '2,974"\r\n')));
    expect(r.encoding).toBe('shift_jis');
    expect(r.text).toBe('テスト,"\\2,974"\r\n');
  });

  it('keeps ASCII lines and line breaks intact around Shift_JIS text', () => {
    const r = expectOk(decodeText(bytes('date,desc\r\n2025/06/03,', SJIS.tesuto, '\r\n')));
    expect(r.text).toBe('date,desc\r\n2025/06/03,テスト\r\n');
  });

  it('does not reinterpret a file with a UTF-8 BOM as Shift_JIS', () => {
    const r = expectError(decodeText(bytes([0xef, 0xbb, 0xbf], SJIS.tesuto)));
    expect(r.message).toMatch(/neither UTF-8 nor Shift_JIS/);
  });
});

describe('decodeText — errors', () => {
  it('rejects an empty file', () => {
    expect(decodeText(new Uint8Array())).toEqual({ ok: false, message: 'the file is empty', line: null });
  });

  it('rejects binary data (NUL bytes) and names the line of the first NUL', () => {
    const r = expectError(decodeText(bytes('a,b\nc,d\ne', [0x00], 'f\n')));
    expect(r.message).toMatch(/binary/);
    expect(r.line).toBe(3);
  });

  it('reports NUL on line 1 and after a BOM', () => {
    expect(expectError(decodeText(bytes([0x00, 0x01, 0x02]))).line).toBe(1);
    expect(expectError(decodeText(bytes([0xef, 0xbb, 0xbf], 'x\n', [0x00])))).toMatchObject({ line: 2 });
  });

  it('treats BOM-less UTF-16 (NUL-laden) as binary', () => {
    expect(expectError(decodeText(bytes(utf16('a,b\n', 'le')))).message).toMatch(/binary/);
  });

  it('names line 2 when its bytes are neither UTF-8 nor CP932', () => {
    const r = expectError(decodeText(bytes('a,b\n', [0xff, 0xff, 0xff])));
    expect(r.message).toMatch(/neither UTF-8 nor Shift_JIS/);
    expect(r.line).toBe(2);
  });

  it('names the right line in a CRLF file with valid Shift_JIS lines before the damage', () => {
    const r = expectError(decodeText(bytes('h1,h2\r\n', SJIS.tesuto, '\r\nok\r\nx,', [0xfd, 0x41], '\r\nlast\r\n')));
    expect(r.line).toBe(4);
  });

  it('names the right line when the damage is a truncated Shift_JIS lead byte at the end', () => {
    const r = expectError(decodeText(bytes('a\nb\n', SJIS.tesuto, [0x83])));
    expect(r.line).toBe(3);
  });

  it('names the right line after a UTF-8 BOM', () => {
    const r = expectError(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\nb\n', [0xff])));
    expect(r.line).toBe(3);
  });
});

describe('decodeText — properties', () => {
  it('never throws on arbitrary bytes, and any line it names exists', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const r = decodeText(b);
        if (!r.ok && r.line !== null) {
          const lines = b.filter((x) => x === 0x0a).length + 1;
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(r.line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on byte soups biased towards Shift_JIS and UTF-8 lead bytes and BOMs', () => {
    const byte = fc.oneof(
      fc.constantFrom(0x0a, 0x0d, 0x00, 0x5c, 0x81, 0x83, 0x87, 0x9f, 0xe0, 0xef, 0xbb, 0xbf, 0xfb, 0xfc, 0xfd, 0xfe, 0xff),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 64 }), (arr) => {
        expect(() => decodeText(Uint8Array.from(arr))).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes any UTF-8 text back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\0') && !s.startsWith('\ufeff')), (s) => {
        const r = expectOk(decodeText(utf8(s)));
        expect(r.text).toBe(s);
        expect(r.encoding).toBe('utf-8');
      }),
    );
  });
});
