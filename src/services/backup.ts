/**
 * Backups of the database with SQLite's online backup API (a consistent copy of a live database,
 * never a file copy), kept in `<data dir>/backups/` and rotated: the last 10, plus the newest of
 * each older month. Restore never deletes anything: the current state is backed up first.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo, BackupPreview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './db/open';

const NAME = /^meisai-(\d{8})-(\d{6})(\d{3})?-([a-z-]+)\.sqlite$/;
const KEEP_RECENT = 10;

export function backupDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

function stamp(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}${p(now.getUTCMilliseconds(), 3)}`;
}

function info(dataDir: string, name: string): BackupInfo | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, d, t, ms] = m;
  const createdAt = `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}T${t!.slice(0, 2)}:${t!.slice(2, 4)}:${t!.slice(4, 6)}.${ms ?? '000'}Z`;
  return { name, reason: m[4]!, createdAt, size: statSync(join(backupDir(dataDir), name)).size };
}

export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => info(dataDir, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Keep the newest 10 and, before them, the newest backup of each month. */
export function rotateBackups(dataDir: string): string[] {
  const all = listBackups(dataDir);
  const keep = new Set(all.slice(0, KEEP_RECENT).map((b) => b.name));
  const months = new Set<string>();
  for (const b of all.slice(KEEP_RECENT)) {
    const month = b.createdAt.slice(0, 7);
    if (!months.has(month)) {
      months.add(month);
      keep.add(b.name);
    }
  }
  const removed = all.filter((b) => !keep.has(b.name)).map((b) => b.name);
  for (const n of removed) rmSync(join(backupDir(dataDir), n), { force: true });
  return removed;
}

export async function createBackup(database: OpenedDatabase, dataDir: string, reason: string, now = new Date()): Promise<BackupInfo> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `meisai-${stamp(now)}-${reason}.sqlite`;
  const partial = join(dir, `${name}.partial`);
  // SQLite's online backup: consistent even while the database is in use; renamed when complete.
  await database.sqlite.backup(partial);
  renameSync(partial, join(dir, name));
  rotateBackups(dataDir);
  return info(dataDir, name)!;
}

function backupPath(dataDir: string, name: string): string {
  if (!NAME.test(name)) throw new ApiFailure('invalid-input', `not a backup name: ${name}`);
  const path = join(backupDir(dataDir), name);
  if (!existsSync(path)) throw new ApiFailure('not-found', `no backup ${name}`);
  return path;
}

/** What a backup holds, read-only, and whether SQLite finds it intact. */
export function inspectBackup(dataDir: string, name: string): BackupPreview {
  const path = backupPath(dataDir, name);
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') return { name, ok: false, problem: check, transactions: 0, imports: 0, cards: 0, firstDate: null, lastDate: null, lastImportAt: null };
    const count = (table: string) => (db!.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number) ?? 0;
    const range = db.prepare('SELECT MIN(date) AS first, MAX(date) AS last FROM transactions').get() as { first: string | null; last: string | null };
    const lastImportAt = db.prepare("SELECT MAX(created_at) FROM imports WHERE status = 'committed'").pluck().get() as string | null;
    return { name, ok: true, problem: null, transactions: count('transactions'), imports: count("imports WHERE status = 'committed'"), cards: count('cards'), firstDate: range.first, lastDate: range.last, lastImportAt };
  } catch (e) {
    return { name, ok: false, problem: e instanceof Error ? e.message : String(e), transactions: 0, imports: 0, cards: 0, firstDate: null, lastDate: null, lastImportAt: null };
  } finally {
    db?.close();
  }
}

/**
 * Restore into the open database: the backup is first brought to the current schema (on a copy),
 * then every table's rows are replaced in one transaction, so other connections (the import worker)
 * simply see the restored data. The state before is backed up first.
 */
export async function restoreBackup(database: OpenedDatabase, dataDir: string, name: string, options: OpenOptions = {}): Promise<{ restored: string; safetyBackup: string; transactions: number }> {
  const preview = inspectBackup(dataDir, name);
  if (!preview.ok) throw new ApiFailure('invalid-input', `backup ${name} is damaged: ${preview.problem}`);
  const safety = await createBackup(database, dataDir, 'before-restore');
  const work = join(backupDir(dataDir), `.restore-${process.pid}.sqlite`);
  copyFileSync(backupPath(dataDir, name), work);
  try {
    openDatabase(work, options).close();
    const { sqlite } = database;
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'").pluck().all() as string[]).map(String);
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('ATTACH DATABASE ? AS restore_src').run(work);
    try {
      sqlite
        .transaction(() => {
          for (const t of tables) {
            const cols = (sqlite.prepare(`SELECT name FROM pragma_table_info(?, 'restore_src')`).pluck().all(t) as string[]).map((c) => `"${c}"`);
            sqlite.exec(`DELETE FROM main."${t}"`);
            if (cols.length) sqlite.exec(`INSERT INTO main."${t}" (${cols.join(',')}) SELECT ${cols.join(',')} FROM restore_src."${t}"`);
          }
          sqlite.exec('DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence SELECT * FROM restore_src.sqlite_sequence');
          const violations = sqlite.pragma('foreign_key_check') as unknown[];
          if (violations.length) throw new ApiFailure('failed', `the backup has ${violations.length} broken references; nothing was restored`);
        })
        .immediate();
    } finally {
      sqlite.exec('DETACH DATABASE restore_src');
      sqlite.pragma('foreign_keys = ON');
    }
  } finally {
    rmSync(work, { force: true });
    rmSync(`${work}-wal`, { force: true });
    rmSync(`${work}-shm`, { force: true });
  }
  return { restored: name, safetyBackup: safety.name, transactions: preview.transactions };
}

/**
 * Restore when the database cannot be opened at all (damaged): the damaged file is moved aside
 * (never deleted) and the backup copied into its place; the next open migrates it if needed.
 */
export function restoreFileLevel(dataDir: string, databasePath: string, name: string, now = new Date()): { restored: string; movedAside: string | null } {
  const preview = inspectBackup(dataDir, name);
  if (!preview.ok) throw new ApiFailure('invalid-input', `backup ${name} is damaged: ${preview.problem}`);
  let movedAside: string | null = null;
  if (existsSync(databasePath)) {
    movedAside = `${databasePath}.damaged-${stamp(now)}`;
    renameSync(databasePath, movedAside);
    for (const ext of ['-wal', '-shm']) if (existsSync(databasePath + ext)) renameSync(databasePath + ext, movedAside + ext);
  }
  copyFileSync(backupPath(dataDir, name), databasePath);
  return { restored: name, movedAside };
}

/** The newest backup SQLite finds intact, for the message shown when the database is damaged. */
export function newestGoodBackup(dataDir: string): BackupInfo | null {
  for (const b of listBackups(dataDir)) if (inspectBackup(dataDir, b.name).ok) return b;
  return null;
}
