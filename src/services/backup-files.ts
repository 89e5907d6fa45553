/**
 * The backup folder, `<data dir>/backups/`: names, checking, listing and rotation. Every backup is
 * checked by SQLite when it is written; one of a damaged database is named `….damaged.sqlite` and
 * never counts as one of the backups rotation keeps. Rotation keeps the newest 10 intact backups,
 * the newest intact one of each older month, and the 3 newest damaged ones (they may hold the
 * latest rows to salvage); it can never remove the newest intact backup.
 *
 * No dependency on the database layer: `db/open.ts` uses this for its pre-migration backup.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo, BackupPreview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';

const NAME = /^meisai-(\d{8})-(\d{6})(\d{3})?-([a-z-]+)(\.damaged)?\.sqlite$/;
export const KEEP_RECENT = 10;
export const KEEP_DAMAGED = 3;

export function backupDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function stamp(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}${p(now.getUTCMilliseconds(), 3)}`;
}

function info(dataDir: string, name: string): BackupInfo | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, d, t, ms] = m;
  const createdAt = `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}T${t!.slice(0, 2)}:${t!.slice(2, 4)}:${t!.slice(4, 6)}.${ms ?? '000'}Z`;
  return { name, reason: m[4]!, createdAt, size: statSync(join(backupDir(dataDir), name)).size, damaged: m[5] !== undefined };
}

/** Newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => info(dataDir, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

export function backupPath(dataDir: string, name: string): string {
  if (!NAME.test(name)) throw new ApiFailure('invalid-input', `not a backup name: ${name}`);
  const path = join(backupDir(dataDir), name);
  if (!existsSync(path)) throw new ApiFailure('not-found', `no backup ${name}`);
  return path;
}

/** SQLite's `quick_check` of a database file, read-only: 'ok' or what is wrong. */
export function checkDatabaseFile(path: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const result = (db.pragma('quick_check', { simple: true }) as string) ?? 'no answer';
    return result === 'ok' ? 'ok' : result.split('\n').slice(0, 3).join('; ');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    db?.close();
    dropReaderFiles(path);
  }
}

/**
 * Reading a copy still in WAL mode (backups written before they were switched to a rollback
 * journal) leaves an empty `-wal` and its `-shm` beside it: removed, they hold nothing.
 */
function dropReaderFiles(path: string) {
  try {
    if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size === 0) {
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  } catch {
    // Another reader has them: left for it.
  }
}

/** A copy of the live database is in WAL mode like it; a backup is one self-contained file. */
function toRollbackJournal(path: string) {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('journal_mode = DELETE');
  } catch {
    // A copy of a damaged database may refuse; the check that follows says so.
  } finally {
    db?.close();
  }
}

/** The ledger's library now, to say what a restore would leave in it (see BackupPreview.library). */
export interface LibraryNow {
  /** Paths of the documents the ledger records now. */
  recorded: ReadonlySet<string>;
  /** Is this library path on disk? */
  exists(path: string): boolean;
}

