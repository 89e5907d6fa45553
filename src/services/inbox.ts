/**
 * The statement inbox: a folder (by default Downloads) where new statement files are found and
 * offered for import with their detected issuer, card and month. Nothing is ever imported from
 * here without the user; files already imported are recognised and left alone; a file still being
 * written (its size or time still moving, or a browser's partial-download name) waits until it
 * holds still. What arrived while the app was closed is listed once on the next start.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { ApiFailure } from '../shared/api/dispatch';
import type { FileResult, ImportRequest, InboxFile, InboxState } from '../shared/api/contract';
import { UNREADABLE_PDF } from '../core/import/detect';
import { getMeta, setMeta } from './db/meta';
import type { OpenedDatabase } from './db/open';
import { runImport } from './imports';
import type { SettingsStore } from './settings';

export interface InboxDeps {
  database: OpenedDatabase;
  dataDir: string;
  settings: SettingsStore;
  /** The system's downloads folder (Electron knows it); otherwise worked out here. */
  downloadsDir?: string | null;
  /** How a file is previewed: the import runner (a worker in the app), else inline. */
  preview?: (req: ImportRequest) => Promise<{ files: FileResult[] }>;
}

/** A file must have held its size and time this long before it is read. */
export const SETTLE_MS = 2_000;
/** Statements are small; anything bigger is not read from the inbox (it can still be imported by hand). */
export const MAX_INBOX_BYTES = 20 * 1024 * 1024;
const STATEMENT_EXTENSIONS = new Set(['.csv', '.pdf', '.txt', '.tsv']);
/** Names browsers and apps give a download in progress or a temporary copy. */
const PARTIAL = /\.(crdownload|part|partial|download|tmp|opdownload)$|^~\$|^\.~lock\.|^\./i;

/** Downloads: XDG's (possibly localised, e.g. ~/ダウンロード) on Linux, ~/Downloads elsewhere. */
export function defaultDownloadsDir(env: NodeJS.ProcessEnv = process.env, home = homedir(), platform: NodeJS.Platform = process.platform): string {
  if (env.MEISAI_DOWNLOADS_DIR) return resolve(env.MEISAI_DOWNLOADS_DIR);
  if (platform === 'linux') {
    try {
      const dirs = readFileSync(join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'user-dirs.dirs'), 'utf8');
      const m = /^XDG_DOWNLOAD_DIR="(.+)"$/m.exec(dirs);
      if (m) return m[1]!.replace(/^\$HOME/, home);
    } catch {
      // no user-dirs file: the usual name
    }
  }
  return join(home, 'Downloads');
}

/** The folder watched, or null when the inbox is off. */
export function inboxFolder(deps: Pick<InboxDeps, 'settings' | 'downloadsDir'>): string | null {
  const s = deps.settings.get();
  if (!s.inbox) return null;
  return s.inboxDir ?? deps.downloadsDir ?? defaultDownloadsDir();
}


interface Row {
  id: number;
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  contentHash: string | null;
  status: InboxFile['status'];
  format: string | null;
  formatLabel: string | null;
  cardName: string | null;
  month: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  rows: number | null;
  reason: string | null;
  firstSeen: string;
  arrivedWhileClosed: number;
  announced: number;
}

const COLUMNS = `id, path, name, size, mtime_ms AS mtimeMs, content_hash AS contentHash, status, format, format_label AS formatLabel,
  card_name AS cardName, month, period_from AS periodFrom, period_to AS periodTo, rows, reason, first_seen AS firstSeen,
  arrived_while_closed AS arrivedWhileClosed, announced`;

const toFile = (r: Row): InboxFile => ({
  id: r.id,
  name: r.name,
  size: r.size,
  status: r.status,
  format: r.format,
  formatLabel: r.formatLabel,
  cardName: r.cardName,
  month: r.month,
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  rows: r.rows,
  reason: r.reason,
  firstSeen: r.firstSeen,
  arrivedWhileClosed: r.arrivedWhileClosed === 1,
});

