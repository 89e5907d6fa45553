/**
 * The one typed door between the UI (and CLI) and the core: input and output schema per method.
 * Electron IPC, the web-mode HTTP server and the CLI are all derived from this table.
 */
import { z } from 'zod';
import { checkPattern } from '../../core/library/naming';
import type { ApiMethod } from './methods';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
const id = z.number().int().positive();

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

const libraryPattern = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => checkPattern(p) === null, { message: 'not a valid file-name pattern' });

export const Settings = z.object({
  locale: Locale,
  homeCurrency: currency,
  /** The document library's folder; null = `library/` inside the data directory. */
  libraryDir: z.string().min(1).nullable(),
  /** How statement files are named in the library (see src/core/library/naming.ts). */
  statementPattern: libraryPattern,
  receiptPattern: libraryPattern,
});
export type Settings = z.infer<typeof Settings>;

export const Card = z.object({
  id,
  name: z.string(),
  issuer: z.string(),
  lastDigits: z.string().nullable(),
  currency,
  closingDay: z.number().int().nullable(),
  paymentDay: z.number().int().nullable(),
});
export type Card = z.infer<typeof Card>;

export const Problem = z.object({ line: z.number().int().nullable(), message: z.string() });
export type Problem = z.infer<typeof Problem>;

/** A file handed to the importer: its base name and bytes. */
export const InputFile = z.object({
  name: z.string().min(1).max(1024),
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the file bytes'),
});

const column = z.number().int().min(0).max(500);

/** A column mapping for a CSV layout Meisai does not know (see src/core/import/mapping.ts). */
export const CsvMapping = z.object({
  headerLine: z.number().int().min(0),
  columns: z.object({
    date: column,
    description: column,
    amount: column.nullish(),
    debit: column.nullish(),
    credit: column.nullish(),
    postedDate: column.nullish(),
    currency: column.nullish(),
    memo: column.nullish(),
  }),
  dateOrder: z.enum(['ymd', 'mdy', 'dmy']),
  chargesAre: z.enum(['positive', 'negative']),
  currency,
});
export type CsvMapping = z.infer<typeof CsvMapping>;

