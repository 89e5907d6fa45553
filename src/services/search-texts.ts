/**
 * Search texts: each row's folded description, display name and memo (core/search.ts `searchText`)
 * is stored once per distinct text in `search_texts`, and the row keeps its id (`search_id`).
 * Statements repeat the same merchants, so a million rows share a few thousand texts: a search reads
 * those texts and reaches the matching rows through an index, instead of reading every row's text
 * (which was the floor of a search for a word no row contains: ~210 ms on 1,000,000 rows).
 */
import type Database from 'better-sqlite3';
import { searchText } from '../core/search';

type Sqlite = Database.Database;

/** A row's text parts to their search text id; `ofText` takes a text already folded by `searchText`. */
export type SearchIdWriter = ((parts: readonly (string | null | undefined)[]) => number) & { ofText(text: string): number };

/**
 * A function from a row's text parts to their search text id, adding texts not stored yet. Remembers
 * the ids it has seen (bounded). Call inside the writer's transaction: the new texts roll back with it.
 */
export function searchIdWriter(sqlite: Sqlite): SearchIdWriter {
  const find = sqlite.prepare('SELECT id FROM search_texts WHERE text = ?').pluck();
  const add = sqlite.prepare('INSERT INTO search_texts (text) VALUES (?)');
  const known = new Map<string, number>();
  const ofText = (text: string): number => {
    let id = known.get(text);
    if (id === undefined) {
      id = (find.get(text) as number | undefined) ?? Number(add.run(text).lastInsertRowid);
      if (known.size >= 50_000) known.clear();
      known.set(text, id);
    }
    return id;
  };
  return Object.assign((parts: readonly (string | null | undefined)[]) => ofText(searchText(parts)), { ofText });
}

/**
 * The SQL condition "the row's search text contains every term" (terms folded by `searchTerms`), for a
 * query over `transactions t`. The texts are found first (a small table), then the rows by index.
 */
export function searchCondition(terms: readonly string[], column = 't.search_id'): { sql: string; params: string[] } {
  return { sql: `${column} IN (SELECT id FROM search_texts WHERE ${textMatch(terms)})`, params: [...terms] };
}

/** The ids of the texts containing every term, as a JSON array (for `searchCondition`'s `ids`). */
export function matchingTextIds(sqlite: Sqlite, terms: readonly string[]): string {
  return JSON.stringify(sqlite.prepare(`SELECT id FROM search_texts WHERE ${textMatch(terms)}`).pluck().all(...terms));
}

/** The same condition over texts already found (`matchingTextIds`): a page and its count read them once. */
export function searchConditionFor(idsJson: string, column = 't.search_id'): { sql: string; params: string[] } {
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [idsJson] };
}

const textMatch = (terms: readonly string[]) => terms.map(() => 'instr(text, ?) > 0').join(' AND ');

/** Rebuild every row's search text (the fold changed): two passes of SQL, no row read into JavaScript. */
export function rebuildSearchTexts(sqlite: Sqlite): void {
  sqlite.prepare('INSERT OR IGNORE INTO search_texts (text) SELECT meisai_search_text(description, display_name, memo) FROM transactions').run();
  sqlite.prepare('UPDATE transactions SET search_id = (SELECT id FROM search_texts s WHERE s.text = meisai_search_text(transactions.description, transactions.display_name, transactions.memo))').run();
  pruneSearchTexts(sqlite);
}

const UNUSED = 'NOT EXISTS (SELECT 1 FROM transactions t WHERE t.search_id = search_texts.id)';

/** Drop every text no row uses any more (an undone import, a rebuild). One index probe per text. */
export function pruneSearchTexts(sqlite: Sqlite): number {
  return sqlite.prepare(`DELETE FROM search_texts WHERE ${UNUSED}`).run().changes;
}

/** Drop these texts if no row uses them any more (the texts rows had before an edit). */
export function dropUnusedSearchTexts(sqlite: Sqlite, ids: Iterable<number>): void {
  const drop = sqlite.prepare(`DELETE FROM search_texts WHERE id = ? AND ${UNUSED}`);
  for (const id of ids) drop.run(id);
}
