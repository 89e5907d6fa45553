/** Small facts the app keeps about itself in `app_meta` (versions of derived data, what was loaded or scanned). */
import type { OpenedDatabase } from './open';

type Sqlite = OpenedDatabase['sqlite'];

export function getMeta(sqlite: Sqlite, key: string): string | undefined {
  return sqlite.prepare('SELECT value FROM app_meta WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setMeta(sqlite: Sqlite, key: string, value: string): void {
  sqlite.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
