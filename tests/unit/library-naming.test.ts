import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, DEFAULT_RECEIPT_PATTERN, DEFAULT_STATEMENT_PATTERN, isSafeRelative, MAX_SEGMENT_BYTES, renderPattern, sanitizeSegment, withSuffix } from '../../src/core/library/naming';

describe('library names', () => {
  it('files a statement by month and card', () => {
    expect(renderPattern(DEFAULT_STATEMENT_PATTERN, { yyyy: '2025', mm: '06', card: '楽天カード' }, 'pdf')).toBe('2025/2025-06/楽天カード/2025-06_楽天カード_statement.pdf');
  });

  it('names a receipt by date, merchant and amount', () => {
    expect(renderPattern(DEFAULT_RECEIPT_PATTERN, { yyyy: '2025', mm: '06', card: 'Amex', date: '2025-06-12', merchant: 'サンプル書店　東京都', amount: '3280JPY' }, 'JPG')).toBe(
      '2025/2025-06/Amex/receipts/2025-06-12_サンプル書店 東京都_3280JPY.jpg',
    );
  });

  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['a/b\\c', 'a_b_c'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['evil\u202Egpj.exe', 'evilgpj.exe'],
    ['tab\tand\nnewline', 'tabandnewline'],
    ['  ..  ', '_'],
    ['', '_'],
    ['trailing dots...', 'trailing dots'],
  ])('sanitises %j', (raw, expected) => {
    expect(sanitizeSegment(raw)).toBe(expected);
  });

  it('normalises Unicode and bounds lengths', () => {
    expect(sanitizeSegment('\u30AB\u3099')).toBe('\u30AC'); // NFD カ + ゙ → NFC ガ
    expect(Array.from(sanitizeSegment('あ'.repeat(500))).length).toBeLessThanOrEqual(80);
    const long = renderPattern(DEFAULT_RECEIPT_PATTERN, { yyyy: '2025', mm: '06', card: 'x'.repeat(300), date: '2025-06-01', merchant: 'y'.repeat(500), amount: '1JPY' }, 'pdf');
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('never produces a path that leaves the library, whatever the values', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (card, merchant, amount) => {
        const p = renderPattern(DEFAULT_RECEIPT_PATTERN, { yyyy: '2025', mm: '06', card, date: '2025-06-01', merchant, amount }, 'pdf');
        expect(isSafeRelative(p)).toBe(true);
        expect(p.split('/')).toHaveLength(5);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds every name in UTF-8 bytes, cutting only between whole characters', () => {
    // 𠮷 is one character, two UTF-16 units, four UTF-8 bytes: 100 of them are 400 bytes.
    const kichi = '𠮷'.repeat(100);
    const seg = sanitizeSegment(kichi);
    expect(Buffer.byteLength(seg)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(seg).toBe('𠮷'.repeat(MAX_SEGMENT_BYTES / 4));
    const p = renderPattern(DEFAULT_RECEIPT_PATTERN, { yyyy: '2025', mm: '06', card: kichi, date: '2025-06-01', merchant: kichi, amount: '1JPY' }, 'png');
    for (const s of p.split('/')) expect(Buffer.byteLength(`${s}-99999.4194304.partial`), s).toBeLessThanOrEqual(255);
    expect(p.endsWith('.png')).toBe(true);
    expect(p.replace(/𠮷/g, '')).not.toMatch(/[\ud800-\udfff]/);
    // No trailing dot or space left where the cut fell, and never an empty name.
    expect(sanitizeSegment(`${'あ'.repeat(66)} .𠮷`)).toBe('あ'.repeat(66));
    expect(sanitizeSegment('\ud842\ud842 \udfb7')).toBe('_');
  });

  it('keeps every segment within the byte limit, whole and well formed, whatever the text', () => {
    // Any code points (astral ones too), grapheme clusters, and loose UTF-16 units (lone surrogates).
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 150 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('𠮷', '😀', '.', ' ', 'あ', 'a', '\u202e'), maxLength: 300 }),
    );
    fc.assert(
      fc.property(text, text, fc.constantFrom('pdf', 'png', 'csv', 'bin', ''), (card, merchant, ext) => {
        const p = renderPattern(DEFAULT_RECEIPT_PATTERN, { yyyy: '2025', mm: '06', card, date: '2025-06-01', merchant, amount: '1JPY' }, ext);
        expect(isSafeRelative(p)).toBe(true);
        expect(isSafeRelative(withSuffix(p, 99999))).toBe(true);
        expect(p.length).toBeLessThanOrEqual(240);
        for (const s of p.split('/')) {
          expect(s).not.toBe('');
          expect(s).not.toMatch(/[.\s]$/);
          expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
          expect(Buffer.byteLength(s)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
          expect(Buffer.byteLength(`${s}-99999.4194304.partial`)).toBeLessThanOrEqual(255);
        }
        for (const raw of [card, merchant]) {
          const seg = sanitizeSegment(raw);
          expect(Buffer.byteLength(seg)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
          expect(seg).not.toMatch(/^[.\s]|[.\s]$/);
          expect(seg.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('checks user patterns', () => {
    expect(checkPattern('{yyyy}/{card}/{date}')).toBeNull();
    expect(checkPattern('/abs/{yyyy}')).toMatch(/relative/);
    expect(checkPattern('{yyyy}/../x')).toMatch(/\.\./);
    expect(checkPattern('{year}')).toMatch(/unknown field/);
    expect(() => renderPattern('../{card}', { card: 'x' }, 'pdf')).toThrow();
  });

  it('adds a suffix to a taken name', () => {
    expect(withSuffix('2025/a.pdf', 2)).toBe('2025/a-2.pdf');
    expect(withSuffix('2025/a', 3)).toBe('2025/a-3');
  });

  it('recognises unsafe relative paths', () => {
    for (const p of ['/etc/passwd', '../x', 'a/../b', 'a//b', 'C:/x', 'a\\b', '']) expect(isSafeRelative(p), p).toBe(false);
    expect(isSafeRelative('2025/2025-06/Amex/x.pdf')).toBe(true);
  });
});
