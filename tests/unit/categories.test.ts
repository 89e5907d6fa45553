import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryDisplayName, DEFAULT_CATEGORIES } from '../../src/core/categories';

describe('default categories', () => {
  it('are seeded by migration 0003 exactly as core/categories.ts lists them', () => {
    const sql = readFileSync(join(import.meta.dirname, '..', '..', 'drizzle', '0003_workspace_rules_history.sql'), 'utf8');
    const seeded = [...sql.matchAll(/\('([^']+)', '(\w+)', '(#[0-9a-f]{6})', (\d+)\)/g)].map((m) => ({ ja: m[1], key: m[2], color: m[3], order: Number(m[4]) }));
    expect(seeded).toEqual(DEFAULT_CATEGORIES.map((c, i) => ({ ja: c.ja, key: c.key, color: c.color, order: i })));
  });

  it('cover the household set the product promises, in both languages', () => {
    const ja = DEFAULT_CATEGORIES.map((c) => c.ja);
    for (const name of ['食費', '日用品', '交通', '通信', '水道光熱', '住居', '医療', '教育', '娯楽', '交際費', 'サブスク', '旅行', '仕事・経費']) expect(ja).toContain(name);
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.key)).size).toBe(DEFAULT_CATEGORIES.length);
    expect(DEFAULT_CATEGORIES.every((c) => c.en && /^#[0-9a-f]{6}$/.test(c.color))).toBe(true);
  });

  it('show a built-in in the UI language until the user renames it', () => {
    expect(categoryDisplayName('食費', 'food', 'en')).toBe('Food');
    expect(categoryDisplayName('食費', 'food', 'ja')).toBe('食費');
    expect(categoryDisplayName('食料品', 'food', 'en')).toBe('食料品');
    expect(categoryDisplayName('Pets', null, 'ja')).toBe('Pets');
  });
});
