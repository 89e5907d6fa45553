import { foldText } from '../merchant';
import type { ParsedRow } from './types';

/**
 * 53-bit string hash (cyrb53) of `date + '|' + amount + tail`: a small key for counting occurrences
 * without keeping the strings. Read from the parts because joining them first would build (and then
 * flatten) one more string per row. Its values must not change: they decide occurrence numbers.
 */
export function hash53Parts(date: string, amount: string, tail: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < date.length; i++) {
    const c = date.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ 124, 2654435761); // '|'
  h2 = Math.imul(h2 ^ 124, 1597334677);
  for (let i = 0; i < amount.length; i++) {
    const c = amount.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  for (let i = 0; i < tail.length; i++) {
    const c = tail.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A description's part of the key, `|currency|folded text`, for the card's currency. */
interface Tail {
  currency: string;
  text: string;
}

/** Tails remembered per fingerprinter; emptied when this full (a million distinct texts must not pile up). */
const TAIL_LIMIT = 20_000;

/**
 * Dedup keys for a file's rows, in file order: date, amount, currency, normalised merchant, plus
 * the occurrence number among identical rows of the same file — so two genuine coffees (same shop,
 * day, amount) both import, and re-importing or overlapping files match them one for one.
 * Occurrences are counted under a 53-bit hash of the key, so a million-row file needs no set of
 * every key; two different keys sharing a hash still get distinct fingerprints (the keys differ).
 */
export function createFingerprinter(): (row: Pick<ParsedRow, 'date' | 'amount' | 'currency' | 'description'>) => string {
  const seen = new OccurrenceCounter();
  // Statements repeat descriptions (parsers hand out one string per distinct text, so this lookup is
  // by identity): fold each once and keep its whole tail of the key.
  const tails = new Map<string, Tail>();
  return (r) => {
    let tail = tails.get(r.description);
    if (tail === undefined || tail.currency !== r.currency) {
      // Joined, so the hash reads one flat string rather than a chain of pieces on every row.
      tail = { currency: r.currency, text: ['|', `${r.currency}`, '|', foldText(r.description)].join('') };
      if (tails.size >= TAIL_LIMIT) tails.clear();
      tails.set(r.description, tail);
    }
    const date = `${r.date}`;
    const amount = `${r.amount}`;
    // The same text as `${date}|${amount}|${currency}|${folded}|${occurrence}` always was: keys depend on it.
    const n = seen.increment(hash53Parts(date, amount, tail.text));
    // Joined into one flat string, not concatenated: a chain of string pieces would be kept per row
    // until fingerprintKey flattens it (~70 ms more garbage collection per 100,000 rows).
    return [date, '|', amount, tail.text, '|', n].join('');
  };
}

/**
 * Counts per 53-bit key in flat typed arrays (open addressing): a million keys take ~24 MB
 * instead of the ~80 MB a Map needs, which matters for the 1,000,000-row import budget.
 */
class OccurrenceCounter {
  private keys = new Float64Array(1024);
  private counts = new Uint32Array(1024);
  private size = 0;

  increment(hash: number): number {
    if (this.size * 2 >= this.keys.length) this.grow();
    const key = hash + 1; // 0 marks an empty slot
    const mask = this.keys.length - 1;
    let i = (hash ^ (hash / 4294967296)) & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.keys[i] === 0) {
      this.keys[i] = key;
      this.size++;
    }
    return ++this.counts[i]!;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.counts = new Uint32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j]!;
      if (key === 0) continue;
      const hash = key - 1;
      let i = (hash ^ (hash / 4294967296)) & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.counts[i] = oldCounts[j]!;
    }
  }
}

/**
 * The 64-bit key a fingerprint is stored and looked up by (the `transactions.fingerprint` column):
 * an integer keeps the row and the unique (card, date, fingerprint) index small, which is most of what a
 * 100,000-row import spends in SQLite. Two independent 32-bit lanes (murmur-style mixing); for a
 * million rows on one card the chance of any two keys colliding is about 3 in 100 million.
 * Frozen: stored keys depend on it (migration 0002 rewrote the earlier text fingerprints with it).
 */
export function fingerprintKey(text: string): bigint {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  h1 ^= text.length;
  h2 ^= text.length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35) ^ h2;
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x7feb352d);
  h2 = Math.imul(h2 ^ (h2 >>> 15), 0x846ca68b) ^ h1;
  h2 ^= h2 >>> 16;
  return BigInt.asIntN(64, (BigInt(h2 >>> 0) << 32n) | BigInt(h1 >>> 0));
}

export function fingerprintRows(rows: readonly ParsedRow[]): string[] {
  const fp = createFingerprinter();
  return rows.map(fp);
}
