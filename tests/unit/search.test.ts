import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { foldForSearch, searchTerms, searchText } from '../../src/core/search';

describe('foldForSearch', () => {
  it.each([
    // Full/half width and case.
    ['ＡＭＡＺＯＮ', 'amazon'],
    ['amazon', 'amazon'],
    ['AMAZON', 'amazon'],
    ['Ａｍａｚｏｎ．ｃｏ．ｊｐ', 'amazon.co.jp'],
    ['１２３４', '1234'],
    // Katakana (full and half width) and hiragana.
    ['スターバックス', 'すた-ばっくす'],
    ['すたーばっくす', 'すた-ばっくす'],
    ['ｽﾀｰﾊﾞｯｸｽ', 'すた-ばっくす'],
    ['ヴァイオリン', 'ゔぁいおりん'],
    ['ケ月 ヵ月 ヶ月', 'け月 ゕ月 ゖ月'],
    ['いすゞ ヽヾ', 'いすゞ ゝゞ'],
    // Kanji and Latin are kept as they are (apart from case).
    ['髙島屋 日本橋店', '髙島屋 日本橋店'],
    // Hyphen / long-vowel variants.
    ['セブン－イレブン', 'せぶん-いれぶん'],
    ['セブンーイレブン', 'せぶん-いれぶん'],
    ['セブン‐イレブン', 'せぶん-いれぶん'],
    ['ｾﾌﾞﾝ-ｲﾚﾌﾞﾝ', 'せぶん-いれぶん'],
    ['E—MAIL', 'e-mail'],
    // Whitespace runs (ASCII, ideographic, tabs, newlines) → one space, trimmed.
    ['  スターバックス　　東京都\t渋谷区\n ', 'すた-ばっくす 東京都 渋谷区'],
    ['', ''],
    [' \u3000 ', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('makes width, case and kana variants equal', () => {
    const groups = [
      ['ＡＭＡＺＯＮ', 'amazon', 'Amazon', 'ａｍａｚｏｎ'],
      ['スターバックス', 'すたーばっくす', 'ｽﾀｰﾊﾞｯｸｽ', 'スタ－バックス', 'すた-ばっくす'],
      ['ローソン', 'ろーそん', 'ﾛｰｿﾝ', 'ロ－ソン'],
    ];
    for (const group of groups) expect(new Set(group.map(foldForSearch)).size, group[0]).toBe(1);
    expect(foldForSearch('ローソン')).not.toBe(foldForSearch('ナチュラルローソン'));
  });

  it('is idempotent, so stored text and queries can be folded any number of times', () => {
    for (const unit of ['grapheme', 'binary'] as const) {
      fc.assert(fc.property(fc.string({ unit }), (s) => foldForSearch(foldForSearch(s)) === foldForSearch(s)), { numRuns: 1000 });
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom('ス', 'ｽ', 'す', 'ー', 'ｰ', '－', '-', 'Ａ', 'a', ' ', '　', 'ヴ', 'ヽ', '店', '1', '１'), { maxLength: 12 }), (parts) => {
        const once = foldForSearch(parts.join(''));
        return foldForSearch(once) === once;
      }),
    );
  });

  it('lets a folded query find a folded description as a substring', () => {
    const stored = foldForSearch('ｽﾀｰﾊﾞｯｸｽ　東京都　渋谷区');
    for (const query of ['スターバックス', 'すたーばっくす', 'バックス', '渋谷区']) {
      expect(stored.includes(foldForSearch(query)), query).toBe(true);
    }
    expect(foldForSearch('ＡＭＡＺＯＮ．ＣＯ．ＪＰ').includes(foldForSearch('amazon'))).toBe(true);
  });
});

describe('searchText', () => {
  it('folds the non-empty parts and joins them one per line', () => {
    expect(searchText(['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'Amazon', 'メモ　です'])).toBe('amazon.co.jp\namazon\nめも です');
  });

  it('drops null, undefined and blank parts', () => {
    expect(searchText(['ｽﾀｰﾊﾞｯｸｽ', null, undefined, '', ' \u3000 ', 'コーヒー'])).toBe('すた-ばっくす\nこ-ひ-');
    expect(searchText([null, undefined, ''])).toBe('');
    expect(searchText([])).toBe('');
  });

  it('keeps each part on one line even when the part had line breaks', () => {
    expect(searchText(['line one\nline two', 'memo'])).toBe('line one line two\nmemo');
  });
});

describe('searchTerms', () => {
  it.each([
    ['amazon', ['amazon']],
    ['  ＡＭＡＺＯＮ　　prime  ', ['amazon', 'prime']],
    ['スターバックス 渋谷', ['すた-ばっくす', '渋谷']],
    ['ｽﾀｰﾊﾞｯｸｽ', ['すた-ばっくす']],
    // Quoted phrases stay one term (folded inside, spaces collapsed).
    ['"blue bottle" coffee', ['blue bottle', 'coffee']],
    ['coffee "Blue   Bottle"', ['coffee', 'blue bottle']],
    ['＂ＢＬＵＥ　ＢＯＴＴＬＥ＂', ['blue bottle']],
    ['“ブルー ボトル” 渋谷', ['ぶる- ぼとる', '渋谷']],
    ['abc"def ghi"jkl', ['abc', 'def ghi', 'jkl']],
    // An unclosed quote runs to the end; empty quotes and blank queries give nothing.
    ['coffee "blue bottle', ['coffee', 'blue bottle']],
    ['"" coffee', ['coffee']],
    ['" "', []],
    ['', []],
    ['  \u3000 ', []],
    // Repeats add nothing (all terms must match anyway).
    ['amazon AMAZON ａｍａｚｏｎ', ['amazon']],
  ])('%j → %j', (query, expected) => {
    expect(searchTerms(query)).toEqual(expected);
  });

  it('returns only non-empty, already folded terms', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (q) => searchTerms(q).every((t) => t !== '' && t === t.trim() && foldForSearch(t) === t)),
    );
  });
});
