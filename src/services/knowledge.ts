/**
 * Merchant knowledge in the database: the table shipped in resources/merchants.csv is loaded into
 * `merchant_knowledge` on start whenever the file changes (so it can grow without a release), the
 * user's own entries sit beside it, and `<data dir>/merchants.csv` adds entries in bulk. Imports
 * consult the user's entries first, then the shipped ones; the user's rules come before both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryDisplayName } from '../core/categories';
import { createKnowledge, parseKnowledge, type KnowledgeEntry } from '../core/knowledge';
import { ApiFailure } from '../shared/api/dispatch';
import type { KnowledgeRecord } from '../shared/api/contract';
import { getMeta, setMeta } from './db/meta';
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



/**
 * Bring the database's copy of the shipped table (and of `<data dir>/merchants.csv`) up to date.
 * Cheap when nothing changed (one hash per file). Shipped entries the user switched off stay off.
 */
export function syncKnowledge(database: OpenedDatabase, dataDir: string, shippedPath: string | null = findKnowledgeFile()): { shipped: number; added: number } {
  const { sqlite } = database;
  let shipped = 0;
  const text = shippedPath && existsSync(shippedPath) ? readFileSync(shippedPath, 'utf8') : null;
  if (text !== null) {
    const hash = createHash('sha256').update(text).digest('hex');
    if (getMeta(sqlite, 'knowledge.shipped') !== hash) {
      const entries = parseKnowledge(text).entries;
      sqlite.transaction(() => {
        const off = new Set((sqlite.prepare("SELECT pattern || char(0) || match AS k FROM merchant_knowledge WHERE source = 'shipped' AND enabled = 0").pluck().all() as string[]));
        sqlite.prepare("DELETE FROM merchant_knowledge WHERE source = 'shipped'").run();
        const insert = sqlite.prepare("INSERT OR IGNORE INTO merchant_knowledge (source, pattern, match, category, enabled) VALUES ('shipped', ?, ?, ?, ?)");
        for (const e of entries) shipped += insert.run(e.pattern, e.match, e.category, off.has(`${e.pattern}\u0000${e.match}`) ? 0 : 1).changes;
        setMeta(sqlite, 'knowledge.shipped', hash);
      })();
    }
  }
  return { shipped, added: syncUserFile(database, dataDir) };
}

/** `<data dir>/merchants.csv`: new lines become the user's entries (existing ones stay as edited in the app). */
function syncUserFile(database: OpenedDatabase, dataDir: string): number {
  const { sqlite } = database;
  let added = 0;
  const userFile = join(dataDir, 'merchants.csv');
  if (existsSync(userFile)) {
    const userText = readFileSync(userFile, 'utf8');
    const hash = createHash('sha256').update(userText).digest('hex');
    if (getMeta(sqlite, 'knowledge.userFile') !== hash) {
      // Only lines new to the file are added: an entry deleted in the app stays deleted.
      const before = new Set(JSON.parse(getMeta(sqlite, 'knowledge.userFileLines') ?? '[]') as string[]);
      const entries = parseKnowledge(userText).entries;
      const key = (e: KnowledgeEntry) => `${e.pattern}\u0000${e.match}\u0000${e.category}`;
      sqlite.transaction(() => {
        const insert = sqlite.prepare("INSERT OR IGNORE INTO merchant_knowledge (source, pattern, match, category, note) VALUES ('user', ?, ?, ?, 'merchants.csv')");
        for (const e of entries) if (!before.has(key(e))) added += insert.run(e.pattern, e.match, e.category).changes;
        setMeta(sqlite, 'knowledge.userFile', hash);
        setMeta(sqlite, 'knowledge.userFileLines', JSON.stringify(entries.map(key)));
      })();
    }
  }
  return added;
}

export type CategoryLookup = (merchant: string, description: string) => number | null;

interface CategoryRow {
  id: number;
  name: string;
  key: string | null;
}

/** The category an entry's stored text names: a category name the user chose wins over a built-in key of the same spelling. */
function categoryResolver(sqlite: OpenedDatabase['sqlite']): (text: string) => CategoryRow | undefined {
  const categories = sqlite.prepare('SELECT id, name, builtin_key AS key FROM categories').all() as CategoryRow[];
  const byText = new Map<string, CategoryRow>();
  for (const c of categories) if (c.key) byText.set(c.key, c);
  for (const c of categories) byText.set(c.name, c);
  return (text) => byText.get(text);
}

/** The lookup an import uses: the user's entries first, then the shipped table, to category ids. */
export function loadKnowledge(database: OpenedDatabase, dataDir: string): CategoryLookup {
  const { sqlite } = database;
  // Lines added to the data folder's merchants.csv since the last import count at once.
  syncUserFile(database, dataDir);
  const categoryOf = categoryResolver(sqlite);
  const rows = sqlite.prepare('SELECT source, pattern, match, category FROM merchant_knowledge WHERE enabled = 1').all() as (KnowledgeEntry & { source: string })[];
  const user = createKnowledge(rows.filter((r) => r.source === 'user'));
  const shipped = createKnowledge(rows.filter((r) => r.source === 'shipped'));
  return (merchant, description) => {
    const key = user(merchant, description) ?? shipped(merchant, description);
    return key === null ? null : (categoryOf(key)?.id ?? null);
  };
}

