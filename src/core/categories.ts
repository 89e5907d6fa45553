/**
 * The household categories every new ledger starts with (editable afterwards). The database keeps
 * the Japanese name; `builtin_key` lets the UI show the English one until the user renames it.
 * Migration 0003 seeds exactly these rows (tests/unit/categories.test.ts keeps the two in step).
 */
export interface DefaultCategory {
  key: string;
  ja: string;
  en: string;
  color: string;
}

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { key: 'food', ja: '食費', en: 'Food', color: '#e4572e' },
  { key: 'daily', ja: '日用品', en: 'Daily goods', color: '#f3a712' },
  { key: 'transport', ja: '交通', en: 'Transport', color: '#29335c' },
  { key: 'telecom', ja: '通信', en: 'Phone & internet', color: '#4c9f70' },
  { key: 'utilities', ja: '水道光熱', en: 'Utilities', color: '#2e86ab' },
  { key: 'housing', ja: '住居', en: 'Housing', color: '#8e6c8a' },
  { key: 'medical', ja: '医療', en: 'Medical', color: '#d1495b' },
  { key: 'education', ja: '教育', en: 'Education', color: '#66a182' },
  { key: 'entertainment', ja: '娯楽', en: 'Entertainment', color: '#edae49' },
  { key: 'social', ja: '交際費', en: 'Social', color: '#c05299' },
  { key: 'subscriptions', ja: 'サブスク', en: 'Subscriptions', color: '#00798c' },
  { key: 'travel', ja: '旅行', en: 'Travel', color: '#3d5a80' },
  { key: 'work', ja: '仕事・経費', en: 'Work & expenses', color: '#6c757d' },
  { key: 'clothing', ja: '衣服・美容', en: 'Clothing & beauty', color: '#b56576' },
  { key: 'shopping', ja: 'ショッピング', en: 'Shopping', color: '#f9844a' },
  { key: 'insurance', ja: '保険', en: 'Insurance', color: '#577590' },
  { key: 'tax', ja: '税金・社会保険', en: 'Taxes & social insurance', color: '#90be6d' },
  { key: 'other', ja: 'その他', en: 'Other', color: '#8a8f98' },
];

/** The name to show: a built-in category the user has not renamed speaks the UI's language. */
export function categoryDisplayName(name: string, builtinKey: string | null, locale: 'ja' | 'en'): string {
  const builtin = builtinKey ? DEFAULT_CATEGORIES.find((c) => c.key === builtinKey) : undefined;
  if (builtin && name === builtin.ja) return builtin[locale];
  return name;
}
