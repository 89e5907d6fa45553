import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../src/core/import/detect';
import { fingerprintKey, fingerprintRows } from '../../src/core/import/fingerprint';
import { openCore } from '../../src/services/app';
import { DatabaseTooNewError, findMigrationsFolder, openDatabase } from '../../src/services/db/open';
import { MemorySettings } from '../../src/services/settings';
import { backupDir, createBackup, inspectBackup, listBackups, restoreBackup } from '../../src/services/backup';
import { tempDir } from '../helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir() {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d.path;
}

describe('openDatabase', () => {
  it('creates the whole schema from the real migrations, with WAL and foreign keys on', () => {
    const path = join(dir(), 'meisai.sqlite');
    const db = openDatabase(path);
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['cards', 'cardholders', 'imports', 'transactions', 'categories', 'tags', 'transaction_tags', 'documents', 'transaction_documents']));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.schemaVersion).toBe(JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')).entries.length);
    expect(db.preMigrationCopy).toBeNull();
    db.close();
  });

  it('enforces foreign keys and the transaction date format', () => {
    const db = openDatabase(join(dir(), 'meisai.sqlite'));
    expect(() =>
      db.sqlite.prepare("INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint) VALUES (999, '2025-01-01', 'x', 'X', 1, 'JPY', 'purchase', 1)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.sqlite.prepare("INSERT INTO cards (issuer, name) VALUES ('other', 'A')").run();
    expect(() =>
      db.sqlite.prepare("INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint) VALUES (1, '2025/01/01', 'x', 'X', 1, 'JPY', 'purchase', 1)").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('uses indexes for the queries the UI makes', () => {
    const db = openDatabase(join(dir(), 'meisai.sqlite'));
    const plan = (sql: string) => (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM transactions WHERE date BETWEEN '2025-01-01' AND '2025-01-31'")).toMatch(/USING INDEX transactions_date_idx/);
    expect(plan("SELECT * FROM transactions WHERE card_id = 1 AND date >= '2025-01-01'")).toMatch(/USING (COVERING )?INDEX transactions_card_date_fingerprint/);
    expect(plan('SELECT * FROM transactions WHERE import_id = 3')).toMatch(/USING INDEX transactions_import_idx/);
    expect(plan("SELECT * FROM transactions t WHERE t.search_id IN (SELECT id FROM search_texts WHERE instr(text, 'x') > 0)")).toMatch(/USING (COVERING )?INDEX transactions_search_date_idx/);
    db.close();
  });

  it('opens an existing database again without migrating or copying', () => {
    const path = join(dir(), 'meisai.sqlite');
    openDatabase(path).close();
    const again = openDatabase(path);
    expect(again.preMigrationCopy).toBeNull();
    again.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const path = join(dir(), 'meisai.sqlite');
    const db = openDatabase(path);
    db.sqlite.prepare("INSERT INTO cards (issuer, name) VALUES ('other', 'Kept')").run();
    db.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', 99_999_999_999_999);
    db.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrow(/newer version of Meisai/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('backs the database up before running a pending migration (a backup like any other), then migrates', async () => {
    const root = dir();
    // A migrations folder that knows only the first migration, as an older Meisai would.
    const real = findMigrationsFolder();
    const old = join(root, 'old-drizzle');
    cpSync(real, old, { recursive: true });
    const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8'));
    const path = join(root, 'meisai.sqlite');
    const first = openDatabase(path, { migrationsFolder: old });
    first.sqlite.prepare("INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Gold')").run();
    first.close();

    // A newer release adds a migration.
    const last = journal.entries.at(-1);
    const added = { idx: last.idx + 1, version: last.version, when: last.when + 1000, tag: `${String(last.idx + 1).padStart(4, '0')}_test_added`, breakpoints: true };
    writeFileSync(join(old, `${added.tag}.sql`), 'ALTER TABLE `cards` ADD `nickname` text;');
    writeFileSync(join(old, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [...journal.entries, added] }));

    const migrated = openDatabase(path, { migrationsFolder: old, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(migrated.schemaVersion).toBe(journal.entries.length + 1);
    const cols = (migrated.sqlite.prepare('PRAGMA table_info(cards)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('nickname');
    // In the backup folder, listed and previewed like the others; nothing beside the database.
    expect(listBackups(root)).toEqual([expect.objectContaining({ name: 'meisai-20260102-030405000-migration.sqlite', reason: 'migration', damaged: false })]);
    expect(migrated.preMigrationCopy).toBe(join(backupDir(root), 'meisai-20260102-030405000-migration.sqlite'));
    expect(readdirSync(root).filter((f) => f.startsWith('meisai.sqlite') && f !== 'meisai.sqlite' && !/-(wal|shm)$/.test(f))).toEqual([]);
    expect(inspectBackup(root, 'meisai-20260102-030405000-migration.sqlite')).toMatchObject({ ok: true, cards: 1 });
    // The backup is the database as it was before: the card, without the new column.
    const copy = new Database(migrated.preMigrationCopy!, { readonly: true });
    expect(copy.prepare('SELECT name FROM cards').all()).toEqual([{ name: 'Gold' }]);
    expect((copy.prepare('PRAGMA table_info(cards)').all() as { name: string }[]).map((c) => c.name)).not.toContain('nickname');
    copy.close();
    // And restorable, over a later change.
    migrated.sqlite.prepare("UPDATE cards SET name = 'Renamed', nickname = 'x'").run();
    await restoreBackup(migrated, root, 'meisai-20260102-030405000-migration.sqlite', { migrationsFolder: old });
    expect(migrated.sqlite.prepare('SELECT name, nickname FROM cards').all()).toEqual([{ name: 'Gold', nickname: null }]);
    // Rotated like any other backup: the newest 10, and before them each month's newest.
    for (let i = 0; i < 12; i++) await createBackup(migrated, root, 'start', new Date(Date.UTC(2026, 0, 2, 4, i)));
    expect(listBackups(root)).toHaveLength(11);
    expect(listBackups(root).map((b) => b.reason)).not.toContain('migration');
    migrated.close();
    expect(readdirSync(backupDir(root)).every((n) => n.endsWith('.sqlite'))).toBe(true);
  });

  it('gives a clear error for a file that is not a database', () => {
    const root = dir();
    const path = join(root, 'meisai.sqlite');
    mkdirSync(root, { recursive: true });
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    expect(() => openDatabase(path)).toThrow(/Cannot open the database .*meisai\.sqlite/);
    expect(statSync(path).size).toBe('this is not sqlite'.length * 100);
  });
});

describe('migration 0002: text fingerprints become 64-bit keys', () => {
  it('moves the search text of rows written before 0008 into search_texts, and searches them', async () => {
    const root = dir();
    // The schema as Meisai had it before 0008: search text in each row (or none yet).
    const real = findMigrationsFolder();
    const old = join(root, 'old-drizzle');
    cpSync(real, old, { recursive: true });
    const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8'));
    writeFileSync(join(old, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 8) }));
    const before = openDatabase(join(root, 'meisai.sqlite'), { migrationsFolder: old });
    before.sqlite.prepare("INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Amex')").run();
    const ins = before.sqlite.prepare("INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint, memo, search_text) VALUES (1, '2025-06-01', ?, ?, 100, 'JPY', 'purchase', ?, ?, ?)");
    ins.run('ｽﾀｰﾊﾞｯｸｽ 渋谷', 'スターバックス', 1, null, 'すた-ばっくす 渋谷');
    ins.run('ｽﾀｰﾊﾞｯｸｽ 渋谷', 'スターバックス', 2, null, 'すた-ばっくす 渋谷');
    ins.run('ＡＭＡＺＯＮ', 'AMAZON', 3, '本 for work', 'amazon\n本 for work');
    // A row an older Meisai wrote before search text existed.
    ins.run('ローソン', 'ローソン', 4, null, null);
    before.close();

    const core = openCore({ dataDir: root, settings: new MemorySettings(), mode: 'test' });
    try {
      const { sqlite } = core.database;
      expect((sqlite.prepare('PRAGMA table_info(transactions)').all() as { name: string }[]).map((c) => c.name)).not.toContain('search_text');
      expect(sqlite.prepare('SELECT text FROM search_texts ORDER BY text').pluck().all()).toEqual(['amazon\n本 for work', 'すた-ばっくす 渋谷', 'ろ-そん']);
      expect(sqlite.prepare('SELECT COUNT(*) FROM transactions WHERE search_id IS NULL').pluck().get()).toBe(0);
      const search = async (q: string) => {
        const res = await core.dispatch('transactions.list', { search: q });
        if (!res.ok) throw new Error(res.error.message);
        return (res.value as { rows: { description: string }[] }).rows.map((r) => r.description);
      };
      expect(await search('スターバックス')).toEqual(['ｽﾀｰﾊﾞｯｸｽ 渋谷', 'ｽﾀｰﾊﾞｯｸｽ 渋谷']);
      expect(await search('work')).toEqual(['ＡＭＡＺＯＮ']);
      expect(await search('ﾛｰｿﾝ')).toEqual(['ローソン']);
      expect(await search('nothing')).toEqual([]);
    } finally {
      core.close();
    }
  });

  it('rewrites earlier fingerprints so re-importing an old statement still inserts nothing', async () => {
    const root = dir();
    // The schema as Meisai had it before 0002 (only the first two migrations).
    const real = findMigrationsFolder();
    const old = join(root, 'old-drizzle');
    cpSync(real, old, { recursive: true });
    const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8'));
    writeFileSync(join(old, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));
    const data = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'samples', 'amex_jp_current.csv')));
    const parsed = parseStatementFile(data, { defaultCurrency: 'JPY', fileName: 'amex.csv' });
    if (!parsed.ok) throw new Error('sample did not parse');
    const rows = parsed.statement.rows;
    const texts = fingerprintRows(rows);

    // An older Meisai stored the rows with text fingerprints.
    const before = openDatabase(join(root, 'meisai.sqlite'), { migrationsFolder: old });
    before.sqlite.prepare("INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Amex')").run();
    const ins = before.sqlite.prepare('INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
    rows.forEach((r, i) => ins.run(r.date, r.description, r.description, r.amount, r.currency, r.kind, texts[i]));
    before.close();

    const core = openCore({ dataDir: root, settings: new MemorySettings(), mode: 'test' });
    try {
      const stored = core.database.sqlite.prepare('SELECT fingerprint FROM transactions ORDER BY id').safeIntegers(true).all() as { fingerprint: bigint }[];
      expect(stored.map((s) => s.fingerprint)).toEqual(texts.map(fingerprintKey));
      const res = await core.dispatch('import.commit', { files: [{ name: 'amex.csv', data }], card: 1 });
      if (!res.ok) throw new Error(res.error.message);
      expect((res.value as { files: unknown[] }).files[0]).toMatchObject({ status: 'imported', rows: rows.length, inserted: 0, duplicates: rows.length });
      expect((core.database.sqlite.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(rows.length);
    } finally {
      core.close();
    }
  });
});
