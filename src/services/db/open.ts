/**
 * The one place the database is opened: WAL, foreign keys, migrations from `drizzle/` applied on
 * open, a backup (reason `migration`, in `<data dir>/backups/`) before a pending migration runs,
 * and a database written by a newer Meisai refused rather than touched.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fingerprintKey } from '../../core/import/fingerprint';
import { backupDir, newBackupFile, settleBackup } from '../backup-files';
import { normalizeMerchant } from '../../core/merchant';
import { searchText } from '../../core/search';
import type { BackupInfo } from '../../shared/api/contract';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  path: string;
  /** Number of migrations applied: the schema version. */
  schemaVersion: number;
  /** The backup made before migrating (its path), when migrations ran on an existing database. */
  preMigrationCopy: string | null;
  close(): void;
}

export class DatabaseTooNewError extends Error {
  constructor(path: string, dbVersion: number, appVersion: number) {
    super(
      `The database ${path} was written by a newer version of Meisai (schema ${dbVersion}; this version knows ${appVersion}). ` +
        'Update Meisai to open it. Nothing was changed.',
    );
  }
}

export class DatabaseOpenError extends Error {}

/**
 * SQLite finds the database damaged. Names the newest intact backup (checked), so each door can
 * offer to restore it; nothing was changed or deleted.
 */
export class DatabaseDamagedError extends DatabaseOpenError {
  constructor(
    readonly databasePath: string,
    readonly problem: string,
    readonly backup: BackupInfo | null,
  ) {
    super(
      `The database ${databasePath} is damaged (${problem.slice(0, 300)}). ` +
        (backup ? `The newest intact backup is ${backup.name} (${backup.createdAt}); restoring it keeps the damaged file beside it.` : 'No intact backup was found.'),
    );
  }
}

/** `drizzle/` beside the sources or the build output; MEISAI_MIGRATIONS_DIR overrides (packaged app). */
export function findMigrationsFolder(): string {
  const env = process.env.MEISAI_MIGRATIONS_DIR;
  if (env) return resolve(env);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new DatabaseOpenError('The database migrations (drizzle/) were not found next to the application.');
}

export interface OpenOptions {
  migrationsFolder?: string;
  /** Clock for the name of the pre-migration backup (tests). */
  now?: () => Date;
  /**
   * The data folder whose `backups/` receives the backup made before a pending migration (default:
   * the database's own folder, where Meisai keeps it); null for none (a temporary copy brought up
   * to date, e.g. a backup being restored).
   */
  backupDataDir?: string | null;
  /** better-sqlite3 `nativeBinding`: lets the desktop app load a binary built for Electron's ABI. */
  nativeBinding?: string;
}

export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  const migrationsFolder = options.migrationsFolder ?? findMigrationsFolder();
  const migrations = readMigrationFiles({ migrationsFolder });
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
  } catch (e) {
    throw new DatabaseOpenError(`Cannot open the database ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    sqlite.pragma('synchronous = FULL');
    // Imports insert into several indexes at once; the default 2 MB page cache thrashes on them.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    // Used by migration 0002 to turn the earlier text fingerprints into the keys imports now compute.
    sqlite.function('meisai_fingerprint_key', { deterministic: true, safeIntegers: true }, (text: unknown) =>
      typeof text === 'string' ? fingerprintKey(text) : text,
    );
    // Derived text columns are computed by the same code in SQL updates as in imports (services/derived.ts).
    sqlite.function('meisai_merchant', { deterministic: true }, (description: unknown) => normalizeMerchant(String(description ?? '')));
    sqlite.function('meisai_search_text', { deterministic: true }, (description: unknown, displayName: unknown, memo: unknown) =>
      searchText([description as string | null, displayName as string | null, memo as string | null]),
    );
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
    const applied = hasTable
      ? (sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as { createdAt: number }[]).map((r) => Number(r.createdAt))
      : [];
    const known = migrations.map((m) => m.folderMillis);
    const lastKnown = known.at(-1) ?? 0;
    if (applied.some((t) => t > lastKnown) || applied.length > known.length) {
      throw new DatabaseTooNewError(path, applied.length, known.length);
    }
    const lastApplied = applied.at(-1) ?? -1;
    const pending = known.filter((t) => t > lastApplied).length;
    let preMigrationCopy: string | null = null;
    if (pending > 0 && applied.length > 0 && path !== ':memory:' && options.backupDataDir !== null) {
      // A backup like any other (listed, previewed, restorable, rotated): VACUUM INTO writes a
      // consistent copy, WAL content not yet checkpointed included, synchronously before migrating.
      const dataDir = options.backupDataDir ?? dirname(path);
      const file = newBackupFile(dataDir, 'migration', options.now?.() ?? new Date());
      sqlite.prepare('VACUUM INTO ?').run(file.partial);
      preMigrationCopy = join(backupDir(dataDir), settleBackup(dataDir, file).name);
    }
    const db = drizzle(sqlite, { schema });
    if (pending > 0) {
      // Table-rebuilding migrations need foreign keys off; they are checked again right after.
      sqlite.pragma('foreign_keys = OFF');
      migrate(db, { migrationsFolder });
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new DatabaseOpenError(`Migration left ${violations.length} foreign-key violations in ${path}.`);
    }
    sqlite.pragma('foreign_keys = ON');
    return {
      sqlite,
      db,
      path,
      schemaVersion: applied.length + pending,
      preMigrationCopy,
      close: () => {
        if (sqlite.open) {
          try {
            sqlite.pragma('optimize');
          } catch {
            // A damaged database cannot be optimised; closing it must still work (and not hide why).
          }
          sqlite.close();
        }
      },
    };
  } catch (e) {
    sqlite.close();
    if (e instanceof DatabaseTooNewError || e instanceof DatabaseOpenError) throw e;
    throw new DatabaseOpenError(`Cannot open the database ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
