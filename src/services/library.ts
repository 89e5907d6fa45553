/**
 * The document library: statement files and receipts copied into one folder, named by month and
 * card, linked to the rows they document, checkable against the database, and bundled per month
 * for an accountant. The user's own files are only ever read.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { zipSync } from 'fflate';
import { monthRange } from '../core/dates';
import { extensionOf, isSafeRelative, renderPattern, withSuffix, type PatternField } from '../core/library/naming';
import { minorToDecimalString } from '../core/money';
import { ApiFailure } from '../shared/api/dispatch';
import { dataPaths } from './data-dir';
import { encodeCsv, monthTransactionLines } from './export';
import type { OpenedDatabase } from './db/open';
import type { SettingsStore } from './settings';

export interface LibraryDeps {
  database: OpenedDatabase;
  dataDir: string;
  settings: SettingsStore;
}

export type DocumentKind = 'statement' | 'receipt' | 'other';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function libraryRoot(deps: Pick<LibraryDeps, 'dataDir' | 'settings'>): string {
  return resolve(deps.settings.get().libraryDir ?? dataPaths(deps.dataDir).library);
}

/** Absolute path of a library-relative path, refusing anything that would leave the library. */
export function libraryPath(root: string, rel: string): string {
  if (!isSafeRelative(rel)) throw new ApiFailure('invalid-input', `not a library path: ${rel.slice(0, 120)}`);
  const abs = resolve(root, ...rel.split('/'));
  if (!abs.startsWith(root + sep)) throw new ApiFailure('invalid-input', `not a library path: ${rel.slice(0, 120)}`);
  return abs;
}

const MIME: Record<string, string> = { pdf: 'application/pdf', csv: 'text/csv', tsv: 'text/tab-separated-values', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', webp: 'image/webp', gif: 'image/gif', txt: 'text/plain' };
export const mimeOf = (name: string) => MIME[extensionOf(name)] ?? 'application/octet-stream';

/**
 * Only document types keep their extension in the library; anything else is stored as `.bin`, so
 * a file named `x.command` or `x.bat` can never be launched by opening it from Meisai.
 */
export function storedExtension(fileName: string): string {
  const ext = extensionOf(fileName);
  return MIME[ext] ? ext : 'bin';
}

export const isOpenable = (path: string) => extensionOf(path) in MIME;

export interface PlannedDocument {
  /** An identical file is already in the library: reuse it. */
  existingId: number | null;
  path: string;
  hash: string;
}

/** Where a new file would go (first free name) or which stored document it already is (same hash). */
export function planDocument(deps: LibraryDeps, bytes: Uint8Array, pattern: string, values: Partial<Record<PatternField, string>>, fileName: string): PlannedDocument {
  const hash = sha256(bytes);
  const existing = deps.database.sqlite.prepare('SELECT id, path FROM documents WHERE content_hash = ?').get(hash) as { id: number; path: string } | undefined;
  if (existing) return { existingId: existing.id, path: existing.path, hash };
  const root = libraryRoot(deps);
  const base = renderPattern(pattern, values, storedExtension(fileName));
  const taken = deps.database.sqlite.prepare('SELECT 1 FROM documents WHERE path = ?');
  let path = base;
  for (let n = 2; taken.get(path) || existsSync(libraryPath(root, path)); n++) path = withSuffix(base, n);
  return { existingId: null, path, hash };
}

/**
 * Write a planned file into the library (temp name, then rename) and return a function that
 * removes it again — for when the database transaction that records it fails.
 */
export function writeDocumentFile(deps: LibraryDeps, plan: PlannedDocument, bytes: Uint8Array): () => void {
  if (plan.existingId !== null) return () => {};
  const root = libraryRoot(deps);
  const abs = libraryPath(root, plan.path);
  mkdirSync(root, { recursive: true });
  // A symbolic link inside the library must not lead the write (or a new folder) elsewhere:
  // check the deepest folder that exists before creating any, and again after.
  const realRoot = realpathSync(root);
  const inside = (dir: string) => {
    const real = realpathSync(dir);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new ApiFailure('invalid-input', `${plan.path} would be written outside the library (a linked folder?)`);
  };
  let existing = dirname(abs);
  while (!existsSync(existing)) existing = dirname(existing);
  inside(existing);
  mkdirSync(dirname(abs), { recursive: true });
  inside(dirname(abs));
  // A marker first: if the process dies before the record is committed, a later start removes
  // the file (recoverPendingFiles). It names this process, so no other process removes the file
  // while this one is still importing it; it goes as soon as the record is committed.
  const marker = pendingMarker(deps, plan.path);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, JSON.stringify({ path: plan.path, ...thisProcess() } satisfies PendingMarker));
  const tmp = `${abs}.${process.pid}.partial`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, abs);
  return () => {
    rmSync(abs, { force: true });
    rmSync(marker, { force: true });
  };
}

