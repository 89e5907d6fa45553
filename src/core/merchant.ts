/**
 * Normalised merchant text for matching: NFKC (full-width → half-width, ｶﾀｶﾅ → カタカナ),
 * upper case, one space between words. The description as printed is always kept beside it.
 */
export function normalizeMerchant(description: string): string {
  return description
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\u3000]+/gu, ' ')
    .trim();
}

/** Clean a printed description for display: trim, including the ideographic padding some issuers add. */
export function cleanDescription(raw: string): string {
  return raw.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
}
