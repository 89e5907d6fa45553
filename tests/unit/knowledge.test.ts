import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../src/core/categories';
import { createKnowledge, parseKnowledge, type KnowledgeEntry } from '../../src/core/knowledge';
import { merchantPatternText, normalizeMerchant } from '../../src/core/merchant';

const shipped = parseKnowledge(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'merchants.csv'), 'utf8'));
const lookup = createKnowledge(shipped.entries);
const category = (description: string) => lookup(normalizeMerchant(description), description);

describe('the shipped merchant table', () => {
  it('parses without problems and only names real categories', () => {
    expect(shipped.problems).toEqual([]);
    expect(shipped.entries.length).toBeGreaterThan(150);
    const keys = new Set(DEFAULT_CATEGORIES.map((c) => c.key));
    expect(shipped.entries.filter((e) => !keys.has(e.category))).toEqual([]);
  });

  it('recognises merchants in the spellings statements use', () => {
    expect(category('セブン－イレブン　千代田店')).toBe('food');
    expect(category('ｾﾌﾞﾝｲﾚﾌﾞﾝ')).toBe('food');
    expect(category('ＪＲ東日本　モバイルＳｕｉｃａ')).toBe('transport');
    expect(category('ＥＴＣ　サンプル高速')).toBe('transport');
    expect(category('ＡＭＡＺＯＮ．ＣＯ．ＪＰ')).toBe('shopping');
    expect(category('NETFLIX.COM')).toBe('subscriptions');
    expect(category('ＮＴＴドコモ　ご利用料金')).toBe('telecom');
    expect(category('東京電力エナジーパートナー')).toBe('utilities');
    expect(category('マツモトキヨシ　新宿店')).toBe('daily');
    expect(category('ユニクロ　銀座店')).toBe('clothing');
    expect(category('サンプル書店　東京都　千代田区')).toBeNull();
  });

  it('prefers the longest match, and exact and prefix patterns do not over-match', () => {
    expect(category('イオンシネマ　幕張')).toBe('entertainment');
    expect(category('イオン　葛西店')).toBe('food');
    expect(category('AU')).toBe('telecom');
    expect(category('AUTOZONE')).toBeNull();
  });
});

describe('a user table', () => {
  it('parses patterns with commas and reports bad lines', () => {
    const r = parseKnowledge('# mine\npattern,category,match\nFOO, INC.,work,exact\nBAR,travel\nbroken\n');
    expect(r.entries).toEqual([
      { pattern: 'FOO, INC.', category: 'work', match: 'exact' },
      { pattern: 'BAR', category: 'travel', match: 'contains' },
    ]);
    expect(r.problems).toEqual(['line 5: expected pattern,category,match']);
  });
});

/** The lookup as first written: every pattern, longest first, tried against both texts. */
function referenceKnowledge(entries: readonly KnowledgeEntry[]): (merchant: string, description: string) => string | null {
  const compiled = entries
    .map((e) => ({ ...e, folded: merchantPatternText(e.pattern) }))
    .filter((e) => e.folded)
    .sort((a, b) => b.folded.length - a.folded.length);
  return (merchant, description) => {
    const texts = [merchantPatternText(merchant), merchantPatternText(description)];
    const found = compiled.find((e) => texts.some((t) => (e.match === 'exact' ? t === e.folded : e.match === 'prefix' ? t.startsWith(e.folded) : t.includes(e.folded))));
    return found?.category ?? null;
  };
}

describe('the indexed lookup against the one first written', () => {
  // Few letters, so patterns overlap, nest and tie in length; width, case, dash and space variants fold together.
  const piece = fc.constantFrom('A', 'a', 'Ａ', 'B', 'AB', 'ア', 'ｱ', 'イ', 'ー', '-', '－', 'ｰ', ' ', '　', '店', '𠮷', '1');
  const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
  const entry = fc.record({ pattern: text, category: fc.constantFrom('food', 'travel', 'shopping', 'telecom'), match: fc.constantFrom('contains', 'prefix', 'exact') as fc.Arbitrary<KnowledgeEntry['match']> });

  it('answers as it did for any entries and texts (same priority: longest folded pattern, then order)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 20 }), (entries, lookups) => {
        const fast = createKnowledge(entries);
        const ref = referenceKnowledge(entries);
        for (const [m, d] of lookups) expect(fast(m, d)).toBe(ref(m, d));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers as it did with the shipped table, for texts built around its patterns', () => {
    const patterns = shipped.entries.map((e) => e.pattern);
    const around = fc.tuple(fc.constantFrom(...patterns), fc.constantFrom('', ' ', '　', 'X', 'ｻﾝﾌﾟﾙ', '1'), fc.constantFrom('', ' ', '　新宿店', 'ABC', '-')).map(([p, a, b]) => `${a}${p}${b}`);
    const ref = referenceKnowledge(shipped.entries);
    fc.assert(
      fc.property(fc.oneof(around, text), fc.oneof(around, text), (description, other) => {
        expect(lookup(normalizeMerchant(description), description)).toBe(ref(normalizeMerchant(description), description));
        expect(lookup(other, description)).toBe(ref(other, description));
      }),
      { numRuns: 3000 },
    );
    // Every pattern as a whole text, in the spelling it was written in.
    for (const p of patterns) expect(lookup(normalizeMerchant(p), p)).toBe(ref(normalizeMerchant(p), p));
  });
});