/** The record of a written file is committed: it is no longer pending (call right after the commit). */
export function clearPendingFile(deps: LibraryDeps, plan: PlannedDocument): void {
  if (plan.existingId !== null) return;
  try {
    rmSync(pendingMarker(deps, plan.path), { force: true });
  } catch {
    // Left behind, it is harmless: the file's record exists, so recovery keeps the file.
  }
}

function pendingMarker(deps: LibraryDeps, path: string): string {
  return join(deps.dataDir, 'pending', `${createHash('sha256').update(path).digest('hex').slice(0, 32)}.txt`);
}

/** What `<data dir>/pending/<hash>.txt` holds: the file, and which process is writing it. */
export interface PendingMarker {
  path: string;
  pid: number | null;
  /** When the writing process started (ms since the epoch). */
  startedAt: number | null;
  host: string | null;
  writtenAt: number | null;
}

const thisProcess = () => ({ pid: process.pid, startedAt: Math.round(Date.now() - process.uptime() * 1000), host: hostname(), writtenAt: Date.now() });

/** Reads a marker; one written before markers named their process holds only the path. */
export function parsePendingMarker(text: string): PendingMarker {
  try {
    const m = JSON.parse(text) as Partial<PendingMarker>;
    if (typeof m.path === 'string') {
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      return { path: m.path, pid: num(m.pid), startedAt: num(m.startedAt), host: typeof m.host === 'string' ? m.host : null, writtenAt: num(m.writtenAt) };
    }
  } catch {
    // the older plain-text form
  }
  return { path: text, pid: null, startedAt: null, host: null, writtenAt: null };
}

/** How recovery asks about the process named in a marker. */
export interface ProcessProbe {
  host: string;
  alive(pid: number): boolean;
  /** When the process with this pid started (ms since the epoch), where the system says (Linux). */
  startedAt(pid: number): number | null;
}

/** Allowed difference between two measurements of one process's start (clock steps, rounding). */
const START_SLACK_MS = 30_000;
const DAY_MS = 86_400_000;

/**
 * Is the process that wrote this marker still running (so its file is being imported, not
 * orphaned)? When in doubt: yes — an orphan left for a later start costs nothing, a file removed
 * under a running import loses it.
 */
export function pendingOwnerAlive(m: PendingMarker, probe: ProcessProbe, now = Date.now()): boolean {
  // A marker from before markers named their process.
  if (m.pid === null) return false;
  // Written on another computer (a synced or shared data folder): its processes cannot be seen.
  if (m.host !== null && m.host !== probe.host) return m.writtenAt === null || now - m.writtenAt < DAY_MS;
  if (!probe.alive(m.pid)) return false;
  // The pid is in use again, by a process started after the writer: the writer is gone.
  const started = probe.startedAt(m.pid);
  if (started !== null && m.startedAt !== null && started > m.startedAt + START_SLACK_MS) return false;
  return true;
}

export const systemProcessProbe: ProcessProbe = {
  host: hostname(),
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      // EPERM: it exists, it belongs to someone else.
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startedAt(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
      // Clock ticks of 1/100 s (USER_HZ) since boot.
      return Number.isFinite(ticks) && Number.isFinite(boot) ? (boot + ticks / 100) * 1000 : null;
    } catch {
      return null;
    }
  },
};

