/**
 * Merchant knowledge shipped with the app (resources/merchants.csv): common merchants → a default
 * category, so a first import is already categorised. Matched on folded text (width, case, dashes);
 * the longest matching pattern wins (`イオンシネマ` beats `イオン`). The user's rules always come first.
 */
import { merchantPatternText } from './merchant';

export interface KnowledgeEntry {
  pattern: string;
  category: string;
  match: 'contains' | 'prefix' | 'exact';
}

/** Lines of `pattern,category,match` (# comments and the header skipped); bad lines are reported. */
export function parseKnowledge(text: string): { entries: KnowledgeEntry[]; problems: string[] } {
  const entries: KnowledgeEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line === 'pattern,category,match') return;
    const at = line.lastIndexOf(',');
    if (at < 0) {
      problems.push(`line ${i + 1}: expected pattern,category,match`);
      return;
    }
    const before = line.slice(0, at);
    const second = before.lastIndexOf(',');
    // The pattern may itself contain commas: category and match are the last two fields.
    const [pattern, category, match] = second > 0 ? [before.slice(0, second), before.slice(second + 1), line.slice(at + 1)] : [before, line.slice(at + 1), 'contains'];
    const m = (match || 'contains').trim();
    if (!pattern?.trim() || !category?.trim() || !['contains', 'prefix', 'exact'].includes(m)) {
      problems.push(`line ${i + 1}: expected pattern,category,match`);
      return;
    }
    entries.push({ pattern: pattern.trim(), category: category.trim(), match: m as KnowledgeEntry['match'] });
  });
  return { entries, problems };
}

/** A lookup from a row's merchant key and printed description to a category key (or null). */
export function createKnowledge(entries: readonly KnowledgeEntry[]): (merchant: string, description: string) => string | null {
  const compiled = entries
    .map((e) => ({ ...e, folded: merchantPatternText(e.pattern) }))
    .filter((e) => e.folded)
    .sort((a, b) => b.folded.length - a.folded.length);
  const cache = new Map<string, string | null>();
  return (merchant, description) => {
    const key = `${merchant}\u0000${description}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const texts = [merchantPatternText(merchant), merchantPatternText(description)];
    const found = compiled.find((e) => texts.some((t) => (e.match === 'exact' ? t === e.folded : e.match === 'prefix' ? t.startsWith(e.folded) : t.includes(e.folded))));
    const out = found?.category ?? null;
    if (cache.size > 50_000) cache.clear();
    cache.set(key, out);
    return out;
  };
}