export const ImportRequest = z.object({
  files: z.array(InputFile).min(1).max(200),
  /** Card id or name; a name not yet known creates that card. Omitted: recognised from the file. */
  card: z.union([id, z.string().min(1).max(200)]).nullish(),
  /** Read the files with this column mapping instead of detecting their format. */
  mapping: CsvMapping.nullish(),
  /** With `mapping`, on commit: save it as a profile under this name, recognised next time. */
  saveProfileAs: z.string().trim().min(1).max(100).nullish(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const PreviewRow = z.object({
  line: z.number().int(),
  date: isoDate,
  postedDate: isoDate.nullable(),
  description: z.string(),
  amount: z.number(),
  amountMinor: z.number().int(),
  currency,
  kind: z.enum(['purchase', 'refund', 'payment', 'fee', 'other']),
  cardholder: z.string().nullable(),
  /** Why the row would not be inserted, when it already exists. */
  duplicate: z.string().nullable(),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const FileResult = z.object({
  file: z.string(),
  /** `filed`: a PDF without readable text, stored as the statement; no rows came from it. */
  status: z.enum(['ready', 'imported', 'already-imported', 'filed', 'error']),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  card: z.object({ id: id.nullable(), name: z.string(), isNew: z.boolean() }).nullable(),
  periodFrom: isoDate.nullable(),
  periodTo: isoDate.nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  importId: id.nullable(),
  formatLabel: z.string().nullable(),
  /** Payment month of the statement, when the file says. */
  statementMonth: month.nullable(),
  /** The statement's printed total against the rows' sum (minor units of `currency`). */
  total: z.object({ printed: z.number().int(), computed: z.number().int(), label: z.string(), currency }).nullable(),
  /** The layout is unknown: the user can map its columns. */
  needsMapping: z.boolean(),
  errors: z.array(Problem),
  warnings: z.array(Problem),
  /** Preview only: the first rows as they would be stored (all counts cover every row). */
  preview: z.array(PreviewRow).optional(),
});
export type FileResult = z.infer<typeof FileResult>;

export const ImportRecord = z.object({
  id,
  fileName: z.string(),
  contentHash: z.string(),
  format: z.string(),
  encoding: z.string(),
  cardId: id.nullable(),
  cardName: z.string().nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  periodFrom: isoDate.nullable(),
  periodTo: isoDate.nullable(),
  status: z.enum(['committed', 'undone']),
  importedAt: z.string(),
  undoneAt: z.string().nullable(),
  statementTotal: z.number().int().nullable(),
  computedTotal: z.number().int().nullable(),
  currency: currency.nullable(),
  warnings: z.array(z.string()),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

export const TransactionQuery = z.object({
  month: month.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Card id or name. */
  card: z.union([id, z.string().min(1)]).optional(),
  category: z.string().min(1).optional(),
  search: z.string().max(500).optional(),
  /** Only the rows a library document is linked to. */
  document: id.optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
  offset: z.number().int().min(0).default(0),
});
export type TransactionQuery = z.input<typeof TransactionQuery>;

export const Transaction = z.object({
  id,
  cardId: id,
  cardName: z.string(),
  cardholder: z.string().nullable(),
  date: isoDate,
  postedDate: isoDate.nullable(),
  description: z.string(),
  /** Card-currency major units; charges positive, refunds and credits negative. */
  amount: z.number(),
  /** The same amount in exact minor units. */
  amountMinor: z.number().int(),
  currency,
  originalAmount: z.number().nullable(),
  originalCurrency: currency.nullable(),
  fxRate: z.number().nullable(),
  kind: z.enum(['purchase', 'refund', 'payment', 'fee', 'other']),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  memo: z.string().nullable(),
  documents: z.array(z.string()),
});
export type Transaction = z.infer<typeof Transaction>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'web', 'cli', 'test']),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const CsvProfile = z.object({ id, name: z.string(), headerSignature: z.string(), mapping: CsvMapping, lastUsedAt: z.string().nullable() });
export type CsvProfile = z.infer<typeof CsvProfile>;

export const InspectResult = z.object({
  file: z.string(),
  encoding: z.string().nullable(),
  /** The first records of the file as cells, for the column-mapping dialog. */
  records: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
  errors: z.array(Problem),
});

/** Where a running import is, for a progress bar. */
export const ImportProgress = z.object({
  file: z.string(),
  /** 1-based position of the file among those sent together. */
  fileIndex: z.number().int(),
  files: z.number().int(),
  phase: z.enum(['reading', 'checking', 'writing']),
  /** Bytes handled so far in this phase, out of `total` (big files only; else 0 of 0). */
  done: z.number().int(),
  total: z.number().int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const LibraryDocument = z.object({
  id,
  kind: z.enum(['statement', 'receipt', 'other']),
  /** Library-relative path, `/`-separated. */
  path: z.string(),
  originalName: z.string().nullable(),
  size: z.number().int(),
  month: z.string().nullable(),
  cardId: id.nullable(),
  cardName: z.string().nullable(),
  /** How many transactions it is linked to. */
  transactions: z.number().int(),
  addedAt: z.string(),
});
export type LibraryDocument = z.infer<typeof LibraryDocument>;

export const LibraryCheck = z.object({ ok: z.boolean(), missing: z.array(z.string()), changed: z.array(z.string()), unknown: z.array(z.string()) });
export type LibraryCheck = z.infer<typeof LibraryCheck>;

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');

export const Suggestion = z.object({ id, date: isoDate, description: z.string(), amount: z.number(), amountMinor: z.number().int(), currency, cardName: z.string(), score: z.number() });

const Empty = z.object({}).strict().default({});

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'settings.get': { input: Empty, output: Settings },
  // The library folder moves with its files (files.moveLibrary), never by a bare settings change.
  'settings.update': { input: Settings.omit({ libraryDir: true }).partial().strict(), output: Settings },
  'cards.list': { input: Empty, output: z.array(Card) },
  'import.preview': { input: ImportRequest, output: z.object({ files: z.array(FileResult) }) },
  'import.commit': { input: ImportRequest, output: z.object({ files: z.array(FileResult) }) },
  'import.inspect': { input: z.object({ file: InputFile }), output: InspectResult },
  'import.progress': { input: Empty, output: ImportProgress.nullable() },
  'imports.list': { input: Empty, output: z.array(ImportRecord) },
  'imports.undo': { input: z.object({ id }), output: z.object({ id, removed: z.number().int() }) },
  'profiles.list': { input: Empty, output: z.array(CsvProfile) },
  'files.list': { input: z.object({ month: month.optional(), card: id.optional() }), output: z.object({ root: z.string(), documents: z.array(LibraryDocument) }) },
  'files.check': { input: Empty, output: LibraryCheck },
  'files.repair': { input: Empty, output: LibraryCheck.extend({ repaired: z.number().int() }) },
  'files.read': { input: z.object({ id }), output: z.object({ name: z.string(), mimeType: z.string(), data: Bytes }) },
  /** Desktop: open (or reveal) with the system; elsewhere answers opened: false and the UI downloads it. */
  'files.open': { input: z.object({ id, reveal: z.boolean().default(false) }), output: z.object({ opened: z.boolean() }) },
  'files.moveLibrary': { input: z.object({ dir: z.string().min(1).max(4096) }), output: z.object({ moved: z.number().int(), libraryDir: z.string() }) },
  'files.bundle': { input: z.object({ month, card: id.optional() }), output: z.object({ name: z.string(), data: Bytes, files: z.number().int(), transactions: z.number().int() }) },
  'documents.addReceipts': { input: z.object({ transactionId: id, files: z.array(InputFile).min(1).max(50) }), output: z.object({ documentIds: z.array(id) }) },
  'documents.link': { input: z.object({ transactionId: id, documentId: id }), output: z.object({ ok: z.literal(true) }) },
  'documents.unlink': { input: z.object({ transactionId: id, documentId: id }), output: z.object({ ok: z.literal(true) }) },
  'documents.forTransaction': { input: z.object({ transactionId: id }), output: z.array(LibraryDocument) },
  'documents.suggest': { input: z.object({ date: isoDate, amount: z.number().nullish(), currency: currency.nullish() }), output: z.array(Suggestion) },
  'profiles.delete': { input: z.object({ id }), output: z.object({ id }) },
  'transactions.list': {
    input: TransactionQuery,
    output: z.object({ rows: z.array(Transaction), total: z.number().int() }),
  },
} as const satisfies Record<ApiMethod, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
// Compile-time check that every contract method is listed in API_METHODS (the reverse is `satisfies`).
type _Exact = Exclude<keyof Contract, ApiMethod> extends never ? true : never;
export const _contractMatchesMethods: _Exact = true;

export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>;

export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

/** Every call answers with an envelope: transports never throw across the boundary. */
export type ApiError = { code: 'invalid-input' | 'not-found' | 'conflict' | 'failed' | 'forbidden' | 'unknown-method'; message: string; issues?: string[] };
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