/**
 * On start: library files an interrupted import or receipt upload wrote without committing their
 * record are removed (with any half-written `.partial`); files whose record exists are kept, and so
 * are files another running process (a second window, the CLI) is importing right now.
 */
export function recoverPendingFiles(deps: LibraryDeps, probe: ProcessProbe = systemProcessProbe): { removed: string[]; inProgress: string[] } {
  const dir = join(deps.dataDir, 'pending');
  const removed: string[] = [];
  const inProgress: string[] = [];
  if (!existsSync(dir)) return { removed, inProgress };
  const root = libraryRoot(deps);
  const known = deps.database.sqlite.prepare('SELECT 1 FROM documents WHERE path = ?').pluck();
  for (const f of readdirSync(dir)) {
    const marker = join(dir, f);
    let text: string;
    try {
      text = readFileSync(marker, 'utf8');
    } catch {
      continue; // removed meanwhile by its import, which committed
    }
    const m = parsePendingMarker(text);
    if (pendingOwnerAlive(m, probe)) {
      inProgress.push(m.path);
      continue;
    }
    const path = m.path;
    if (isSafeRelative(path) && !known.get(path)) {
      const abs = libraryPath(root, path);
      if (existsSync(abs)) removed.push(path);
      rmSync(abs, { force: true });
      const folder = dirname(abs);
      if (existsSync(folder)) for (const p of readdirSync(folder)) if (p.startsWith(`${basename(abs)}.`) && p.endsWith('.partial')) rmSync(join(folder, p), { force: true });
    }
    rmSync(marker, { force: true });
  }
  return { removed, inProgress };
}

export interface DocumentRowInput {
  kind: DocumentKind;
  originalName: string;
  size: number;
  cardId: number | null;
  month: string | null;
  importId: number | null;
}

/** Record a planned document (inside the caller's transaction); returns its id. */
export function recordDocument(deps: LibraryDeps, plan: PlannedDocument, row: DocumentRowInput): number {
  if (plan.existingId !== null) return plan.existingId;
  const res = deps.database.sqlite
    .prepare('INSERT INTO documents (kind, path, content_hash, mime_type, size, original_name, card_id, month, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.kind, plan.path, plan.hash, mimeOf(row.originalName), row.size, row.originalName, row.cardId, row.month, row.importId);
  return Number(res.lastInsertRowid);
}

/** Remove a document's row and file unless rows or imports still refer to it. */
export function dropDocumentIfUnused(deps: LibraryDeps, id: number): void {
  const { sqlite } = deps.database;
  // Files Meisai adopted from the folder (kind `other`) are the user's: never deleted.
  const kind = (sqlite.prepare('SELECT kind FROM documents WHERE id = ?').get(id) as { kind: string } | undefined)?.kind;
  if (kind === undefined || kind === 'other') return;
  const used =
    sqlite.prepare('SELECT 1 FROM transaction_documents WHERE document_id = ? LIMIT 1').get(id) ??
    sqlite.prepare("SELECT 1 FROM documents d JOIN imports i ON i.id = d.import_id WHERE d.id = ? AND i.status = 'committed'").get(id);
  if (used) return;
  const doc = sqlite.prepare('SELECT path FROM documents WHERE id = ?').get(id) as { path: string } | undefined;
  if (!doc) return;
  sqlite.prepare('DELETE FROM documents WHERE id = ?').run(id);
  try {
    rmSync(libraryPath(libraryRoot(deps), doc.path), { force: true });
  } catch {
    // A file held open elsewhere stays behind; the check lists it as unknown, nothing is lost.
  }
}

export interface LibraryDocument {
  id: number;
  kind: DocumentKind;
  path: string;
  originalName: string | null;
  size: number;
  month: string | null;
  cardId: number | null;
  cardName: string | null;
  transactions: number;
  addedAt: string;
}

export function documentsForTransaction(deps: LibraryDeps, transactionId: number): LibraryDocument[] {
  return listDocuments(deps, { transactionId });
}

export function listDocuments(deps: LibraryDeps, q: { month?: string; cardId?: number; transactionId?: number }): LibraryDocument[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.transactionId) {
    where.push('d.id IN (SELECT document_id FROM transaction_documents WHERE transaction_id = ?)');
    params.push(q.transactionId);
  }
  if (q.month) {
    where.push('d.month = ?');
    params.push(q.month);
  }
  if (q.cardId) {
    where.push('d.card_id = ?');
    params.push(q.cardId);
  }
  return deps.database.sqlite
    .prepare(
      `SELECT d.id, d.kind, d.path, d.original_name AS originalName, d.size, d.month, d.card_id AS cardId, c.name AS cardName,
         (SELECT COUNT(*) FROM transaction_documents td WHERE td.document_id = d.id) AS transactions, d.created_at AS addedAt
       FROM documents d LEFT JOIN cards c ON c.id = d.card_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.month DESC, c.name, d.kind, d.path`,
    )
    .all(...params) as LibraryDocument[];
}