export function inboxState(deps: InboxDeps, watching = false): InboxState {
  const dir = inboxFolder(deps);
  const rows = deps.database.sqlite.prepare(`SELECT ${COLUMNS} FROM inbox_files ORDER BY first_seen DESC, name`).all() as Row[];
  const here = dir ? rows.filter((r) => inFolder(r.path, dir)) : [];
  return {
    dir,
    exists: dir !== null && existsSync(dir),
    watching,
    offered: here.filter((r) => r.status === 'offered').map(toFile),
    waiting: here.filter((r) => r.status === 'waiting').length,
    notice: here.filter((r) => r.status === 'offered' && r.arrivedWhileClosed === 1 && r.announced === 0).map(toFile),
  };
}

/** A file directly in the folder (the inbox does not look into subfolders). */
const inFolder = (path: string, dir: string) => path.startsWith(dir.endsWith(sep) ? dir : dir + sep) && !path.slice(dir.length + 1).includes(sep);

/**
 * Candidate files in the folder (not recursive): statement-like extensions, no partial downloads,
 * no links (they could point anywhere). Null when the folder cannot be read right now.
 */
function candidates(dir: string): { path: string; name: string; size: number; mtimeMs: number }[] | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const out: { path: string; name: string; size: number; mtimeMs: number }[] = [];
  for (const name of names) {
    if (PARTIAL.test(name) || !STATEMENT_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (st.isFile()) out.push({ path, name, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
    } catch {
      // gone between the listing and the stat
    }
  }
  return out;
}

type Verdict = Pick<Row, 'status' | 'format' | 'formatLabel' | 'cardName' | 'month' | 'periodFrom' | 'periodTo' | 'rows' | 'reason'>;
const ignored = (reason: string): Verdict => ({ status: 'ignored', format: null, formatLabel: null, cardName: null, month: null, periodFrom: null, periodTo: null, rows: null, reason });

/** What the importer makes of one file: offered, already imported, or not a statement (why). */
async function analyse(deps: InboxDeps, name: string, data: Uint8Array): Promise<Verdict> {
  const req = { files: [{ name, data }] };
  const { files } = deps.preview ? await deps.preview(req) : await runImport(deps, 'preview', req);
  const r = files[0]!;
  const found = { format: r.format, formatLabel: r.formatLabel, cardName: r.card?.name ?? null, month: r.statementMonth ?? r.periodTo?.slice(0, 7) ?? null, periodFrom: r.periodFrom, periodTo: r.periodTo, rows: r.rows };
  if (r.status === 'already-imported') return { ...found, status: 'imported', reason: null };
  if (r.status === 'ready' && r.format === UNREADABLE_PDF) return ignored('a PDF without text: import it by hand to file it as a statement');
  if (r.status === 'ready' && r.rows > 0 && r.duplicates - (r.updated ?? 0) >= r.rows) return { ...found, status: 'imported', reason: 'every row is already in the ledger' };
  if (r.status === 'ready') return { ...found, status: 'offered', reason: null };
  return ignored(r.needsMapping ? 'a CSV in a layout Meisai does not know' : (r.errors[0]?.message ?? 'not a statement'));
}

/**
 * Look at the folder once: new files are recorded, settled ones read and judged, changed ones
 * judged again, vanished ones forgotten. `atStart`: files found now arrived while the app was closed.
 */
export async function scanInbox(deps: InboxDeps, options: { atStart?: boolean; now?: () => number } = {}): Promise<InboxState> {
  const dir = inboxFolder(deps);
  const now = options.now ?? Date.now;
  const { sqlite } = deps.database;
  if (!dir) return inboxState(deps);
  const present = candidates(dir);
  // An unreachable folder (a network share down) changes nothing: what the inbox knows is kept.
  if (present === null) return inboxState(deps);
  const known = new Map((sqlite.prepare(`SELECT ${COLUMNS} FROM inbox_files`).all() as Row[]).filter((r) => inFolder(r.path, dir)).map((r) => [r.path, r]));
  const seen = new Set(present.map((f) => f.path));
  // An offered file imported since: left alone now.
  sqlite
    .prepare("UPDATE inbox_files SET status = 'imported' WHERE status = 'offered' AND content_hash IN (SELECT content_hash FROM imports WHERE status = 'committed')")
    .run();
  // An import undone since the last scan: the files judged as imported are judged afresh (once).
  const undone = String(sqlite.prepare("SELECT count(*) FROM imports WHERE status = 'undone'").pluck().get());
  const rejudge = getMeta(sqlite, 'inbox.undone') !== undone;
  if (rejudge) setMeta(sqlite, 'inbox.undone', undone);
  for (const [path, r] of known) {
    if (!seen.has(path)) sqlite.prepare('DELETE FROM inbox_files WHERE id = ?').run(r.id);
  }
  // Files found by the start scan arrived while the app was closed, unless this folder was never
  // looked at before (a first run, a new folder): then they are simply what is there.
  const scannedBefore = getMeta(sqlite, `inbox.scanned:${dir}`) !== undefined;
  const insert = sqlite.prepare(
    "INSERT INTO inbox_files (path, name, size, mtime_ms, status, first_seen, arrived_while_closed) VALUES (?, ?, ?, ?, 'waiting', ?, ?)",
  );
  const judgement = sqlite.prepare(
    `UPDATE inbox_files SET size = ?, mtime_ms = ?, content_hash = ?, status = ?, format = ?, format_label = ?, card_name = ?, month = ?,
       period_from = ?, period_to = ?, rows = ?, reason = ? WHERE id = ?`,
  );
  const judge = (id: number, f: { size: number; mtimeMs: number }, contentHash: string | null, v: Verdict) =>
    judgement.run(f.size, f.mtimeMs, contentHash, v.status, v.format, v.formatLabel, v.cardName, v.month, v.periodFrom, v.periodTo, v.rows, v.reason, id);
  const moved = sqlite.prepare("UPDATE inbox_files SET size = ?, mtime_ms = ?, status = 'waiting' WHERE id = ?");
  for (const f of present) {
    let row = known.get(f.path);
    if (!row) {
      const id = Number(insert.run(f.path, f.name, f.size, f.mtimeMs, new Date(now()).toISOString(), options.atStart && scannedBefore ? 1 : 0).lastInsertRowid);
      row = { id, path: f.path, name: f.name, size: f.size, mtimeMs: f.mtimeMs, status: 'waiting' } as Row;
    } else if (row.size !== f.size || row.mtimeMs !== f.mtimeMs) {
      // Changed since it was judged (or still being written): wait for it to hold still again.
      moved.run(f.size, f.mtimeMs, row.id);
      row = { ...row, size: f.size, mtimeMs: f.mtimeMs, status: 'waiting' };
    } else if (row.status === 'imported' && rejudge) {
      row = { ...row, status: 'waiting' };
    }
    // A time in the future (a clock or a copy that kept its time) does not keep a file waiting.
    const age = now() - f.mtimeMs;
    if (row.status !== 'waiting' || (age >= 0 && age < SETTLE_MS)) continue;
    if (f.size > MAX_INBOX_BYTES) {
      judge(row.id, f, null, ignored(`larger than ${MAX_INBOX_BYTES / 1024 / 1024} MB`));
      continue;
    }
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(f.path));
    } catch (e) {
      // Unreadable (no permission, locked): set aside; any later change to it brings it back.
      judge(row.id, f, null, ignored(`cannot be read (${e instanceof Error && 'code' in e ? String(e.code) : 'error'})`));
      continue;
    }
    // Read what was settled: if the bytes on disk no longer match its size, it is still moving.
    if (data.length !== f.size) continue;
    const contentHash = createHash('sha256').update(data).digest('hex');
    let verdict: Verdict;
    try {
      verdict = await analyse(deps, f.name, data);
    } catch (e) {
      verdict = ignored(e instanceof Error ? e.message : String(e));
    }
    judge(row.id, f, contentHash, verdict);
  }
  setMeta(sqlite, `inbox.scanned:${dir}`, new Date(now()).toISOString());
  return inboxState(deps);
}

