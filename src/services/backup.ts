/**
 * Backups of the database with SQLite's online backup API (a consistent copy of a live database,
 * never a file copy), kept in `<data dir>/backups/`, checked and rotated (backup-files.ts).
 * Restore never deletes anything: the current state is backed up first, a damaged file is kept.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupPreview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { backupDir, backupPath, inspectBackup, newBackupFile, settleBackup, stamp, type LibraryNow } from './backup-files';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './db/open';
import { libraryPath } from './library';

export { backupDir, inspectBackup, listBackups, newestGoodBackup, rotateBackups } from './backup-files';

/**
 * An online backup of the live database, checked and rotated (see backup-files.ts).
 * `skipUnchanged`: for automatic backups — nothing new is kept when nothing changed.
 */
export async function createBackup(database: OpenedDatabase, dataDir: string, reason: string, now = new Date(), options: { skipUnchanged?: boolean } = {}): Promise<BackupInfo> {
  const file = newBackupFile(dataDir, reason, now);
  try {
    // SQLite's online backup: consistent even while the database is in use; renamed when complete.
    await database.sqlite.backup(file.partial);
    return settleBackup(dataDir, file, options);
  } catch (e) {
    rmSync(file.partial, { force: true });
    throw e;
  }
}

/** The ledger's library now: what it records, and which of its paths are on disk. */
export function libraryNow(database: OpenedDatabase, root: string): LibraryNow {
  const recorded = new Set(database.sqlite.prepare('SELECT path FROM documents').pluck().all() as string[]);
  return {
    recorded,
    exists: (path) => {
      try {
        return existsSync(libraryPath(root, path));
      } catch {
        return false;
      }
    },
  };
}

/**
 * Restore into the open database: the backup is first brought to the current schema (on a copy),
 * then every table's rows are replaced in one transaction, so other connections (the import worker)
 * simply see the restored data. The state before is backed up first. The library is left as it is
 * (files added since stay, listed as not recorded by the check); `library` says what it finds.
 */
export async function restoreBackup(database: OpenedDatabase, dataDir: string, name: string, options: OpenOptions = {}, root: string | null = null): Promise<{ restored: string; safetyBackup: string; transactions: number; library: BackupPreview['library'] }> {
  const preview = inspectBackup(dataDir, name, root === null ? null : libraryNow(database, root));
  if (!preview.ok) throw new ApiFailure('invalid-input', `backup ${name} is damaged: ${preview.problem}`);
  const safety = await createBackup(database, dataDir, 'before-restore');
  const work = join(backupDir(dataDir), `.restore-${process.pid}.sqlite`);
  copyFileSync(backupPath(dataDir, name), work);
  try {
    // Brought to the current schema (no backup of this temporary copy).
    openDatabase(work, { ...options, backupDataDir: null }).close();
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
  return { restored: name, safetyBackup: safety.name, transactions: preview.transactions, library: preview.library };
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
  // Copied beside, then renamed: a restore cut short never leaves half a database in place.
  const partial = `${databasePath}.restoring`;
  copyFileSync(backupPath(dataDir, name), partial);
  renameSync(partial, databasePath);
  return { restored: name, movedAside };
}