function walk(root: string, dir = root, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    // Hidden files (.DS_Store, desktop.ini-like dotfiles) are the system's, not documents.
    if (e.name.startsWith('.')) continue;
    const abs = join(dir, e.name);
    if (e.isDirectory()) walk(root, abs, out);
    else if (e.isFile() && !e.name.endsWith('.partial')) out.push(relative(root, abs).split(sep).join('/'));
  }
  return out;
}

export interface LibraryCheck {
  ok: boolean;
  /** Recorded in the ledger, not on disk. */
  missing: string[];
  /** On disk with different contents than recorded. */
  changed: string[];
  /** On disk in the library, not recorded. */
  unknown: string[];
}

export function checkLibrary(deps: LibraryDeps): LibraryCheck {
  const root = libraryRoot(deps);
  const docs = deps.database.sqlite.prepare('SELECT path, content_hash AS hash FROM documents').all() as { path: string; hash: string }[];
  const known = new Set(docs.map((d) => d.path));
  const missing: string[] = [];
  const changed: string[] = [];
  for (const d of docs) {
    const abs = libraryPath(root, d.path);
    if (!existsSync(abs)) missing.push(d.path);
    else if (sha256(readFileSync(abs)) !== d.hash) changed.push(d.path);
  }
  const unknown = walk(root).filter((p) => !known.has(p));
  return { ok: missing.length + changed.length + unknown.length === 0, missing, changed, unknown };
}

/**
 * Repair what the check found: a changed file is accepted as it now is (new hash); a missing
 * file's record is forgotten (its links go with it); an unknown file is adopted as an unlinked
 * document ("other"), never deleted.
 */
