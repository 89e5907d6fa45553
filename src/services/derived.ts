/**
 * Columns derived from a row's text — the normalised merchant and the folded search text (its id) — are
 * recomputed when the code that makes them changes (a newer Meisai, or the migration that added them).
 */
import { MERCHANT_NORMALIZER_VERSION } from '../core/merchant';
import { SEARCH_FOLD_VERSION } from '../core/search';
import { getMeta, setMeta } from './db/meta';
import type { OpenedDatabase } from './db/open';
import { rebuildSearchTexts } from './search-texts';

const KEY = 'derived_columns';

export function derivedVersion(): string {
  return `merchant:${MERCHANT_NORMALIZER_VERSION};search:${SEARCH_FOLD_VERSION}`;
}

/** Bring derived columns up to date; returns how many rows were rewritten. */
export function refreshDerivedColumns(database: OpenedDatabase): number {
  const { sqlite } = database;
  const stored = getMeta(sqlite, KEY);
  const current = derivedVersion();
  // Every writer (imports, edits) keeps both in step, so an unchanged version means nothing to do:
  // no scan of a million rows, and no write (another process may be importing) on each start.
  if (stored === current) return 0;
  return sqlite.transaction(() => {
    const n = sqlite.prepare('UPDATE transactions SET merchant = meisai_merchant(description)').run().changes;
    rebuildSearchTexts(sqlite);
    setMeta(sqlite, KEY, current);
    return n;
  })();
}
