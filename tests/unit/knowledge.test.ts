import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../src/core/categories';
import { createKnowledge, parseKnowledge } from '../../src/core/knowledge';
import { normalizeMerchant } from '../../src/core/merchant';

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