export function repairLibrary(deps: LibraryDeps): LibraryCheck & { repaired: number } {
  const found = checkLibrary(deps);
  const root = libraryRoot(deps);
  const { sqlite } = deps.database;
  const total = (sqlite.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
  // A library on a drive that is not connected looks like every file went missing: forgetting
  // them all would lose every link. Refuse instead.
  if (!existsSync(root) || (total > 0 && found.missing.length === total)) {
    throw new ApiFailure('conflict', `none of the library's files can be found in ${root}; is the drive or folder connected? Nothing was changed`);
  }
  let repaired = 0;
  sqlite.transaction(() => {
    for (const p of found.changed) {
      const bytes = readFileSync(libraryPath(root, p));
      const hash = sha256(bytes);
      // The file now equals another document: keep the record as it is, for the user to look at.
      if (sqlite.prepare('SELECT 1 FROM documents WHERE content_hash = ? AND path <> ?').get(hash, p)) continue;
      repaired += sqlite.prepare('UPDATE documents SET content_hash = ?, size = ? WHERE path = ?').run(hash, bytes.length, p).changes;
    }
    for (const p of found.missing) repaired += sqlite.prepare('DELETE FROM documents WHERE path = ?').run(p).changes;
    for (const p of found.unknown) {
      if (!isSafeRelative(p)) continue;
      const bytes = readFileSync(libraryPath(root, p));
      const month = /(?:^|\/)(\d{4}-\d{2})(?:\/|_|$)/.exec(p)?.[1] ?? null;
      repaired += sqlite
        .prepare('INSERT OR IGNORE INTO documents (kind, path, content_hash, mime_type, size, original_name, month) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run('other', p, sha256(bytes), mimeOf(p), bytes.length, p.split('/').pop(), month).changes;
    }
  })();
  return { ...checkLibrary(deps), repaired };
}

export function readDocument(deps: LibraryDeps, id: number): { name: string; mimeType: string; data: Uint8Array; absolutePath: string } {
  const doc = deps.database.sqlite.prepare('SELECT path, mime_type AS mimeType FROM documents WHERE id = ?').get(id) as { path: string; mimeType: string | null } | undefined;
  if (!doc) throw new ApiFailure('not-found', `no document with id ${id}`);
  const abs = libraryPath(libraryRoot(deps), doc.path);
  if (!existsSync(abs)) throw new ApiFailure('not-found', `the file ${doc.path} is missing from the library (run the check to repair)`);
  return { name: doc.path.split('/').pop()!, mimeType: doc.mimeType ?? mimeOf(doc.path), data: readFileSync(abs), absolutePath: abs };
}

/** Attach receipts (images, PDFs) to a transaction, filed beside its month's statement. */
export function addReceipts(deps: LibraryDeps, transactionId: number, files: { name: string; data: Uint8Array }[]): { documentIds: number[] } {
  const { sqlite } = deps.database;
  const tx = sqlite
    .prepare('SELECT t.id, t.date, t.description, t.display_name AS displayName, t.amount, t.currency, t.card_id AS cardId, c.name AS cardName FROM transactions t JOIN cards c ON c.id = t.card_id WHERE t.id = ?')
    .get(transactionId) as { id: number; date: string; description: string; displayName: string | null; amount: number; currency: string; cardId: number; cardName: string } | undefined;
  if (!tx) throw new ApiFailure('not-found', `no transaction with id ${transactionId}`);
  const pattern = deps.settings.get().receiptPattern;
  const values = {
    yyyy: tx.date.slice(0, 4),
    mm: tx.date.slice(5, 7),
    card: tx.cardName,
    date: tx.date,
    merchant: tx.displayName ?? tx.description,
    amount: `${minorToDecimalString(tx.amount, tx.currency)}${tx.currency}`,
    kind: 'receipt',
  };
  const ids: number[] = [];
  for (const f of files) {
    const plan = planDocument(deps, f.data, pattern, values, f.name);
    const undo = writeDocumentFile(deps, plan, f.data);
    try {
      sqlite.transaction(() => {
        const id = recordDocument(deps, plan, { kind: 'receipt', originalName: f.name, size: f.data.length, cardId: tx.cardId, month: tx.date.slice(0, 7), importId: null });
        sqlite.prepare('INSERT OR IGNORE INTO transaction_documents (transaction_id, document_id) VALUES (?, ?)').run(transactionId, id);
        ids.push(id);
      })();
      clearPendingFile(deps, plan);
    } catch (e) {
      undo();
      throw e;
    }
  }
  return { documentIds: ids };
}

export function unlinkDocument(deps: LibraryDeps, transactionId: number, documentId: number): void {
  deps.database.sqlite.prepare('DELETE FROM transaction_documents WHERE transaction_id = ? AND document_id = ?').run(transactionId, documentId);
  dropDocumentIfUnused(deps, documentId);
}

/** Transactions a receipt may belong to: same amount first, then nearest date (±7 days). */
export function suggestTransactions(deps: LibraryDeps, q: { date: string; amount?: number | null; currency?: string | null }): { id: number; date: string; description: string; amount: number; currency: string; cardName: string; score: number }[] {
  const rows = deps.database.sqlite
    .prepare(
      `SELECT t.id, t.date, t.description, t.amount, t.currency, c.name AS cardName FROM transactions t JOIN cards c ON c.id = t.card_id
       WHERE t.date BETWEEN date(?, '-7 days') AND date(?, '+7 days') AND t.kind IN ('purchase', 'fee', 'other') LIMIT 500`,
    )
    .all(q.date, q.date) as { id: number; date: string; description: string; amount: number; currency: string; cardName: string }[];
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  return rows
    .map((r) => {
      const sameAmount = q.amount != null && r.amount === q.amount && (!q.currency || q.currency === r.currency);
      const score = (sameAmount ? 100 : 0) - Math.abs(day(r.date) - day(q.date)) * 5;
      return { ...r, score };
    })
    .filter((r) => q.amount == null || r.score > 50 || r.amount === q.amount)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, 10);
}

export function linkDocument(deps: LibraryDeps, transactionId: number, documentId: number): void {
  const { sqlite } = deps.database;
  if (!sqlite.prepare('SELECT 1 FROM transactions WHERE id = ?').get(transactionId)) throw new ApiFailure('not-found', `no transaction with id ${transactionId}`);
  if (!sqlite.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId)) throw new ApiFailure('not-found', `no document with id ${documentId}`);
  sqlite.prepare('INSERT OR IGNORE INTO transaction_documents (transaction_id, document_id) VALUES (?, ?)').run(transactionId, documentId);
}

