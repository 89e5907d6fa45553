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
  // No entries (the user has none of their own): nothing to fold or search.
  if (compiled.length === 0) return () => null;
  const find = patternIndex(compiled);
  // No cache of answers: a lookup costs about what a cache lookup did (the folds are remembered).
  return (merchant, description) => {
    // The first entry (longest pattern, then file order) that matches either text.
    const best = Math.min(find(merchantPatternText(merchant)), find(merchantPatternText(description)));
    return best === Infinity ? null : compiled[best]!.category;
  };
}

/**
 * The position in `patterns` of the first one that matches `text` (Infinity when none does).
 * Testing every pattern against every text cost ~185 substring searches per distinct description;
 * indexed by first character, only the patterns starting with a character of the text are tried.
 */
function patternIndex(patterns: readonly { folded: string; match: KnowledgeEntry['match'] }[]): (text: string) => number {
  // Positions per first code unit, ascending (the priority order), so a search can stop early.
  const byFirst = new Map<number, number[]>();
  patterns.forEach((p, i) => {
    const c = p.folded.charCodeAt(0);
    let list = byFirst.get(c);
    if (!list) byFirst.set(c, (list = []));
    list.push(i);
  });
  return (text) => {
    let best = Infinity;
    for (let at = 0; at < text.length; at++) {
      const list = byFirst.get(text.charCodeAt(at));
      if (list === undefined) continue;
      for (const i of list) {
        // Later positions in the list only lose to what was already found.
        if (i >= best) break;
        const p = patterns[i]!;
        if (p.match === 'contains' ? text.startsWith(p.folded, at) : at === 0 && (p.match === 'prefix' ? text.startsWith(p.folded) : text === p.folded)) best = i;
      }
    }
    return best;
  };
}