/**
 * The bytes of an offered file, for the import preview: only a file the inbox offered, still a
 * plain file directly in the current inbox folder (not a link), within the size limit.
 */
export function readInboxFile(deps: InboxDeps, id: number): { name: string; data: Uint8Array } {
  const row = deps.database.sqlite.prepare('SELECT path, name, status FROM inbox_files WHERE id = ?').get(id) as { path: string; name: string; status: string } | undefined;
  const dir = inboxFolder(deps);
  if (!row || row.status !== 'offered' || !dir || !inFolder(row.path, dir)) throw new ApiFailure('not-found', `inbox file ${id} is not on offer`);
  try {
    const st = lstatSync(row.path);
    if (!st.isFile() || st.size > MAX_INBOX_BYTES || !inFolder(realpathSync(row.path), realpathSync(dir))) throw new Error('not a plain file in the inbox folder');
    return { name: row.name, data: new Uint8Array(readFileSync(row.path)) };
  } catch {
    throw new ApiFailure('not-found', `${row.name} is no longer in the inbox folder`);
  }
}

export function dismissInboxFile(deps: InboxDeps, id: number): { id: number } {
  const n = deps.database.sqlite.prepare("UPDATE inbox_files SET status = 'dismissed' WHERE id = ?").run(id).changes;
  if (n === 0) throw new ApiFailure('not-found', `inbox file ${id} is not known`);
  return { id };
}