/** What a backup holds, read-only, whether SQLite finds it intact, and (given the library now) what a restore leaves there. */
export function inspectBackup(dataDir: string, name: string, library: LibraryNow | null = null): BackupPreview {
  const path = backupPath(dataDir, name);
  const empty = { name, transactions: 0, imports: 0, cards: 0, firstDate: null, lastDate: null, lastImportAt: null, library: null };
  const check = checkDatabaseFile(path);
  if (check !== 'ok') return { ...empty, ok: false, problem: check };
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const count = (table: string) => (db!.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number) ?? 0;
    const range = db.prepare('SELECT MIN(date) AS first, MAX(date) AS last FROM transactions').get() as { first: string | null; last: string | null };
    const lastImportAt = db.prepare("SELECT MAX(created_at) FROM imports WHERE status = 'committed'").pluck().get() as string | null;
    let files: BackupPreview['library'] = null;
    if (library) {
      const held = new Set(db.prepare('SELECT path FROM documents').pluck().all() as string[]);
      files = { documents: held.size, addedSince: [...library.recorded].filter((p) => !held.has(p)).length, gone: [...held].filter((p) => !library.exists(p)).length };
    }
    return { name, ok: true, problem: null, transactions: count('transactions'), imports: count("imports WHERE status = 'committed'"), cards: count('cards'), firstDate: range.first, lastDate: range.last, lastImportAt, library: files };
  } catch (e) {
    return { ...empty, ok: false, problem: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
}

const damagedName = (name: string) => name.replace(/\.sqlite$/, '.damaged.sqlite');

/**
 * Rotate: the newest 10 intact backups, the newest intact backup of each older month, the newest 3
 * damaged ones. A backup named intact that SQLite finds damaged (written before backups were
 * checked) is renamed `.damaged` first, checking from the newest down until an intact one is
 * found, so the newest backup that really is intact is always kept. `verified`: a backup just
 * checked (no need to check it again).
 */
export function rotateBackups(dataDir: string, verified: string | null = null): string[] {
  for (const b of listBackups(dataDir)) {
    if (b.damaged) continue;
    if (b.name === verified || checkDatabaseFile(join(backupDir(dataDir), b.name)) === 'ok') break;
    renameSync(join(backupDir(dataDir), b.name), join(backupDir(dataDir), damagedName(b.name)));
  }
  const all = listBackups(dataDir);
  const intact = all.filter((b) => !b.damaged);
  const keep = new Set([...intact.slice(0, KEEP_RECENT), ...all.filter((b) => b.damaged).slice(0, KEEP_DAMAGED)].map((b) => b.name));
  const months = new Set<string>();
  for (const b of intact.slice(KEEP_RECENT)) {
    const month = b.createdAt.slice(0, 7);
    if (!months.has(month)) {
      months.add(month);
      keep.add(b.name);
    }
  }
  const removed = all.filter((b) => !keep.has(b.name)).map((b) => b.name);
  for (const n of removed) for (const ext of ['', '-wal', '-shm']) rmSync(join(backupDir(dataDir), n + ext), { force: true });
  // A backup whose process was killed while writing it leaves its `.partial`: gone after a day.
  for (const n of readdirSync(backupDir(dataDir))) {
    const p = join(backupDir(dataDir), n);
    if (n.endsWith('.partial') && Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { force: true });
  }
  return removed;
}

/** `meisai-<UTC time>-<reason>.sqlite` in the backup folder (created), and its `.partial` to write first. */
export function newBackupFile(dataDir: string, reason: string, now: Date): { name: string; partial: string } {
  if (!/^[a-z-]+$/.test(reason)) throw new RangeError(`not a backup reason: ${reason}`);
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `meisai-${stamp(now)}-${reason}.sqlite`;
  return { name, partial: join(dir, `${name}.partial`) };
}

function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/**
 * A backup written to its `.partial` becomes a backup: checked by SQLite (named `.damaged` when it
 * is not intact), renamed into place, and the folder rotated. `skipUnchanged`: when the newest
 * backup holds exactly the same bytes (nothing changed since), the new copy is dropped and that
 * backup is returned instead — automatic backups on every start then do not push older ones out.
 */
export function settleBackup(dataDir: string, file: { name: string; partial: string }, options: { skipUnchanged?: boolean } = {}): BackupInfo {
  toRollbackJournal(file.partial);
  if (options.skipUnchanged) {
    const newest = listBackups(dataDir)[0];
    if (newest && sameBytes(file.partial, join(backupDir(dataDir), newest.name))) {
      rmSync(file.partial, { force: true });
      return newest;
    }
  }
  const intact = checkDatabaseFile(file.partial) === 'ok';
  const name = intact ? file.name : damagedName(file.name);
  renameSync(file.partial, join(backupDir(dataDir), name));
  rotateBackups(dataDir, intact ? name : null);
  return info(dataDir, name)!;
}

/** The newest backup SQLite finds intact (checked, not trusted by name), for a damaged database. */
export function newestGoodBackup(dataDir: string): BackupInfo | null {
  for (const b of listBackups(dataDir)) if (!b.damaged && inspectBackup(dataDir, b.name).ok) return b;
  return null;
}
