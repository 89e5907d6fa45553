import { normalizeMerchant } from '../merchant';
import type { ParsedRow } from './types';

/**
 * Dedup keys for a file's rows: date, amount, currency, normalised merchant, plus the occurrence
 * number among identical rows of the same file — so two genuine coffees (same shop, day, amount)
 * both import, and re-importing or overlapping files match them one for one.
 */
export function fingerprintRows(rows: readonly ParsedRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const base = `${r.date}|${r.amount}|${r.currency}|${normalizeMerchant(r.description)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}|${n}`;
  });
}
