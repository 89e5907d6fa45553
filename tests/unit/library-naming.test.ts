import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, DEFAULT_RECEIPT_PATTERN, DEFAULT_STATEMENT_PATTERN, isSafeRelative, renderPattern, sanitizeSegment, withSuffix } from '../../src/core/library/naming';

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
