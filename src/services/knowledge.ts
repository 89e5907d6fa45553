/**
 * Loads the merchant knowledge: the table shipped in resources/merchants.csv, plus the user's own
 * additions in `<data dir>/merchants.csv` (which come first), resolved to category ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnowledge, parseKnowledge } from '../core/knowledge';
import type { OpenedDatabase } from './db/open';

/** resources/merchants.csv beside the sources, the build, or (packaged) the app's resources folder. */
export function findKnowledgeFile(): string | null {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'merchants.csv'))) return join(packaged, 'merchants.csv');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'merchants.csv');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

export type CategoryLookup = (merchant: string, description: string) => number | null;

export function loadKnowledge(database: OpenedDatabase, dataDir: string): CategoryLookup {
  const categories = database.sqlite.prepare('SELECT id, name, builtin_key AS key FROM categories').all() as { id: number; name: string; key: string | null }[];
  const idOf = (c: string) => categories.find((x) => x.key === c || x.name === c)?.id ?? null;
  const read = (path: string | null) => (path && existsSync(path) ? parseKnowledge(readFileSync(path, 'utf8')).entries : []);
  const user = createKnowledge(read(join(dataDir, 'merchants.csv')));
  const shipped = createKnowledge(read(findKnowledgeFile()));
  return (merchant, description) => {
    const key = user(merchant, description) ?? shipped(merchant, description);
    return key === null ? null : idOf(key);
  };
}
