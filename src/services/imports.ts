/**
 * Import service: decode and parse first (pure core), then write a whole file in one synchronous
 * transaction — a file imports completely or not at all. Duplicates are recognised by file hash,
 * by the hash of its rows (the same statement re-saved in another encoding or by a spreadsheet),
 * and row by row by fingerprint, so overlapping periods insert only the new rows.
 */
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { formatLabel, isPdf, readStatementRecords, STREAM_THRESHOLD_BYTES, streamStatementFile, UNREADABLE_PDF, type FileParseOptions, type PdfContent, type StreamFileResult } from '../core/import/detect';
import { rebuildLines } from '../core/pdf/lines';
import { createFingerprinter, fingerprintKey } from '../core/import/fingerprint';
import type { CardHint, ParsedRow, StatementSummary } from '../core/import/types';
import { memoizeText } from '../core/memo';
import { normalizeMerchant } from '../core/merchant';
import { pruneSearchTexts, searchIdWriter } from './search-texts';
import { rulesForImport } from './rules';
import { loadKnowledge } from './knowledge';
import { toMajor } from '../core/money';
import type { FileResult, ImportProgress, ImportRecord, ImportRequest, PreviewRow } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { chooseCard, ensureCard, type CardChoice } from './cards';
import type { OpenedDatabase } from './db/open';
import { cards, imports } from './db/schema';
import { ParallelMiss, noteOutcome, prepareParallelImport, startParallelParse, whyNotParallel, type ParallelParse } from './import-parallel';
import { deferIndexes } from './db/bulk-indexes';
import { clearPendingFile, dropDocumentIfUnused, planDocument, recordDocument, writeDocumentFile, type PlannedDocument } from './library';
import { profilesForParsing, saveProfile, touchProfile } from './profiles';
import { descriptionTexts, type RowTexts } from './row-batches';
import { rowsDigest, type RowsDigest } from './rows-digest';
import type { SettingsStore } from './settings';

const INSERT_COLUMNS = `card_id, cardholder_id, date, posted_date, description, merchant, amount, currency, original_amount, original_currency, fx_rate, kind,
  payment_plan, billed_amount, status, details, import_id, source_line, fingerprint, category_id, display_name, memo, search_id`;
const INSERT_WIDTH = INSERT_COLUMNS.split(',').length;
/** Where a row's date sits in its INSERT values. */
const DATE_ARG = 2;
const INSERT_ROW = `(${Array(INSERT_WIDTH).fill('?').join(', ')})`;
/**
 * A plain row (no foreign amount, plan, details, display name or memo; confirmed), most of any
 * statement, binds only these columns and leaves the rest to their defaults: binding 23 values a row
 * was a good part of what SQLite spent on a 100,000-row import.
 */
const PLAIN_COLUMNS = ['card_id', 'cardholder_id', 'date', 'posted_date', 'description', 'merchant', 'amount', 'currency', 'kind', 'import_id', 'source_line', 'fingerprint', 'category_id', 'search_id'];
const COLUMN_NAMES = INSERT_COLUMNS.split(',').map((c) => c.trim());
const PLAIN_ARGS = PLAIN_COLUMNS.map((c) => COLUMN_NAMES.indexOf(c));
const ALL_ARGS = COLUMN_NAMES.map((_, i) => i);
const STATUS_ARG = COLUMN_NAMES.indexOf('status');
/** The values a plain row leaves to the column's default: NULL, and 'confirmed' for the status. */
const NULL_ARGS = ALL_ARGS.filter((i) => !PLAIN_ARGS.includes(i) && i !== STATUS_ARG);
const isPlain = (args: readonly unknown[]) => args[STATUS_ARG] === 'confirmed' && NULL_ARGS.every((i) => args[i] === null);
/** The indexes a row lands in at a place set by its date or text, built once at the end of a bulk load. */
const BULK_INDEXES = ['transactions_date_idx', 'transactions_search_date_idx', 'transactions_category_date_idx'];
/** Rows per multi-row INSERT (23 columns × 25 = 575 parameters, well under SQLite's limit). */
const INSERT_BATCH = 25;

export interface ImportDeps {
  database: OpenedDatabase;
  dataDir: string;
  /** Home currency, library folder and file-name patterns. */
  settings: SettingsStore;
  /** Told where a running import is (the web and desktop doors show it as a progress bar). */
  onProgress?: (p: ImportProgress) => void;
}

type InputFile = ImportRequest['files'][number];

/** Rows returned with a preview; counts always cover the whole file. */
export const PREVIEW_ROWS = 500;

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export function emptyResult(file: string): FileResult {
  return {
    file,
    status: 'error',
    format: null,
    formatLabel: null,
    encoding: null,
    card: null,
    periodFrom: null,
    periodTo: null,
    statementMonth: null,
    total: null,
    needsMapping: false,
    rows: 0,
    inserted: 0,
    duplicates: 0,
    importId: null,
    errors: [],
    warnings: [],
  };
}

/** Base name only: a file name from the renderer or an HTTP client is never a path. */
export function safeBaseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return cleaned.slice(0, 255) || 'statement';
}

interface Analysis {
  result: FileResult;
  /** The first rows (for the preview), with their fingerprints. */
  preview: { row: ParsedRow; fingerprint: string }[];
  /** Every row, kept for files small enough that a second read would cost more than memory. */
  all: { row: ParsedRow; fingerprint: string }[] | null;
  /** A PDF without readable text: filed as the statement, no rows (month from its name, if any). */
  fileOnly: { month: string | null } | null;
  contentHash: string;
  rowsHash: string;
  choice: CardChoice | null;
  summary: StatementSummary | null;
  parseOptions: FileParseOptions;
}

interface PreviousImport {
  id: number;
  fileName: string;
  cardId: number | null;
  cardName: string | null;
  rowCount: number;
  format: string;
  encoding: string;
}

function previousImport(deps: ImportDeps, column: 'content_hash' | 'rows_hash', hash: string): PreviousImport | undefined {
  return deps.database.sqlite
    .prepare(
      `SELECT i.id, i.file_name AS fileName, i.card_id AS cardId, c.name AS cardName, i.row_count AS rowCount, i.format, i.encoding
       FROM imports i LEFT JOIN cards c ON c.id = i.card_id WHERE i.status = 'committed' AND i.${column} = ? ORDER BY i.id LIMIT 1`,
    )
    .get(hash) as PreviousImport | undefined;
}

