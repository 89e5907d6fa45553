/** Saved transaction filters: a name and the filter as JSON (re-validated when read back). */
import { TransactionFilter, type SavedFilter } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';

type Sqlite = OpenedDatabase['sqlite'];

export function listFilters(sqlite: Sqlite): SavedFilter[] {
  const rows = sqlite.prepare('SELECT id, name, query FROM saved_filters ORDER BY name').all() as { id: number; name: string; query: string }[];
  return rows.flatMap((r) => {
    // A filter saved by another version that no longer validates is left out rather than breaking the list.
    const q = TransactionFilter.safeParse(JSON.parse(r.query));
    return q.success ? [{ id: r.id, name: r.name, query: q.data }] : [];
  });
}

/** Save under a name; the same name replaces the earlier filter. */
export function saveFilter(sqlite: Sqlite, name: string, query: TransactionFilter): SavedFilter {
  const clean = TransactionFilter.parse(query);
  sqlite.prepare('INSERT INTO saved_filters (name, query) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET query = excluded.query').run(name, JSON.stringify(clean));
  return listFilters(sqlite).find((f) => f.name === name)!;
}

export function deleteFilter(sqlite: Sqlite, id: number): { id: number } {
  if (sqlite.prepare('DELETE FROM saved_filters WHERE id = ?').run(id).changes === 0) throw new ApiFailure('not-found', `no saved filter with id ${id}`);
  return { id };
}
