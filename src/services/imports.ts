/**
 * Import service: decode and parse first (pure core), then write a whole file in one synchronous
 * transaction — a file imports completely or not at all. Duplicates are recognised by file hash,
 * by the hash of its rows (the same statement re-saved in another encoding), and row by row by
 * fingerprint, so overlapping periods insert only the new rows.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { fingerprintRows } from '../core/import/fingerprint';
import { parseStatementFile } from '../core/import/detect';
import type { ParsedRow } from '../core/import/types';
import { normalizeMerchant } from '../core/merchant';
import { toMajor } from '../core/money';
import type { FileResult, ImportRecord, ImportRequest, PreviewRow } from '../shared/api/contract';
import { chooseCard, ensureCard } from './cards';
import { dataPaths } from './data-dir';
import type { OpenedDatabase } from './db/open';
import { cards, imports } from './db/schema';

export interface ImportDeps {
  database: OpenedDatabase;
  dataDir: string;
  homeCurrency: () => string;
}

type InputFile = ImportRequest['files'][number];

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function emptyResult(file: string): FileResult {
  return { file, status: 'error', format: null, encoding: null, card: null, periodFrom: null, periodTo: null, rows: 0, inserted: 0, duplicates: 0, importId: null, errors: [], warnings: [] };
}

function period(rows: readonly ParsedRow[]): { from: string | null; to: string | null } {
  let from: string | null = null;
  let to: string | null = null;
  for (const r of rows) {
    if (from === null || r.date < from) from = r.date;
    if (to === null || r.date > to) to = r.date;
  }
  return { from, to };
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
  rows: ParsedRow[];
  fingerprints: string[];
  duplicateOf: (string | null)[];
  contentHash: string;
  rowsHash: string;
  choice: ReturnType<typeof chooseCard> | null;
  statementTotal: number | null;
}

function analyse(deps: ImportDeps, file: InputFile, cardRef: ImportRequest['card']): Analysis {
  const { db, sqlite } = deps.database;
  const name = safeBaseName(file.name);
  const result = emptyResult(name);
  const contentHash = sha256(file.data);
  const base: Analysis = { result, rows: [], fingerprints: [], duplicateOf: [], contentHash, rowsHash: '', choice: null, statementTotal: null };

  const parsed = parseStatementFile(file.data, { defaultCurrency: deps.homeCurrency(), fileName: name });
  result.encoding = parsed.encoding;
  if (!parsed.ok) {
    result.format = parsed.format;
    result.errors = parsed.errors.map((e) => ({ line: e.line, message: `${name}${e.line ? `, line ${e.line}` : ''}: ${e.message}` }));
    return base;
  }
  const st = parsed.statement;
  result.format = st.format;
  result.warnings = st.warnings;
  result.rows = st.rows.length;
  const p = period(st.rows);
  result.periodFrom = p.from;
  result.periodTo = p.to;
  base.rows = st.rows;
  base.statementTotal = st.total?.printed ?? null;
  base.fingerprints = fingerprintRows(st.rows);
  base.rowsHash = sha256(base.fingerprints.join('\n'));

  const choice = chooseCard(db, cardRef, st.card);
  base.choice = choice;
  result.card = { id: choice.id, name: choice.name, isNew: choice.isNew };

  // The same bytes, or the same rows in another encoding / re-saved by a spreadsheet, already imported?
  const previous = sqlite
    .prepare("SELECT id, file_name AS fileName, card_id AS cardId FROM imports WHERE status = 'committed' AND (content_hash = ? OR rows_hash = ?) ORDER BY id LIMIT 1")
    .get(contentHash, base.rowsHash) as { id: number; fileName: string; cardId: number | null } | undefined;

  const existing = new Map<string, string>();
  if (choice.id !== null && p.from && p.to) {
    const found = sqlite
      .prepare(
        `SELECT t.fingerprint, i.file_name AS fileName, t.source_line AS line FROM transactions t
         LEFT JOIN imports i ON i.id = t.import_id WHERE t.card_id = ? AND t.date BETWEEN ? AND ?`,
      )
      .all(choice.id, p.from, p.to) as { fingerprint: string; fileName: string | null; line: number | null }[];
    for (const f of found) existing.set(f.fingerprint, f.fileName ? `already imported from ${f.fileName}${f.line ? `, line ${f.line}` : ''}` : 'already in the ledger');
  }
  base.duplicateOf = base.fingerprints.map((fp) => existing.get(fp) ?? null);
  result.duplicates = base.duplicateOf.filter((d) => d !== null).length;
  if (previous && (previous.cardId === choice.id || cardRef == null)) {
    result.status = 'already-imported';
    result.importId = previous.id;
    result.warnings = [...result.warnings, { line: null, message: `${name} was already imported as ${previous.fileName}` }];
  } else {
    result.status = 'ready';
  }
  return base;
}

function previewRows(a: Analysis): PreviewRow[] {
  return a.rows.map((r, i) => ({
    line: r.line,
    date: r.date,
    postedDate: r.postedDate,
    description: r.description,
    amount: toMajor(r.amount, r.currency),
    amountMinor: r.amount,
    currency: r.currency,
    kind: r.kind,
    cardholder: r.cardholder?.name ?? null,
    duplicate: a.duplicateOf[i] ?? null,
  }));
}

export function previewImport(deps: ImportDeps, req: ImportRequest): { files: FileResult[] } {
  return {
    files: req.files.map((f) => {
      const a = analyse(deps, f, req.card);
      if (a.result.status !== 'error') a.result.preview = previewRows(a);
      return a.result;
    }),
  };
}

export function commitImport(deps: ImportDeps, req: ImportRequest): { files: FileResult[] } {
  return { files: req.files.map((f) => commitOne(deps, f, req.card)) };
}

function commitOne(deps: ImportDeps, file: InputFile, cardRef: ImportRequest['card']): FileResult {
  const a = analyse(deps, file, cardRef);
  const r = a.result;
  if (r.status !== 'ready' || !a.choice) {
    if (r.status === 'already-imported') {
      r.inserted = 0;
      r.duplicates = r.rows;
    }
    return r;
  }
  const { db, sqlite } = deps.database;
  const storeDir = dataPaths(deps.dataDir).importedFiles;
  const ext = extname(r.file).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 8) || '.csv';
  const storedName = `${a.contentHash}${ext}`;
  const tmp = join(storeDir, `.${storedName}.${process.pid}.partial`);
  mkdirSync(storeDir, { recursive: true });
  writeFileSync(tmp, file.data);
  try {
    const choice = a.choice;
    const committed = sqlite.transaction(() => {
      const cardId = ensureCard(db, choice);
      const importRow = db
        .insert(imports)
        .values({
          fileName: r.file,
          contentHash: a.contentHash,
          rowsHash: a.rowsHash,
          format: r.format ?? 'unknown',
          encoding: r.encoding ?? 'unknown',
          cardId,
          periodFrom: r.periodFrom,
          periodTo: r.periodTo,
          rowCount: a.rows.length,
          statementTotal: a.statementTotal,
          storedPath: `imported-files/${storedName}`,
        })
        .returning({ id: imports.id })
        .get();
      const holderIds = new Map<string, number>();
      const findHolder = sqlite.prepare('SELECT id FROM cardholders WHERE card_id = ? AND name = ? AND last_digits IS ?');
      const addHolder = sqlite.prepare('INSERT INTO cardholders (card_id, name, role, last_digits) VALUES (?, ?, ?, ?)');
      const holderId = (h: NonNullable<ParsedRow['cardholder']>): number => {
        const key = `${h.name}\u0000${h.lastDigits ?? ''}`;
        let hid = holderIds.get(key);
        if (hid === undefined) {
          const found = findHolder.get(cardId, h.name, h.lastDigits) as { id: number } | undefined;
          hid = found ? found.id : Number(addHolder.run(cardId, h.name, h.role, h.lastDigits).lastInsertRowid);
          holderIds.set(key, hid);
        }
        return hid;
      };
      const insert = sqlite.prepare(
        `INSERT INTO transactions (card_id, cardholder_id, date, posted_date, description, merchant, amount, currency,
           original_amount, original_currency, fx_rate, kind, payment_plan, billed_amount, import_id, source_line, fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (card_id, fingerprint) DO NOTHING`,
      );
      let inserted = 0;
      a.rows.forEach((row, i) => {
        const res = insert.run(
          cardId,
          row.cardholder ? holderId(row.cardholder) : null,
          row.date,
          row.postedDate,
          row.description,
          normalizeMerchant(row.description),
          row.amount,
          row.currency,
          row.originalAmount,
          row.originalCurrency,
          row.fxRate,
          row.kind,
          row.paymentPlan,
          row.billedAmount,
          importRow.id,
          row.line,
          a.fingerprints[i],
        );
        inserted += res.changes;
      });
      sqlite.prepare('UPDATE imports SET inserted_count = ?, duplicate_count = ? WHERE id = ?').run(inserted, a.rows.length - inserted, importRow.id);
      return { cardId, importId: importRow.id, inserted };
    })();
    renameSync(tmp, join(storeDir, storedName));
    r.status = 'imported';
    r.importId = committed.importId;
    r.inserted = committed.inserted;
    r.duplicates = a.rows.length - committed.inserted;
    r.card = { id: committed.cardId, name: a.choice.name, isNew: a.choice.isNew };
    return r;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
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
    })
    .from(imports)
    .leftJoin(cards, eq(cards.id, imports.cardId))
    .orderBy(desc(imports.id))
    .all();
}
