import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createFingerprinter, fingerprintKey, fingerprintRows, hash53Parts } from '../../src/core/import/fingerprint';
import { foldText } from '../../src/core/merchant';
import type { ParsedRow } from '../../src/core/import/types';
import { parsedRow } from '../support/rows';

const row = parsedRow;

describe('fingerprintRows', () => {
  it('returns one fingerprint per row, in order', () => {
    expect(fingerprintRows([])).toEqual([]);
    expect(fingerprintRows([row(), row({ amount: 1 })])).toHaveLength(2);
  });

  it('numbers identical rows 1 and 2 so both genuine purchases survive', () => {
    const [a, b] = fingerprintRows([row({ line: 2 }), row({ line: 3 })]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/\|1$/);
    expect(b).toMatch(/\|2$/);
    expect(a!.replace(/\|1$/, '')).toBe(b!.replace(/\|2$/, ''));
  });

  it('ignores the line number and other non-key fields', () => {
    const [a] = fingerprintRows([row({ line: 2, kind: 'purchase', postedDate: null })]);
    const [b] = fingerprintRows([row({ line: 99, kind: 'other', postedDate: '2025-06-05', cardholder: { name: 'X', role: 'family', lastDigits: '1234' } })]);
    expect(a).toBe(b);
  });

  it('is stable across files: the nth identical row of one file matches the nth of another', () => {
    const fileA = fingerprintRows([row(), row({ description: 'LAWSON' }), row()]);
    const fileB = fingerprintRows([row({ description: 'LAWSON' }), row(), row(), row()]);
    expect(fileB).toContain(fileA[0]);
    expect(fileB).toContain(fileA[1]);
    expect(fileB).toContain(fileA[2]);
    // fileB has a third coffee that fileA does not.
    expect(fileA).not.toContain(fileB[3]);
  });

  it('counts occurrences independently for different rows', () => {
    const fps = fingerprintRows([row(), row({ amount: 600 }), row(), row({ amount: 600 }), row({ date: '2025-06-04' })]);
    expect(fps.map((f) => f.split('|').pop())).toEqual(['1', '1', '2', '2', '1']);
    expect(new Set(fps).size).toBe(5);
  });

  it.each([
    ['date', { date: '2025-06-04' }],
    ['amount', { amount: 551 }],
    ['sign', { amount: -550 }],
    ['currency', { currency: 'USD' }],
    ['merchant', { description: 'STARBUCKS SHINJUKU' }],
  ] as const)('changes with the %s', (_name, change) => {
    const [a, b] = fingerprintRows([row(), row(change)]);
    expect(a).not.toBe(b);
    expect(b).toMatch(/\|1$/);
  });

  it('gives full-width and half-width merchant variants the same fingerprint', () => {
    const [a] = fingerprintRows([row({ description: 'ＳＴＡＲＢＵＣＫＳ　ＳＨＩＢＵＹＡ' })]);
    const [b] = fingerprintRows([row({ description: 'STARBUCKS SHIBUYA' })]);
    const [c] = fingerprintRows([row({ description: 'Starbucks  Shibuya ' })]);
    expect(a).toBe(b);
    expect(c).toBe(b);
  });

  it('gives half-width and full-width katakana the same fingerprint', () => {
    const [a] = fingerprintRows([row({ description: 'ｽﾀｰﾊﾞｯｸｽ ｼﾌﾞﾔ' })]);
    const [b] = fingerprintRows([row({ description: 'スターバックス　シブヤ' })]);
    expect(a).toBe(b);
  });

  it('treats width variants as the same row when numbering occurrences', () => {
    const fps = fingerprintRows([row({ description: 'ＬＡＷＳＯＮ' }), row({ description: 'LAWSON' })]);
    expect(fps[0]).toMatch(/\|1$/);
    expect(fps[1]).toMatch(/\|2$/);
  });

  it('always yields distinct fingerprints within one file', () => {
    const arbRow = fc.record({
      date: fc.constantFrom('2025-06-03', '2025-06-04'),
      amount: fc.constantFrom(100, -100, 550),
      currency: fc.constantFrom('JPY', 'USD'),
      description: fc.constantFrom('LAWSON', 'ＬＡＷＳＯＮ', 'lawson', 'ﾛｰｿﾝ', 'ローソン', 'A|1', 'A', 'A|1|1'),
    });
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), (parts) => {
        const fps = fingerprintRows(parts.map((p) => row(p)));
        expect(new Set(fps).size).toBe(fps.length);
      }),
    );
  });
});