/** A month (optionally one card) as a zip: transactions CSV (UTF-8 with BOM), statements, receipts. */
export function monthBundle(deps: LibraryDeps, month: string, cardId?: number | null): { name: string; data: Uint8Array; files: number; transactions: number } {
  const { from, to } = monthRange(month);
  const { sqlite } = deps.database;
  const lines = monthTransactionLines(deps.database, month, cardId);
  const csv = encodeCsv(lines, 'utf-8');
  const docs = sqlite
    .prepare(
      `SELECT DISTINCT d.id, d.path FROM documents d
       LEFT JOIN transaction_documents td ON td.document_id = d.id LEFT JOIN transactions t ON t.id = td.transaction_id
       WHERE (d.month = ? ${cardId ? 'AND d.card_id = ?' : ''}) OR (t.date BETWEEN ? AND ? ${cardId ? 'AND t.card_id = ?' : ''})`,
    )
    .all(...(cardId ? [month, cardId, from, to, cardId] : [month, from, to])) as { id: number; path: string }[];
  const root = libraryRoot(deps);
  const entries: Record<string, Uint8Array> = { [`${month}/transactions-${month}.csv`]: csv };
  let files = 0;
  for (const d of docs) {
    const abs = libraryPath(root, d.path);
    if (!existsSync(abs)) continue;
    entries[`${month}/${d.path}`] = new Uint8Array(readFileSync(abs));
    files++;
  }
  return { name: `meisai-${month}${cardId ? `-card${cardId}` : ''}.zip`, data: zipSync(entries, { level: 6 }), files, transactions: lines.length - 1 };
}

/**
 * Move the library to another folder: copy every file, verify each copy's hash, switch the
 * setting, then delete the old copies. Any failure before the switch leaves the old library as it was.
 */
export function moveLibrary(deps: LibraryDeps, target: string): { moved: number; libraryDir: string } {
  if (!isAbsolute(target)) throw new ApiFailure('invalid-input', 'choose the new library folder by its full path');
  const from = libraryRoot(deps);
  const to = resolve(target);
  if (existsSync(to) && !statSync(to).isDirectory()) throw new ApiFailure('invalid-input', `${to} is a file, not a folder`);
  if (to === from) return { moved: 0, libraryDir: to };
  if (to.startsWith(from + sep) || from.startsWith(to + sep)) throw new ApiFailure('invalid-input', 'the new library folder may not be inside the old one (or the other way round)');
  if (existsSync(to) && readdirSync(to).length > 0) throw new ApiFailure('conflict', `${to} is not empty; choose an empty or new folder`);
  const files = walk(from);
  const copied: string[] = [];
  try {
    for (const rel of files) {
      const src = join(from, ...rel.split('/'));
      const dst = join(to, ...rel.split('/'));
      mkdirSync(dirname(dst), { recursive: true });
      copyFileSync(src, dst);
      copied.push(dst);
      if (sha256(readFileSync(dst)) !== sha256(readFileSync(src))) throw new Error(`the copy of ${rel} differs`);
    }
  } catch (e) {
    for (const c of copied) rmSync(c, { force: true });
    throw new ApiFailure('failed', `the library was not moved: ${(e as Error).message}`);
  }
  deps.settings.update({ libraryDir: to });
  for (const rel of files) rmSync(join(from, ...rel.split('/')), { force: true });
  return { moved: files.length, libraryDir: to };
}