function alreadyImported(result: FileResult, prev: PreviousImport): FileResult {
  return {
    ...result,
    status: 'already-imported',
    importId: prev.id,
    format: result.format ?? prev.format,
    formatLabel: result.formatLabel ?? formatLabel(prev.format),
    encoding: result.encoding ?? prev.encoding,
    card: result.card ?? (prev.cardId ? { id: prev.cardId, name: prev.cardName ?? '', isNew: false } : null),
    rows: result.rows || prev.rowCount,
    inserted: 0,
    duplicates: result.rows || prev.rowCount,
    warnings: [...result.warnings, { line: null, message: `${result.file} was already imported (as ${prev.fileName}); nothing new in it` }],
  };
}

const located = (name: string, p: { line: number | null; message: string }) => ({ line: p.line, message: `${name}${p.line ? `, line ${p.line}` : ''}: ${p.message}` });

/**
 * First pass over a file: check it whole (parse errors stop everything), count and hash its rows,
 * keep only the first rows for the preview. Big files stream through here without being held.
 */
type Position = { index: number; count: number };

function reporter(deps: ImportDeps, name: string, at: Position, phase: ImportProgress['phase']) {
  const report = deps.onProgress;
  if (!report) return undefined;
  report({ file: name, fileIndex: at.index + 1, files: at.count, phase, done: 0, total: 0 });
  return (done: number, total: number) => report({ file: name, fileIndex: at.index + 1, files: at.count, phase, done, total });
}

/**
 * Read the text of every PDF in a request, before the synchronous import: pdfjs is asynchronous.
 * (The rest of an import stays synchronous: parse first, then write in one transaction.)
 */
export async function extractPdfs(req: ImportRequest): Promise<(PdfContent | null)[]> {
  const out: (PdfContent | null)[] = [];
  for (const f of req.files) {
    if (!isPdf(f.data)) {
      out.push(null);
      continue;
    }
    const { extractPdfText } = await import('./pdf-text');
    const text = await extractPdfText(f.data);
    out.push(text.ok ? { pages: text.pages, lines: rebuildLines(text.items) } : { problem: text.message });
  }
  return out;
}