describe('occurrence counting at scale', () => {
  it('keeps 300,000 fingerprints unique and counts repeats exactly through table growth', () => {
    const fp = createFingerprinter();
    const out = new Set<string>();
    for (let i = 0; i < 300_000; i++) out.add(fp({ date: '2025-01-01', amount: i % 1000, currency: 'JPY', description: 'X' }));
    expect(out.size).toBe(300_000);
    expect(fp({ date: '2025-01-01', amount: 5, currency: 'JPY', description: 'X' })).toBe('2025-01-01|5|JPY|X|301');
  });
});

describe('fingerprintKey', () => {
  it('is a stable signed 64-bit integer, different for different fingerprints', () => {
    const a = fingerprintKey('2025-06-03|550|JPY|STARBUCKS SHIBUYA|1');
    expect(a).toBe(fingerprintKey('2025-06-03|550|JPY|STARBUCKS SHIBUYA|1'));
    expect(a >= -(2n ** 63n) && a < 2n ** 63n).toBe(true);
    expect(fingerprintKey('2025-06-03|550|JPY|STARBUCKS SHIBUYA|2')).not.toBe(a);
    expect(fingerprintKey('')).not.toBe(fingerprintKey('\u0000'));
  });

  it('has no collisions over 300,000 near-identical fingerprints', () => {
    const fp = createFingerprinter();
    const keys = new Set<bigint>();
    for (let i = 0; i < 300_000; i++) keys.add(fingerprintKey(fp({ date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, amount: i % 5000, currency: 'JPY', description: `SHOP ${i % 7}` })));
    expect(keys.size).toBe(300_000);
  });
});

/** The fingerprinter as first written (whole key built, then hashed): stored keys depend on its output. */
function referenceHash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function referenceFingerprinter(): (r: Pick<ParsedRow, 'date' | 'amount' | 'currency' | 'description'>) => string {
  const seen = new Map<number, number>();
  return (r) => {
    const base = `${r.date}|${r.amount}|${r.currency}|${foldText(r.description)}`;
    const h = referenceHash53(base);
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return `${base}|${n}`;
  };
}

describe('the fingerprinter against the one first written', () => {
  it('hashes a key from its parts as from the joined text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'binary' }), (date, amount, tail) => {
        expect(hash53Parts(date, amount, tail)).toBe(referenceHash53(`${date}|${amount}${tail}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same fingerprints and keys for any rows, repeats and currency changes included', () => {
    const description = fc.oneof(
      fc.constantFrom('LAWSON', 'ＬＡＷＳＯＮ', 'lawson ', 'ﾛｰｿﾝ', 'ローソン', 'A|1', 'セブン－イレブン　千代田店', '  ', ''),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const arbRow = fc.record({
      date: fc.constantFrom('2025-06-03', '2025-06-04', '2024-02-29', ''),
      amount: fc.oneof(fc.constantFrom(0, -0, 100, -100, 550, 1e21, 0.5), fc.integer()),
      currency: fc.constantFrom('JPY', 'USD', 'EUR'),
      description,
    });
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), (rows) => {
        const fp = createFingerprinter();
        const ref = referenceFingerprinter();
        // Each row twice in a row and once more later: the counts must follow the reference.
        for (const r of [...rows, ...rows, ...rows.slice().reverse()]) {
          const a = fp(r);
          const b = ref(r);
          expect(a).toBe(b);
          expect(fingerprintKey(a)).toBe(fingerprintKey(b));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the frozen text and key of a known row', () => {
    const fp = createFingerprinter();
    const r = { date: '2025-06-03', amount: 550, currency: 'JPY', description: 'ｽﾀｰﾊﾞｯｸｽ　渋谷' };
    expect(fp(r)).toBe('2025-06-03|550|JPY|スターバックス 渋谷|1');
    expect(fp(r)).toBe('2025-06-03|550|JPY|スターバックス 渋谷|2');
    expect(fingerprintKey('2025-06-03|550|JPY|スターバックス 渋谷|1')).toBe(1941266347910687384n);
  });
});
