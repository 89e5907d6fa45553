/**
 * Search folding. The same fold is applied to the stored search text and to the user's query, so a
 * search ignores full/half width (ＡＭＡＺＯＮ, ｽﾀｰﾊﾞｯｸｽ), case, katakana/hiragana and the hyphen /
 * long-vowel variants (ー－-‐). Unlike `normalizeMerchant` nothing is stripped: a user may search for a
 * branch, a store number or a memo word.
 */
import { foldDashes } from './merchant';

// Katakana ァ..ヶ (U+30A1..U+30F6) and the iteration marks ヽヾ sit exactly 0x60 above their hiragana.
// ー is not in the range: the dash fold below handles it.
const KATAKANA = /[\u30A1-\u30F6\u30FD\u30FE]/g;

function toHiragana(text: string): string {
  return text.replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Bump whenever `foldForSearch` folds differently: stored search text is then rebuilt on open. */
export const SEARCH_FOLD_VERSION = 1;

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Fold text for search: NFKC, lower case, katakana → hiragana, dash variants → `-`, single spaces, trimmed. */
export function foldForSearch(text: string): string {
  // Stored search text is built per imported row and merchants repeat: remember recent answers (bounded).
  let out = cache.get(text);
  if (out === undefined) {
    // NFKC first: it turns half-width ｶﾅ into full-width katakana (and ｰ into ー) for the steps after it.
    out = foldDashes(toHiragana(text.normalize('NFKC').toLowerCase()))
      .replace(/\s+/gu, ' ')
      .trim();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, out);
  }
  return out;
}

/**
 * The stored search text of a transaction: its parts (description, display name, memo) folded, the
 * empty ones dropped, one per line so a phrase never matches across two parts.
 */
export function searchText(parts: readonly (string | null | undefined)[]): string {
  const folded: string[] = [];
  for (const part of parts) {
    if (part == null) continue;
    const f = foldForSearch(part);
    if (f !== '') folded.push(f);
  }
  return folded.join('\n');
}

// A quoted phrase ("…", “…”, ＂…＂ after NFKC) or an unquoted word; an unclosed quote runs to the end.
const TERM = /["\u201C\u201D]([^"\u201C\u201D]*)(?:["\u201C\u201D]|$)|[^\s"\u201C\u201D]+/gu;

/**
 * The terms of a search query, all of which must match: the folded query split on spaces, with quoted
 * phrases ("blue bottle") kept as one term. Empty terms and repeats are dropped.
 */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const m of foldForSearch(query).matchAll(TERM)) {
    const term = (m[1] ?? m[0]).trim();
    if (term !== '' && !terms.includes(term)) terms.push(term);
  }
  return terms;
}