/** `…202506…` or `…2025-06…` in a file name: the month of a statement without readable text. */
function monthFromName(name: string): string | null {
  const m = /(20\d{2})[-_.]?(0[1-9]|1[0-2])(?!\d)/.exec(name);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** How a file is parsed: the home currency, its name, a column mapping, the saved profiles, a PDF's text. */
function parseOptionsFor(deps: ImportDeps, fileName: string, mapping: ImportRequest['mapping'] | null, pdf: PdfContent | null): FileParseOptions {
  return { defaultCurrency: deps.settings.get().homeCurrency, fileName, mapping, profiles: profilesForParsing(deps.database.db), pdf };
}

function analyse(deps: ImportDeps, file: InputFile, req: ImportRequest, at: Position = { index: 0, count: 1 }, pdf: PdfContent | null = null): Analysis {
  const { db } = deps.database;
  const name = safeBaseName(file.name);
  const result = emptyResult(name);
  const contentHash = sha256(file.data);
  const parseOptions = parseOptionsFor(deps, name, req.mapping ?? null, pdf);
  const onBytes = reporter(deps, name, at, 'reading');
  const base: Analysis = { result, preview: [], all: file.data.length <= STREAM_THRESHOLD_BYTES ? [] : null, fileOnly: null, contentHash, rowsHash: '', choice: null, summary: null, parseOptions };

  // The very same bytes: answer at once, without parsing (re-importing a big file stays instant).
  const sameFile = req.card == null && !req.mapping ? previousImport(deps, 'content_hash', contentHash) : undefined;
  if (sameFile) {
    base.result = alreadyImported(result, sameFile);
    return base;
  }

  const fingerprint = createFingerprinter();
  const digest = rowsDigest();
  const parsed = streamStatementFile(file.data, { ...parseOptions, onBytes }, (row) => {
    const fp = fingerprint(row);
    digest.add(row, fp);
    if (base.preview.length < PREVIEW_ROWS) base.preview.push({ row, fingerprint: fp });
    base.all?.push({ row, fingerprint: fp });
  });
  return concludeAnalysis(deps, req, base, parsed, digest, (hint) => chooseCard(db, req.card, hint));
}

/**
 * The rest of the first pass, once the whole file is parsed: the result, the card and whether these
 * rows were imported before. Shared with the parallel import, which parses in a worker thread.
 */
function concludeAnalysis(deps: ImportDeps, req: ImportRequest, base: Analysis, parsed: StreamFileResult, digest: RowsDigest, choose: (hint: CardHint) => CardChoice): Analysis {
  const { db } = deps.database;
  const result = base.result;
  const name = result.file;
  result.periodFrom = digest.periodFrom;
  result.periodTo = digest.periodTo;
  result.encoding = parsed.encoding;
  if (!parsed.ok && parsed.format === UNREADABLE_PDF) {
    // No rows can come from it, but it is still this card's statement for its month: file it.
    const month = monthFromName(name);
    const choice = chooseCard(db, req.card, { issuer: 'other', suggestedName: 'Card', lastDigits: null, currency: deps.settings.get().homeCurrency });
    base.choice = choice;
    base.fileOnly = { month };
    base.all = null;
    Object.assign(result, {
      status: 'ready',
      format: UNREADABLE_PDF,
      formatLabel: formatLabel(UNREADABLE_PDF),
      card: { id: choice.id, name: choice.name, isNew: choice.isNew },
      statementMonth: month,
      warnings: parsed.errors.map((e) => located(name, e)),
    });
    return base;
  }
  if (!parsed.ok) {
    base.preview = [];
    base.all = null;
    result.periodFrom = result.periodTo = null;
    result.format = parsed.format;
    result.formatLabel = parsed.format ? formatLabel(parsed.format) : null;
    result.needsMapping = parsed.format === null && parsed.encoding !== null;
    result.errors = parsed.errors.slice(0, 100).map((e) => located(name, e));
    if (parsed.errors.length > 100) result.errors.push({ line: null, message: `${name}: ${parsed.errors.length - 100} more problems` });
    return base;
  }
  const st = parsed.summary;
  base.summary = st;
  base.rowsHash = digest.rowsHash();
  result.format = st.format;
  result.formatLabel = formatLabel(st.format);
  result.warnings = st.warnings.map((w) => located(name, w));
  result.rows = parsed.rowCount;
  result.statementMonth = st.statementMonth;
  result.total = st.total ? { ...st.total, currency: st.card.currency } : null;

  const choice = choose(st.card);
  base.choice = choice;
  result.card = { id: choice.id, name: choice.name, isNew: choice.isNew };

  const sameRows = previousImport(deps, 'rows_hash', base.rowsHash);
  if (sameRows && (sameRows.cardId === choice.id || req.card == null)) {
    base.result = alreadyImported(result, sameRows);
    return base;
  }
  result.status = 'ready';
  return base;
}

/**
 * Rows of this file that are already in the ledger as rows of a statement in another form (its
 * CSV against its PDF), which print the merchant differently. One for one, in phases: the exact
 * fingerprint first; then the same card, date and amount with the same normalised merchant; then,
 * merchant-blind, only where both sides hold the same number of rows for that date and amount
 * (otherwise the rows are inserted and the preview shows them as new). Read-only: used by the
 * preview and, inside the transaction, by the commit. Returns row index → existing row id.
 */
function crossFormatMatches(sqlite: OpenedDatabase['sqlite'], cardId: number, entries: readonly { row: ParsedRow; fingerprint: string }[], pdfImport: boolean): Map<number, number> {
  const claims = new Map<number, number>();
  const taken = new Set<number>();
  const byFingerprint = sqlite.prepare('SELECT id FROM transactions WHERE card_id = ? AND date = ? AND fingerprint = ?');
  entries.forEach((e, i) => {
    const hit = byFingerprint.get(cardId, e.row.date, fingerprintKey(e.fingerprint)) as { id: number } | undefined;
    if (hit && !taken.has(hit.id)) {
      claims.set(i, hit.id);
      taken.add(hit.id);
    }
  });
  const candidates = sqlite.prepare(
    `SELECT t.id, t.merchant FROM transactions t JOIN imports i ON i.id = t.import_id
     WHERE t.card_id = ? AND t.date = ? AND t.amount = ? AND i.status = 'committed' AND (? = 1 OR i.format LIKE 'pdf-%') ORDER BY t.id`,
  );
  const groups = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (claims.has(i)) return;
    const key = `${e.row.date}|${e.row.amount}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const [, members] of groups) {
    const first = entries[members[0]!]!.row;
    const pool = (candidates.all(cardId, first.date, first.amount, pdfImport ? 1 : 0) as { id: number; merchant: string }[]).filter((c) => !taken.has(c.id));
    const left: number[] = [];
    for (const i of members) {
      const merchant = normalizeMerchant(entries[i]!.row.description);
      const same = pool.find((c) => !taken.has(c.id) && (c.merchant === merchant || c.merchant.includes(merchant) || merchant.includes(c.merchant)));
      if (same) {
        claims.set(i, same.id);
        taken.add(same.id);
      } else left.push(i);
    }
    const rest = pool.filter((c) => !taken.has(c.id));
    if (left.length > 0 && left.length === rest.length) {
      left.forEach((i, k) => {
        claims.set(i, rest[k]!.id);
        taken.add(rest[k]!.id);
      });
    }
  }
  return claims;
}

/** Does cross-format matching apply to this import (a PDF on either side)? */
function crossFormatApplies(sqlite: OpenedDatabase['sqlite'], cardId: number | null, format: string): boolean {
  if (cardId === null) return false;
  return format.startsWith('pdf') || !!sqlite.prepare("SELECT 1 FROM imports WHERE card_id = ? AND status = 'committed' AND format LIKE 'pdf-%' LIMIT 1").get(cardId);
}

/** A row as it was before an import updated it from unconfirmed to posted (undo puts it back). */
type PendingRow = {
  id: number;
  amount: number;
  fxRate: string | null;
  status: string;
  postedDate: string | null;
  fingerprint: string;
  /** Absent in records written before an update could add the original amount. */
  originalAmount?: number | null;
  originalCurrency?: string | null;
};

/** How far a posted amount may be from the estimate of an unconfirmed listing that printed no original amount. */
const POSTED_TOLERANCE = 0.05;

/**
 * A foreign charge first listed as unconfirmed (estimated rate) posts later with its final billed
 * amount. Its earlier row is found by card, date, original amount and currency; or, when the
 * unconfirmed listing printed no original amount (SMBC Vpass not yet settled), by card, date, the
 * same normalised merchant and a billed amount within POSTED_TOLERANCE (the closest wins).
 * Answers `update` (that row takes the posted values), `posted` (the new row is an older unconfirmed
 * listing of a charge already posted: nothing to write) or null (a new row). Read-only: the preview
 * asks it to predict what the commit will do, and the commit asks it before writing.
 */
function postedMatcher(sqlite: OpenedDatabase['sqlite']) {
  const columns = 'id, amount, fx_rate AS fxRate, status, posted_date AS postedDate, fingerprint, original_amount AS originalAmount, original_currency AS originalCurrency';
  const sameForeign = sqlite.prepare(`SELECT ${columns} FROM transactions WHERE card_id = ? AND date = ? AND original_amount = ? AND original_currency = ? ORDER BY status DESC, id`);
  const sameMerchant = sqlite.prepare(
    `SELECT ${columns} FROM transactions WHERE card_id = ? AND date = ? AND currency = ? AND merchant = ? AND status = 'unconfirmed' AND original_amount IS NULL AND amount BETWEEN ? AND ? ORDER BY id`,
  );
  sameForeign.safeIntegers(true);
  sameMerchant.safeIntegers(true);
  type Found = { id: bigint; amount: bigint; fxRate: string | null; status: string; postedDate: string | null; fingerprint: bigint; originalAmount: bigint | null; originalCurrency: string | null };
  const pending = (x: Found): PendingRow => ({
    id: Number(x.id),
    amount: Number(x.amount),
    fxRate: x.fxRate,
    status: x.status,
    postedDate: x.postedDate,
    fingerprint: String(x.fingerprint),
    originalAmount: x.originalAmount === null ? null : Number(x.originalAmount),
    originalCurrency: x.originalCurrency,
  });
  return (cardId: number, row: ParsedRow, free: (id: number) => boolean): { update: PendingRow } | { posted: number } | null => {
    if (row.originalAmount === null || !row.originalCurrency) return null;
    const rows = (sameForeign.all(cardId, row.date, row.originalAmount, row.originalCurrency) as Found[]).filter((x) => free(Number(x.id)));
    const same = rows.find((x) => x.status === 'unconfirmed');
    if (same) return { update: pending(same) };
    if (row.status === 'unconfirmed') {
      // An older, unconfirmed listing of a charge that has already posted adds nothing.
      const settled = rows.find((x) => x.status === 'confirmed' && x.amount !== BigInt(row.amount));
      return settled ? { posted: Number(settled.id) } : null;
    }
    const tolerance = Math.floor(Math.abs(row.amount) * POSTED_TOLERANCE);
    const near = (sameMerchant.all(cardId, row.date, row.currency, normalizeMerchant(row.description), row.amount - tolerance, row.amount + tolerance) as Found[]).filter((x) => free(Number(x.id)));
    const distance = (x: Found) => Math.abs(Number(x.amount) - row.amount);
    const closest = near.reduce<Found | null>((best, x) => (best === null || distance(x) < distance(best) ? x : best), null);
    return closest ? { update: pending(closest) } : null;
  };
}

/** Preview only: which rows are already in the ledger, and why (one more pass over big files). */
function markDuplicates(deps: ImportDeps, file: InputFile, a: Analysis, at: Position): PreviewRow[] {
  const { sqlite } = deps.database;
  const lookup = sqlite.prepare(
    `SELECT i.file_name AS fileName, t.source_line AS line FROM transactions t LEFT JOIN imports i ON i.id = t.import_id
     WHERE t.card_id = ? AND t.date = ? AND t.fingerprint = ?`,
  );
  const cardId = a.choice?.id ?? null;
  const reason = (row: ParsedRow, fp: string): string | null => {
    if (cardId === null) return null;
    const hit = lookup.get(cardId, row.date, fingerprintKey(fp)) as { fileName: string | null; line: number | null } | undefined;
    if (!hit) return null;
    return hit.fileName ? `already imported from ${hit.fileName}${hit.line ? `, line ${hit.line}` : ''}` : 'already in the ledger';
  };
  const source = sqlite.prepare('SELECT i.file_name AS fileName, t.source_line AS line FROM transactions t LEFT JOIN imports i ON i.id = t.import_id WHERE t.id = ?');
  const from = (id: number) => {
    const hit = source.get(id) as { fileName: string | null; line: number | null };
    return `${hit.fileName ?? 'the ledger'}${hit.line ? `, line ${hit.line}` : ''}`;
  };
  // What the commit will do with a row not yet in the ledger: post an unconfirmed charge (update
  // it), or nothing for an older listing of a charge already posted (see postedMatcher).
  const findPosted = postedMatcher(sqlite);
  const used = new Set<number>();
  let updated = 0;
  const posting = (row: ParsedRow, claimed: ReadonlySet<number>): { duplicate: string | null; updates: string | null } | null => {
    if (cardId === null) return null;
    const found = findPosted(cardId, row, (id) => !used.has(id) && !claimed.has(id));
    if (!found) return null;
    const id = 'update' in found ? found.update.id : found.posted;
    used.add(id);
    if (!('update' in found)) return { duplicate: `already posted (imported from ${from(id)})`, updates: null };
    updated++;
    return { duplicate: null, updates: `updates the unconfirmed charge imported from ${from(id)}` };
  };
  if (cardId !== null && a.all && a.summary && crossFormatApplies(sqlite, cardId, a.summary.format)) {
    // The same reasons the commit will act on, including rows of the statement in its other form.
    const claims = crossFormatMatches(sqlite, cardId, a.all, a.summary.format.startsWith('pdf'));
    const claimed = new Set(claims.values());
    const shown: PreviewRow[] = [];
    let duplicates = 0;
    a.all.forEach(({ row }, i) => {
      const id = claims.get(i);
      const marks = id === undefined ? (posting(row, claimed) ?? { duplicate: null, updates: null }) : { duplicate: `already imported from ${from(id)}`, updates: null };
      if (marks.duplicate || marks.updates) duplicates++;
      if (i < a.preview.length) shown.push({ ...previewRow(row), ...marks });
    });
    a.result.duplicates = duplicates;
    a.result.updated = updated;
    return shown;
  }
  const none = new Set<number>();
  const marksOf = (row: ParsedRow, fp: string): { duplicate: string | null; updates: string | null } => {
    const dup = reason(row, fp);
    return dup ? { duplicate: dup, updates: null } : (posting(row, none) ?? { duplicate: null, updates: null });
  };
  let duplicates = 0;
  const shown = a.preview.map(({ row, fingerprint }) => {
    const marks = marksOf(row, fingerprint);
    if (marks.duplicate || marks.updates) duplicates++;
    return { ...previewRow(row), ...marks };
  });
  if (cardId !== null && a.result.rows > a.preview.length) {
    const fingerprint = createFingerprinter();
    let i = 0;
    streamStatementFile(file.data, { ...a.parseOptions, onBytes: reporter(deps, a.result.file, at, 'checking') }, (row) => {
      const fp = fingerprint(row);
      if (i++ < a.preview.length) return;
      const marks = marksOf(row, fp);
      if (marks.duplicate || marks.updates) duplicates++;
    });
  }
  a.result.duplicates = duplicates;
  a.result.updated = updated;
  return shown;
}

function previewRow(r: ParsedRow): Omit<PreviewRow, 'duplicate'> {
  return {
    line: r.line,
    date: r.date,
    postedDate: r.postedDate,
    description: r.description,
    amount: toMajor(r.amount, r.currency),
    amountMinor: r.amount,
    currency: r.currency,
    kind: r.kind,
    cardholder: r.cardholder?.name ?? null,
    originalAmountMinor: r.originalAmount,
    originalCurrency: r.originalCurrency,
    fxRate: r.fxRate,
  };
}

export function previewImport(deps: ImportDeps, req: ImportRequest, pdfs: readonly (PdfContent | null)[] = []): { files: FileResult[] } {
  return {
    files: req.files.map((f, index) => {
      const at = { index, count: req.files.length };
      const a = analyse(deps, f, req, at, pdfs[index] ?? null);
      if (a.result.status === 'ready' && !a.fileOnly) a.result.preview = markDuplicates(deps, f, a, at);
      return a.result;
    }),
  };
}

export function commitImport(deps: ImportDeps, req: ImportRequest, pdfs: readonly (PdfContent | null)[] = []): { files: FileResult[] } {
  return {
    files: req.files.map((f, index) => {
      try {
        return commitOne(deps, f, req, { index, count: req.files.length }, pdfs[index] ?? null);
      } catch (e) {
        // Each file commits on its own: one that fails (disk, database) is reported, the others stand.
        const name = safeBaseName(f.name);
        if (e instanceof ApiFailure && req.files.length === 1) throw e;
        return { ...emptyResult(name), errors: [{ line: null, message: `${name}: nothing was imported (${e instanceof Error ? e.message.replace(/\/[^\s'"]+/g, '…') : String(e)})` }] };
      }
    }),
  };
}

/** Preview or commit, with any PDFs' text extracted first. */
export async function runImport(deps: ImportDeps, kind: 'preview' | 'commit', req: ImportRequest): Promise<{ files: FileResult[] }> {
  const pdfs = await extractPdfs(req);
  await prepareParallelImport(kind, req);
  return kind === 'preview' ? previewImport(deps, req, pdfs) : commitImport(deps, req, pdfs);
}

/** Store a PDF without readable text as the statement of its card and month; no rows. */
function fileOnly(deps: ImportDeps, file: InputFile, a: Analysis): FileResult {
  const r = a.result;
  const choice = a.choice!;
  const month = a.fileOnly!.month;
  const lib = { database: deps.database, dataDir: deps.dataDir, settings: deps.settings };
  const plan = planDocument(lib, file.data, deps.settings.get().statementPattern, { yyyy: month?.slice(0, 4) ?? 'unknown', mm: month?.slice(5, 7) ?? '00', card: choice.name, kind: 'statement' }, r.file);
  const removeFile = writeDocumentFile(lib, plan, file.data);
  try {
    const done = deps.database.sqlite.transaction(() => {
      const cardId = ensureCard(deps.database.db, choice);
      const importRow = deps.database.db
        .insert(imports)
        .values({ fileName: r.file, contentHash: a.contentHash, format: UNREADABLE_PDF, encoding: 'pdf', cardId, rowCount: 0, statementMonth: month, warnings: JSON.stringify(r.warnings.map((w) => w.message)), storedPath: plan.path })
        .returning({ id: imports.id })
        .get();
      recordDocument(lib, plan, { kind: 'statement', originalName: r.file, size: file.data.length, cardId, month, importId: importRow.id });
      return { cardId, importId: importRow.id };
    })();
    clearPendingFile(lib, plan);
    return { ...r, status: 'filed', importId: done.importId, card: { id: done.cardId, name: choice.name, isNew: choice.isNew } };
  } catch (e) {
    removeFile();
    throw e;
  }
}

function commitOne(deps: ImportDeps, file: InputFile, req: ImportRequest, at: Position, pdf: PdfContent | null = null): FileResult {
  // A big file of a streaming format is parsed by a worker thread while this one writes its rows
  // (import-parallel.ts). Whenever the finished parse shows that this sequential path would do
  // anything differently, that transaction is rolled back and the file is imported here instead.
  const why = pdf === null ? whyNotParallel(file, req) : 'a PDF';
  if (why) noteOutcome({ path: 'sequential', reason: why });
  const parallel = why ? null : startParallel(deps, file, req, at);
  if (parallel) {
    try {
      const done = writeImport(deps, file, req, at, parallel.analysis, parallel.parse);
      noteOutcome({ path: 'parallel' });
      return done;
    } catch (e) {
      parallel.parse.cancel();
      noteOutcome({ path: 'sequential', reason: e instanceof ParallelMiss ? e.message : `the parallel import failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const a = analyse(deps, file, req, at, pdf);
  const r = a.result;
  if (r.status === 'ready' && a.fileOnly) return fileOnly(deps, file, a);
  if (r.status !== 'ready' || !a.choice || !a.summary) return r;
  return writeImport(deps, file, req, at, a, null);
}

/**
 * The start of a parallel import, before its transaction: what analyse() finds before it parses,
 * and the card the first lines of the file name. Null: import sequentially.
 */
function startParallel(deps: ImportDeps, file: InputFile, req: ImportRequest, at: Position): { analysis: Analysis; parse: ParallelParse } | null {
  const { db } = deps.database;
  const name = safeBaseName(file.name);
  const parseOptions = parseOptionsFor(deps, name, null, null);
  const job = startParallelParse(file.data, { defaultCurrency: parseOptions.defaultCurrency, fileName: name, profiles: parseOptions.profiles });
  if (!job) return null;
  // While the parser thread reads the first lines.
  const contentHash = sha256(file.data);
  // The very same bytes are answered at once by the sequential path.
  if (req.card == null && previousImport(deps, 'content_hash', contentHash)) {
    job.cancel();
    noteOutcome({ path: 'sequential', reason: 'the same file was imported before' });
    return null;
  }
  const parse = job.head();
  if (!parse) return null;
  let choice: CardChoice;
  try {
    choice = chooseCard(db, req.card, parse.card);
  } catch {
    // A card that does not exist: the sequential path reports it (after the file's own problems).
    parse.cancel();
    noteOutcome({ path: 'sequential', reason: 'no card for the start of the file' });
    return null;
  }
  reporter(deps, name, at, 'reading');
  // Until the whole file is parsed: what is known from its first lines (replaced, and the import
  // row rewritten, as soon as the parse ends).
  const summary: StatementSummary = { format: parse.format, card: parse.card, total: null, statementMonth: null, errors: [], warnings: [] };
  const result = emptyResult(name);
  const analysis: Analysis = { result, preview: [], all: null, fileOnly: null, contentHash, rowsHash: '', choice, summary, parseOptions };
  return { analysis, parse };
}

/** Do two card hints say the same (so chooseCard, on the same ledger, chooses the same)? */
function sameHint(x: CardHint, y: CardHint): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/**
 * Runs a write whose commit would also copy its pages from the WAL into the database file (SQLite's
 * automatic checkpoint: ~0.1 s per 100,000 imported rows). The rows are durable once the WAL is
 * synced, so the copy waits until the result is on its way.
 */
function checkpointAfterwards<T>(sqlite: OpenedDatabase['sqlite'], write: () => T): T {
  const every = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (!(every > 0) || sqlite.inTransaction) return write();
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return write();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${every}`);
    setImmediate(() => {
      if (!sqlite.open || sqlite.inTransaction) return;
      try {
        sqlite.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or closing: SQLite checkpoints at a later commit or on close.
      }
    });
  }
}

/** Write an analysed file: its rows, its import record and the statement document, in one transaction. */
function writeImport(deps: ImportDeps, file: InputFile, req: ImportRequest, at: Position, analysis: Analysis, parallel: ParallelParse | null): FileResult {
  let a = analysis;
  let r = a.result;
  let st = a.summary!;
  const choice = a.choice!;
  const { db, sqlite } = deps.database;
  // The statement file itself goes into the library, named by month and card, before the
  // transaction; if the transaction fails it is removed again. A parallel import learns the month
  // and the rows hash only at the end of its parse: its file is written inside the transaction then.
  let month: string | null = null;
  let plan: PlannedDocument | null = null;
  let removeFile = () => {};
  const storeFile = () => {
    month = st.statementMonth ?? (r.periodTo ? r.periodTo.slice(0, 7) : null);
    plan = planDocument(
      { database: deps.database, dataDir: deps.dataDir, settings: deps.settings },
      file.data,
      deps.settings.get().statementPattern,
      { yyyy: month?.slice(0, 4) ?? 'unknown', mm: month?.slice(5, 7) ?? '00', card: choice.name, kind: 'statement' },
      r.file,
    );
    removeFile = writeDocumentFile({ database: deps.database, dataDir: deps.dataDir, settings: deps.settings }, plan, file.data);
  };
  if (!parallel) storeFile();
  try {
    const committed = checkpointAfterwards(sqlite, () => sqlite.transaction(() => {
      const cardId = ensureCard(db, choice);
      if (req.mapping && req.saveProfileAs) {
        const read = readStatementRecords(file.data);
        const header = read.ok ? read.records.find((rec) => rec.line === req.mapping!.headerLine) : undefined;
        saveProfile(db, req.saveProfileAs, req.mapping, header?.cells ?? null);
      }
      if (st.format.startsWith('profile:')) touchProfile(db, st.format.slice('profile:'.length));
      const importValues = () => ({
        fileName: r.file,
        contentHash: a.contentHash,
        rowsHash: a.rowsHash,
        format: st.format,
        encoding: r.encoding ?? 'unknown',
        cardId,
        periodFrom: r.periodFrom,
        periodTo: r.periodTo,
        rowCount: r.rows,
        statementTotal: st.total?.printed ?? null,
        computedTotal: st.total?.computed ?? null,
        statementCurrency: st.card.currency,
        statementMonth: st.statementMonth,
        warnings: r.warnings.length ? JSON.stringify(r.warnings.map((w) => w.message)) : null,
        storedPath: plan?.path ?? null,
      });
      const importRow = db.insert(imports).values(importValues()).returning({ id: imports.id }).get();
      const holderIds = new Map<string, number>();
      const findHolder = sqlite.prepare('SELECT id FROM cardholders WHERE card_id = ? AND name = ? AND last_digits IS ?');
      const addHolder = sqlite.prepare('INSERT INTO cardholders (card_id, name, role, last_digits) VALUES (?, ?, ?, ?)');
      // Consecutive rows mostly share their cardholder: compared field by field before a keyed lookup.
      let lastHolder: { name: string; lastDigits: string | null; id: number } | null = null;
      const holderId = (h: NonNullable<ParsedRow['cardholder']>): number => {
        if (lastHolder && lastHolder.name === h.name && lastHolder.lastDigits === h.lastDigits) return lastHolder.id;
        const key = `${h.name}\u0000${h.lastDigits ?? ''}`;
        let hid = holderIds.get(key);
        if (hid === undefined) {
          const found = findHolder.get(cardId, h.name, h.lastDigits) as { id: number } | undefined;
          hid = found ? found.id : Number(addHolder.run(cardId, h.name, h.role, h.lastDigits).lastInsertRowid);
          holderIds.set(key, hid);
        }
        lastHolder = { name: h.name, lastDigits: h.lastDigits, id: hid };
        return hid;
      };
      // The user's rules categorise, tag and annotate new rows as they are written; rows no rule
      // categorises get the shipped merchant knowledge's category.
      const rules = rulesForImport(sqlite);
      const knowledge = deps.settings.get().merchantKnowledge ? loadKnowledge(deps.database, deps.dataDir) : () => null;
      const insert = sqlite.prepare(
        `INSERT INTO transactions (${INSERT_COLUMNS}) VALUES ${INSERT_ROW}
         ON CONFLICT (card_id, date, fingerprint) DO NOTHING`,
      );
      const tag = sqlite.prepare('INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) VALUES (?, ?)');
      // Everything that depends on the description alone, worked out once per distinct description.
      const searchIdOf = searchIdWriter(sqlite);
      type Facts = { merchant: string; known: number | null; search: number };
      const facts = (texts: { merchant: string; search: string }, description: string): Facts => ({
        merchant: texts.merchant,
        known: knowledge(texts.merchant, description),
        search: searchIdOf.ofText(texts.search),
      });
      const factsOf = memoizeText((description) => facts(descriptionTexts(description), description));
      // A parallel import's parser thread sends the derived texts, once per description id.
      const factsById: (Facts | undefined)[] = [];
      const factsFrom = (texts: RowTexts, description: string): Facts => (factsById[texts.id] ??= facts(texts, description));
      /** A row's column values as the INSERT takes them, and the tags its rules add. */
      const valuesOf = (row: ParsedRow, key: bigint, texts: RowTexts | null): { args: unknown[]; tags: readonly string[] } => {
        const facts = texts ? factsFrom(texts, row.description) : factsOf(row.description);
        const merchant = facts.merchant;
        const cardholder = row.cardholder ? holderId(row.cardholder) : null;
        const out = rules.any
          ? rules.evaluate({ description: row.description, merchant, amount: row.amount, currency: row.currency, cardId, cardholder: row.cardholder?.name ?? null, kind: row.kind })
          : null;
        const displayName = out?.displayName ?? null;
        const memo = out?.memo ?? null;
        const args = [
          cardId,
          cardholder,
          row.date,
          row.postedDate,
          row.description,
          merchant,
          row.amount,
          row.currency,
          row.originalAmount,
          row.originalCurrency,
          row.fxRate,
          row.kind,
          row.paymentPlan,
          row.billedAmount,
          row.status,
          row.details ? JSON.stringify(row.details) : null,
          importRow.id,
          row.line,
          key,
          out?.categoryId ?? (row.kind === 'payment' ? null : facts.known),
          displayName,
          memo,
          displayName === null && memo === null ? facts.search : searchIdOf([row.description, displayName, memo]),
        ];
        return { args, tags: out?.tags ?? [] };
      };
      // Rows without tags are written INSERT_BATCH at a time: one statement for many rows costs SQLite
      // and the native boundary far less than one each (measured ~25-40 % of the write on 100k rows).
      // A batch is one flat parameter array per statement, filled in place: building it with flatMap
      // cost ~0.5 s per 100,000 rows on its own (V8's flatMap is slow), more than the rest of the loop.
      // Each batch statement comes with the argument positions it binds; a batch of plain rows only
      // binds theirs (PLAIN_COLUMNS).
      const fullBatch = {
        insert: sqlite.prepare(
          `INSERT INTO transactions (${INSERT_COLUMNS}) VALUES ${Array(INSERT_BATCH).fill(INSERT_ROW).join(', ')}
           ON CONFLICT (card_id, date, fingerprint) DO NOTHING`,
        ),
        args: ALL_ARGS,
        flat: new Array<unknown>(INSERT_BATCH * INSERT_WIDTH),
      };
      const plainBatch = {
        insert: sqlite.prepare(
          `INSERT INTO transactions (${PLAIN_COLUMNS.join(', ')}) VALUES ${Array(INSERT_BATCH).fill(`(${PLAIN_ARGS.map(() => '?').join(', ')})`).join(', ')}
           ON CONFLICT (card_id, date, fingerprint) DO NOTHING`,
        ),
        args: PLAIN_ARGS,
        flat: new Array<unknown>(INSERT_BATCH * PLAIN_ARGS.length),
      };
      const batchKeys: bigint[] = [];
      const batchArgs: unknown[][] = [];
      let batchPlain = true;
      /** Writes the buffered rows; returns how many were new. Rows already in the ledger gain this document. */
      const flush = (): number => {
        const count = batchKeys.length;
        if (count === 0) return 0;
        let n: number;
        if (count === INSERT_BATCH) {
          const batch = batchPlain ? plainBatch : fullBatch;
          let p = 0;
          for (const args of batchArgs) for (const j of batch.args) batch.flat[p++] = args[j];
          n = batch.insert.run(batch.flat).changes;
        } else {
          n = 0;
          for (const args of batchArgs) n += insert.run(args).changes;
        }
        // Some were already in the ledger (an overlapping statement): find which.
        if (n < count) batchKeys.forEach((key, i) => adoptExisting(batchArgs[i]![DATE_ARG] as string, key));
        batchKeys.length = 0;
        batchArgs.length = 0;
        batchPlain = true;
        return n;
      };
      /** A row already in the ledger from an earlier import (the same row of an overlapping statement) gains this document. */
      const adoptExisting = (date: string, key: bigint) => {
        const existing = byFingerprint.get(cardId, date, key) as { id: number; importId: number | null } | undefined;
        if (existing && existing.importId !== importRow.id) matched.add(existing.id);
      };
      // A statement's CSV and PDF carry the same rows with differently printed merchant text: such
      // rows are not doubled, they gain this statement as a document (see crossFormatMatches).
      const matched = new Set<number>();
      const claims = a.all && crossFormatApplies(sqlite, cardId, st.format) ? crossFormatMatches(sqlite, cardId, a.all, st.format.startsWith('pdf')) : null;
      const byFingerprint = sqlite.prepare('SELECT id, import_id AS importId FROM transactions WHERE card_id = ? AND date = ? AND fingerprint = ?');
      const claimedIds = new Set(claims?.values() ?? []);
      // A foreign charge that posts later with another billed amount updates its unconfirmed row
      // (remembered, so undoing this import puts it back) instead of a second row appearing.
      const findPosted = postedMatcher(sqlite);
      const updatePosted = sqlite.prepare("UPDATE transactions SET amount = ?, fx_rate = ?, status = ?, posted_date = COALESCE(?, posted_date), fingerprint = ?, original_amount = ?, original_currency = ? WHERE id = ?");
      const updatedRows: PendingRow[] = [];
      const postedForeign = (row: ParsedRow, key: bigint): number | null => {
        const found = findPosted(cardId, row, (id) => !matched.has(id) && !claimedIds.has(id));
        if (found && 'update' in found) {
          updatedRows.push(found.update);
          updatePosted.run(row.amount, row.fxRate, row.status, row.postedDate, key, row.originalAmount, row.originalCurrency, found.update.id);
          return found.update.id;
        }
        return found ? found.posted : null;
      };
      /** Writes (or buffers) one row; returns how many rows became new in the ledger by this call. */
      const writeOrMatch = (row: ParsedRow, fp: string | bigint, index: number, texts: RowTexts | null = null): number => {
        const claimed = claims?.get(index);
        if (claimed !== undefined) {
          matched.add(claimed);
          return 0;
        }
        const key = typeof fp === 'bigint' ? fp : fingerprintKey(fp);
        let flushed = 0;
        if (row.originalAmount !== null && row.originalCurrency) {
          // The checks below read the ledger: the rows before this one must be in it.
          flushed = flush();
          if (!byFingerprint.get(cardId, row.date, key)) {
            const posted = postedForeign(row, key);
            if (posted !== null) {
              matched.add(posted);
              return flushed;
            }
          }
        }
        const { args, tags } = valuesOf(row, key, texts);
        if (tags.length === 0) {
          batchArgs.push(args);
          batchPlain &&= isPlain(args);
          batchKeys.push(key);
          return flushed + (batchKeys.length === INSERT_BATCH ? flush() : 0);
        }
        // Tags need the new row's id: written on its own, after the rows before it.
        flushed += flush();
        const res = insert.run(args);
        if (res.changes === 1) for (const name of tags) tag.run(res.lastInsertRowid, rules.tagId(name));
        else adoptExisting(row.date, key);
        return flushed + res.changes;
      };
      // A big file into a small ledger: the scattered indexes are built once, at the end (db/bulk-indexes.ts).
      // A parallel import's row count is known only at the end: estimated low from its size. Not for a
      // file too big to hold (streamed): sorting a million rows' index entries at once would take the
      // memory its streaming saves (measured: the 1,000,000-row import's peak went from 481 to 503 MB).
      const bulkRows = parallel ? Math.floor(file.data.length / 128) : a.all ? r.rows : 0;
      const rebuildIndexes = deferIndexes(sqlite, 'transactions', BULK_INDEXES, bulkRows);
      let inserted = 0;
      if (parallel) {
        // Claims of a statement in its other form need every row before the first is written.
        if (crossFormatApplies(sqlite, cardId, st.format)) throw new ParallelMiss('cross-format matching applies');
        const provisional = st.format;
        let report: ReturnType<typeof reporter>;
        let total = 0;
        const seen = parallel.rows(
          (row, key, i, texts) => {
            inserted += writeOrMatch(row, key, i, texts);
            if (report && i % 20_000 === 0) report(i, total);
          },
          (end) => {
            // The whole file is parsed: the analysis the sequential path would have made, which must
            // agree with what the rows were written on, then the statement file and the import row.
            a = concludeAnalysis(deps, req, a, end.parsed, end.digest, (hint) => {
              if (!sameHint(hint, parallel.card)) throw new ParallelMiss('the whole file names another card than its first lines');
              return choice;
            });
            if (a.result.status !== 'ready') throw new ParallelMiss(a.result.status === 'already-imported' ? 'its rows were imported before' : 'the file has problems');
            if (a.summary!.format !== provisional) throw new ParallelMiss('the whole file reads as another format');
            r = a.result;
            st = a.summary!;
            storeFile();
            db.update(imports).set(importValues()).where(eq(imports.id, importRow.id)).run();
            total = r.rows;
            report = reporter(deps, r.file, at, 'writing');
          },
        );
        if (seen !== r.rows || !plan) throw new ParallelMiss('the parser sent another number of rows than it counted');
      } else if (a.all) {
        // A small file's rows were kept from the first pass.
        const report = reporter(deps, r.file, at, 'writing');
        a.all.forEach(({ row, fingerprint }, i) => {
          inserted += writeOrMatch(row, fingerprint, i);
          if (report && i % 20_000 === 0) report(i, a.all!.length);
        });
      } else {
        // A big file is read a second time, inside the transaction, and written as it comes.
        const fingerprint = createFingerprinter();
        let seen = 0;
        const again = streamStatementFile(file.data, { ...a.parseOptions, onBytes: reporter(deps, r.file, at, 'writing') }, (row) => {
          inserted += writeOrMatch(row, fingerprint(row), seen++);
        });
        // Parsing is deterministic; anything else means the bytes changed under us: write nothing.
        if (!again.ok || seen !== r.rows) throw new Error(`${r.file} read differently the second time; nothing was imported`);
      }
      inserted += flush();
      rebuildIndexes();
      sqlite.prepare('UPDATE imports SET inserted_count = ?, duplicate_count = ?, updated_rows = ? WHERE id = ?').run(inserted, r.rows - inserted, updatedRows.length ? JSON.stringify(updatedRows) : null, importRow.id);
      if (updatedRows.length) r.warnings.push({ line: null, message: `${r.file}: ${updatedRows.length} unconfirmed foreign charge(s) updated with the amount they posted at` });
      // The statement documents the rows it brought in.
      const documentId = recordDocument({ database: deps.database, dataDir: deps.dataDir, settings: deps.settings }, plan!, { kind: 'statement', originalName: r.file, size: file.data.length, cardId, month, importId: importRow.id });
      sqlite.prepare('INSERT OR IGNORE INTO transaction_documents (transaction_id, document_id) SELECT id, ? FROM transactions WHERE import_id = ?').run(documentId, importRow.id);
      const link = sqlite.prepare('INSERT OR IGNORE INTO transaction_documents (transaction_id, document_id) VALUES (?, ?)');
      for (const id of matched) link.run(id, documentId);
      return { cardId, importId: importRow.id, inserted, updated: updatedRows.length };
    })());
    clearPendingFile({ database: deps.database, dataDir: deps.dataDir, settings: deps.settings }, plan!);
    r.status = 'imported';
    r.importId = committed.importId;
    r.inserted = committed.inserted;
    r.duplicates = r.rows - committed.inserted;
    r.updated = committed.updated;
    r.card = { id: committed.cardId, name: choice.name, isNew: choice.isNew };
    return r;
  } catch (e) {
    removeFile();
    throw e;
  }
}

/** The first records of a file, for the column-mapping dialog. */
export function inspectFile(file: InputFile): { file: string; encoding: string | null; records: { line: number; cells: string[] }[]; errors: FileResult['errors'] } {
  const name = safeBaseName(file.name);
  const read = readStatementRecords(file.data);
  if (!read.ok) return { file: name, encoding: null, records: [], errors: read.errors.map((e) => ({ line: e.line, message: `${name}${e.line ? `, line ${e.line}` : ''}: ${e.message}` })) };
  return { file: name, encoding: read.encoding, records: read.records.slice(0, 30).map((r) => ({ line: r.line, cells: r.cells.slice(0, 60) })), errors: [] };
}

/** Undo one import: remove exactly the rows it inserted (rows it found already present stay). */
export function undoImport(deps: Pick<ImportDeps, 'database' | 'dataDir' | 'settings'>, id: number): { id: number; removed: number } {
  const { sqlite } = deps.database;
  const row = sqlite.prepare('SELECT status FROM imports WHERE id = ?').get(id) as { status: string } | undefined;
  if (!row) throw new ApiFailure('not-found', `no import with id ${id}`);
  if (row.status !== 'committed') throw new ApiFailure('conflict', `import ${id} was already undone`);
  const drop: number[] = [];
  const removed = sqlite.transaction(() => {
    // A row another committed statement also contains (an overlapping CSV, the same month's PDF)
    // is that import's row now, not removed.
    const holder = `SELECT d.import_id FROM transaction_documents td JOIN documents d ON d.id = td.document_id JOIN imports i ON i.id = d.import_id
       WHERE td.transaction_id = transactions.id AND d.kind = 'statement' AND i.status = 'committed' AND i.id <> @id ORDER BY i.id LIMIT 1`;
    // Charges this import updated from unconfirmed to posted go back to how they were.
    const updated = sqlite.prepare('SELECT updated_rows FROM imports WHERE id = ?').pluck().get(id) as string | null;
    const restore = sqlite.prepare('UPDATE transactions SET amount = ?, fx_rate = ?, status = ?, posted_date = ?, fingerprint = ? WHERE id = ?');
    const restoreOriginal = sqlite.prepare('UPDATE transactions SET original_amount = ?, original_currency = ? WHERE id = ?');
    for (const u of updated ? (JSON.parse(updated) as PendingRow[]) : []) {
      restore.run(u.amount, u.fxRate, u.status, u.postedDate, BigInt(u.fingerprint), u.id);
      if (u.originalAmount !== undefined) restoreOriginal.run(u.originalAmount, u.originalCurrency ?? null, u.id);
    }
    sqlite.prepare(`UPDATE transactions SET import_id = (${holder}) WHERE import_id = @id AND (${holder}) IS NOT NULL`).run({ id });
    const n = sqlite.prepare('DELETE FROM transactions WHERE import_id = ?').run(id).changes;
    // The merchants only this import brought leave the search too.
    pruneSearchTexts(sqlite);
    sqlite.prepare("UPDATE imports SET status = 'undone', undone_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(id);
    for (const d of sqlite.prepare('SELECT id, path FROM documents WHERE import_id = ?').all(id) as { id: number; path: string }[]) {
      // The same file imported again (e.g. under another card) keeps it; else it leaves with its links.
      const heir = sqlite.prepare("SELECT id FROM imports WHERE stored_path = ? AND status = 'committed' AND id <> ? ORDER BY id LIMIT 1").get(d.path, id) as { id: number } | undefined;
      if (heir) sqlite.prepare('UPDATE documents SET import_id = ? WHERE id = ?').run(heir.id, d.id);
      else {
        sqlite.prepare('DELETE FROM transaction_documents WHERE document_id = ?').run(d.id);
        drop.push(d.id);
      }
    }
    return n;
  })();
  for (const d of drop) dropDocumentIfUnused(deps, d);
  return { id, removed };
}

export function listImports(deps: Pick<ImportDeps, 'database'>): ImportRecord[] {
  const { db } = deps.database;
  return db
    .select({
      id: imports.id,
      fileName: imports.fileName,
      contentHash: imports.contentHash,
      format: imports.format,
      encoding: imports.encoding,
      cardId: imports.cardId,
      cardName: cards.name,
      rows: imports.rowCount,
      inserted: imports.insertedCount,
      duplicates: imports.duplicateCount,
      periodFrom: imports.periodFrom,
      periodTo: imports.periodTo,
      status: imports.status,
      importedAt: imports.importedAt,
      undoneAt: imports.undoneAt,
      statementTotal: imports.statementTotal,
      computedTotal: imports.computedTotal,
      currency: imports.statementCurrency,
      warnings: imports.warnings,
    })
    .from(imports)
    .leftJoin(cards, eq(cards.id, imports.cardId))
    .orderBy(desc(imports.id))
    .all()
    .map((r) => ({ ...r, warnings: r.warnings ? (JSON.parse(r.warnings) as string[]) : [] }));
}
