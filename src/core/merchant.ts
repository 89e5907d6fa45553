/**
 * Normalised merchant text for matching: NFKC (full-width → half-width, ｶﾀｶﾅ → カタカナ),
 * upper case, one space between words. The description as printed is always kept beside it.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function normalizeMerchant(description: string): string {
  // Statements repeat the same merchants: remember recent answers (bounded).
  let out = cache.get(description);
  if (out === undefined) {
    out = description
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[\s\u3000]+/gu, ' ')
      .trim();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(description, out);
  }
  return out;
}

/** Clean a printed description for display: trim, including the ideographic padding some issuers add. */
export function cleanDescription(raw: string): string {
  return raw.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
}