/** The start notice has been seen. */
export function acknowledgeInbox(deps: InboxDeps): { ok: true } {
  deps.database.sqlite.prepare('UPDATE inbox_files SET announced = 1 WHERE announced = 0').run();
  return { ok: true };
}

/**
 * Keeps the folder looked at while the app runs: a scan when the folder changes (debounced), again
 * while some file is settling, and every 30 s in case the file system sends no events (network drives).
 * Scans never overlap. The first scan is the start scan.
 */
export function watchInbox(deps: InboxDeps, onError: (e: unknown) => void = () => undefined): { scan: () => Promise<InboxState>; watching: () => boolean; idle: () => Promise<void>; close: () => void } {
  let watcher: FSWatcher | null = null;
  let watchedDir: string | null = null;
  let running: Promise<InboxState> | null = null;
  let again = false;
  let first = true;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (ms: number) => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void scan().catch(onError), ms);
  };
  const rewatch = () => {
    const dir = inboxFolder(deps);
    if (dir === watchedDir) return;
    watcher?.close();
    watcher = null;
    watchedDir = dir;
    if (dir && existsSync(dir)) {
      try {
        watcher = watch(dir, { persistent: false }, () => schedule(500));
        watcher.on('error', () => {
          watcher?.close();
          watcher = null;
          watchedDir = null; // try to watch it again on the next scan
        });
      } catch {
        watcher = null;
      }
    }
  };
  const scan = (): Promise<InboxState> => {
    if (running) {
      again = true;
      return running;
    }
    rewatch();
    const atStart = first;
    first = false;
    running = scanInbox(deps, { atStart })
      .then((state) => {
        running = null;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(state.waiting > 0 ? SETTLE_MS + 200 : 30_000);
        return state;
      })
      .catch((e: unknown) => {
        running = null;
        schedule(30_000);
        throw e;
      });
    return running;
  };
  return {
    scan,
    watching: () => watcher !== null,
    idle: async () => {
      await running?.catch(() => undefined);
    },
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