interface Row {
  id: number;
  source: 'shipped' | 'user';
  pattern: string;
  match: KnowledgeEntry['match'];
  category: string;
  enabled: number;
  note: string | null;
}

/** Every entry (the user's first), or only the one with this id. */
export function listKnowledge(database: OpenedDatabase, locale: 'ja' | 'en', only?: number): KnowledgeRecord[] {
  const { sqlite } = database;
  const categoryOf = categoryResolver(sqlite);
  const rows = sqlite
    .prepare(`SELECT id, source, pattern, match, category, enabled, note FROM merchant_knowledge ${only === undefined ? '' : 'WHERE id = @only'} ORDER BY source = 'shipped', pattern`)
    .all(only === undefined ? {} : { only }) as Row[];
  return rows.map((r) => {
    const c = categoryOf(r.category);
    return {
      id: r.id,
      source: r.source,
      pattern: r.pattern,
      match: r.match,
      category: r.category,
      categoryId: c?.id ?? null,
      categoryName: c ? categoryDisplayName(c.name, c.key, locale) : null,
      enabled: r.enabled === 1,
      note: r.note,
    };
  });
}

/**
 * Add or change an entry. Changing a shipped entry switches it off and adds the user's own in its
 * place, so the change survives the next update of the shipped table.
 */
export function saveKnowledge(database: OpenedDatabase, locale: 'ja' | 'en', input: { id?: number; pattern: string; match: KnowledgeEntry['match']; categoryId: number }): KnowledgeRecord {
  const { sqlite } = database;
  const cat = sqlite.prepare('SELECT name, builtin_key AS key FROM categories WHERE id = ?').get(input.categoryId) as { name: string; key: string | null } | undefined;
  if (!cat) throw new ApiFailure('not-found', `category ${input.categoryId} does not exist`);
  const category = cat.key ?? cat.name;
  const pattern = input.pattern.trim();
  const id = sqlite.transaction(() => {
    const existing = input.id === undefined ? undefined : (sqlite.prepare('SELECT id, source FROM merchant_knowledge WHERE id = ?').get(input.id) as { id: number; source: string } | undefined);
    if (input.id !== undefined && !existing) throw new ApiFailure('not-found', `knowledge entry ${input.id} does not exist`);
    if (existing?.source === 'shipped') sqlite.prepare('UPDATE merchant_knowledge SET enabled = 0 WHERE id = ?').run(existing.id);
    const clash = sqlite.prepare("SELECT id FROM merchant_knowledge WHERE source = 'user' AND pattern = ? AND match = ?").get(pattern, input.match) as { id: number } | undefined;
    if (existing?.source === 'user') {
      if (clash && clash.id !== existing.id) throw new ApiFailure('conflict', `an entry for “${pattern}” (${input.match}) already exists`);
      sqlite.prepare('UPDATE merchant_knowledge SET pattern = ?, match = ?, category = ? WHERE id = ?').run(pattern, input.match, category, existing.id);
      return existing.id;
    }
    if (clash) {
      sqlite.prepare('UPDATE merchant_knowledge SET category = ?, enabled = 1 WHERE id = ?').run(category, clash.id);
      return clash.id;
    }
    return Number(sqlite.prepare("INSERT INTO merchant_knowledge (source, pattern, match, category) VALUES ('user', ?, ?, ?)").run(pattern, input.match, category).lastInsertRowid);
  })();
  return listKnowledge(database, locale, id)[0]!;
}

export function setKnowledgeEnabled(database: OpenedDatabase, id: number, enabled: boolean): { id: number; enabled: boolean } {
  const n = database.sqlite.prepare('UPDATE merchant_knowledge SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id).changes;
  if (n === 0) throw new ApiFailure('not-found', `knowledge entry ${id} does not exist`);
  return { id, enabled };
}

/** Only the user's own entries can be deleted; a shipped one is switched off instead. */
export function deleteKnowledge(database: OpenedDatabase, id: number): { id: number } {
  const row = database.sqlite.prepare('SELECT source FROM merchant_knowledge WHERE id = ?').get(id) as { source: string } | undefined;
  if (!row) throw new ApiFailure('not-found', `knowledge entry ${id} does not exist`);
  if (row.source !== 'user') throw new ApiFailure('invalid-input', 'a shipped entry cannot be deleted; switch it off instead');
  database.sqlite.prepare('DELETE FROM merchant_knowledge WHERE id = ?').run(id);
  return { id };
}
