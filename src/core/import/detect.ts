/**
 * Decode → read CSV → find the format → parse. Pure: bytes in, rows and a summary out.
 * Order: a mapping the user is trying out; the issuer formats; saved column mappings (profiles),
 * recognised by their header; the generic date/description/amount CSV.
 * Big files stream: text is decoded in chunks and records flow through the format's `stream`
 * one by one, so a million-row statement never sits in memory as text or as rows.
 */
import { decodeText, type TextEncodingId } from '../encoding';
import { formatMoney } from '../money';
import { csvRecords, readCsv, type CsvRecord } from './csv';
import { FORMATS, ISSUER_FORMATS } from './formats';
import { genericCsv } from './formats/generic-csv';
import { findProfile, parseWithMapping, type CsvMapping, type CsvProfile } from './mapping';
import type { PdfLine } from '../pdf/lines';
import { parsePdfStatement } from '../pdf/statement';
import { csvRecordStream, decodeChunks, TEXT_CHUNK_BYTES } from './stream';
import type { ImportProblem, ParsedRow, ParsedStatement, ParseOptions, StatementFormat, StatementSummary } from './types';

export { FORMATS };

export type ParseFileResult =
  | { ok: true; encoding: FileEncoding; statement: ParsedStatement }
  | { ok: false; encoding: FileEncoding | null; format: string | null; errors: ImportProblem[] };

/** How a file's content was read: a text encoding, or `pdf`. */
export type FileEncoding = TextEncodingId | 'pdf';

export type StreamFileResult =
  | { ok: true; encoding: FileEncoding; summary: StatementSummary; rowCount: number }
  | { ok: false; encoding: FileEncoding | null; format: string | null; errors: ImportProblem[] };

/**
 * A PDF's text, extracted beforehand by the caller (pdfjs is asynchronous and Node-only; this
 * module is neither): its lines rebuilt from the text geometry, or why it could not be read.
 */
export type PdfContent = { pages: number; lines: PdfLine[] } | { problem: string };

export const isPdf = (bytes: Uint8Array) => bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;

/** Format id of a PDF from which no text could be read: filed as the statement, no rows. */
export const UNREADABLE_PDF = 'pdf-unreadable';

/** Largest file accepted; far beyond any real statement. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Files above this size are decoded and read in chunks. */
export const STREAM_THRESHOLD_BYTES = 8 * 1024 * 1024;

const DETECT_RECORDS = 40;

export interface FileParseOptions extends ParseOptions {
  /** Called as a big file's bytes are read (streaming path only), to show progress. */
  onBytes?: (done: number, total: number) => void;
  /** A column mapping the user is trying out (the mapping dialog), used instead of detection. */
  mapping?: CsvMapping | null;
  /** Saved mappings, recognised by their header after the issuer formats. */
  profiles?: readonly CsvProfile[];
  /** For a PDF: its extracted text (see PdfContent). */
  pdf?: PdfContent | null;
}

export type ReadResult = { ok: true; encoding: TextEncodingId; records: CsvRecord[] } | { ok: false; format: string | null; errors: ImportProblem[] };

function refuse(bytes: Uint8Array): { format: string | null; errors: ImportProblem[] } | null {
  if (bytes.length > MAX_FILE_BYTES) return { format: null, errors: [{ line: null, message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }] };
  if (isPdf(bytes)) return { format: 'pdf', errors: [{ line: null, message: 'this is a PDF; its text must be extracted before it is read' }] };
  return null;
}

/** Decode and read all records of a (small) text file, or say why not. */
export function readStatementRecords(bytes: Uint8Array): ReadResult {
  const refused = refuse(bytes);
  if (refused) return { ok: false, ...refused };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, format: null, errors: [{ line: decoded.line, message: decoded.message }] };
  return { ok: true, encoding: decoded.encoding, records: readCsv(decoded.text) };
}

/** Which encoding a big file is in, checked chunk by chunk without keeping the text. */
function detectEncodingStreaming(bytes: Uint8Array): { ok: true; encoding: TextEncodingId; offset: number } | { ok: false; line: number | null; message: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, encoding: 'utf-16le', offset: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, encoding: 'utf-16be', offset: 2 };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const offset = bom ? 3 : 0;
  const candidates: TextEncodingId[] = bom ? ['utf-8'] : ['utf-8', 'shift_jis'];
  if (bytes.indexOf(0, offset) !== -1) {
    // Let the whole-file decoder word the error (and find the line) for binary data.
    const d = decodeText(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    return { ok: false, line: d.ok ? null : d.line, message: d.ok ? 'binary data in a text file' : d.message };
  }
  for (const enc of candidates) {
    try {
      for (const chunk of decodeChunks(bytes, enc, offset)) void chunk;
      return { ok: true, encoding: enc, offset };
    } catch {
      // try the next encoding
    }
  }
  return { ok: false, line: null, message: 'the text is neither UTF-8 nor Shift_JIS (CP932); the file may be damaged or in another encoding' };
}

const PDF_LABELS: Record<string, string> = {
  'pdf-jp': 'PDF statement (Japanese)',
  'pdf-en': 'PDF statement (English)',
  [UNREADABLE_PDF]: 'PDF without readable text',
  pdf: 'PDF',
};

export function formatLabel(id: string): string {
  if (id.startsWith('profile:')) return id.slice('profile:'.length);
  if (PDF_LABELS[id]) return PDF_LABELS[id];
  return FORMATS.find((f) => f.id === id)?.label ?? id;
}

function choose(head: readonly CsvRecord[], options: FileParseOptions): { format: StatementFormat } | { mapping: CsvMapping; formatId: string; cardName: string } | null {
  if (options.mapping) return { mapping: options.mapping, formatId: 'mapped-csv', cardName: 'Card' };
  const issuer = ISSUER_FORMATS.find((f) => f.detect(head, options.fileName));
  if (issuer) return { format: issuer };
  const profile = findProfile(head, options.profiles ?? []);
  if (profile) return { mapping: profile.mapping, formatId: `profile:${profile.name}`, cardName: profile.name };
  if (genericCsv.detect(head, options.fileName)) return { format: genericCsv };
  return null;
}

const UNKNOWN_LAYOUT = 'unknown layout: not a statement format Meisai knows; map its columns once and Meisai will recognise it next time';

/**
 * Parse a statement file, handing each row to `emit` in file order. Nothing is returned until the
 * whole file has been read; a file with errors may already have emitted rows, so callers that
 * write must read twice (check, then write) or collect first.
 */
function withTotalWarning(summary: StatementSummary): StatementSummary {
  if (summary.total && summary.total.printed !== summary.total.computed) {
    const cur = summary.card.currency;
    summary.warnings.push({
      line: null,
      message: `the statement's total (${summary.total.label}) is ${formatMoney(summary.total.printed, cur, 'en')}, but the imported rows add up to ${formatMoney(summary.total.computed, cur, 'en')}`,
    });
  }
  return summary;
}

function streamPdf(bytes: Uint8Array, options: FileParseOptions, emit: (row: ParsedRow) => void): StreamFileResult {
  const pdf = options.pdf;
  if (!pdf) return { ok: false, encoding: 'pdf', format: 'pdf', errors: [{ line: null, message: 'this PDF was not read (its text was not extracted)' }] };
  if ('problem' in pdf) return { ok: false, encoding: 'pdf', format: 'pdf', errors: [{ line: null, message: pdf.problem }] };
  if (pdf.lines.length === 0) {
    return {
      ok: false,
      encoding: 'pdf',
      format: UNREADABLE_PDF,
      errors: [{ line: null, message: `no text could be read from this PDF (${pdf.pages} page${pdf.pages === 1 ? '' : 's'}): it looks like a scan, or its fonts have no character map. It can be filed as the statement, but no rows come from it; import the CSV download for the rows` }],
    };
  }
  let st: ParsedStatement | null;
  try {
    st = parsePdfStatement(pdf.lines, { defaultCurrency: options.defaultCurrency, fileName: options.fileName });
  } catch (e) {
    return { ok: false, encoding: 'pdf', format: 'pdf', errors: [{ line: null, message: `this PDF could not be read (internal error: ${e instanceof Error ? e.message : String(e)})` }] };
  }
  if (!st) return { ok: false, encoding: 'pdf', format: 'pdf', errors: [{ line: null, message: 'this PDF has text, but no statement table Meisai recognises (date, description and amount columns)' }] };
  if (st.errors.length > 0) return { ok: false, encoding: 'pdf', format: st.format, errors: st.errors };
  const { rows, ...summary } = st;
  rows.forEach(emit);
  return { ok: true, encoding: 'pdf', summary: withTotalWarning(summary), rowCount: rows.length };
}

/** The first records (for detection), read ahead, and all the records: those, then the rest as they come. */
function withHead(it: Iterator<CsvRecord>): { head: CsvRecord[]; records: Iterable<CsvRecord> } {
  const head: CsvRecord[] = [];
  while (head.length < DETECT_RECORDS) {
    const r = it.next();
    if (r.done) break;
    head.push(r.value);
  }
  let i = 0;
  // A plain iterator rather than a generator around `it`: one layer less per record.
  const rest: Iterator<CsvRecord> = { next: () => (i < head.length ? { done: false, value: head[i++]! } : it.next()) };
  return { head, records: { [Symbol.iterator]: () => rest } };
}

export function streamStatementFile(bytes: Uint8Array, options: FileParseOptions, emit: (row: ParsedRow) => void): StreamFileResult {
  if (isPdf(bytes) && bytes.length <= MAX_FILE_BYTES) return streamPdf(bytes, options, emit);
  const refused = refuse(bytes);
  if (refused) return { ok: false, encoding: null, ...refused };
  let encoding: TextEncodingId;
  let records: Iterable<CsvRecord>;
  let head: CsvRecord[];
  if (bytes.length > STREAM_THRESHOLD_BYTES) {
    const enc = detectEncodingStreaming(bytes);
    if (!enc.ok) return { ok: false, encoding: null, format: null, errors: [{ line: enc.line, message: enc.message }] };
    encoding = enc.encoding;
    const onBytes = options.onBytes;
    const chunks = onBytes
      ? (function* () {
          let done = enc.offset;
          for (const text of decodeChunks(bytes, enc.encoding, enc.offset)) {
            done = Math.min(bytes.length, done + TEXT_CHUNK_BYTES);
            onBytes(done, bytes.length);
            yield text;
          }
        })()
      : decodeChunks(bytes, enc.encoding, enc.offset);
    ({ head, records } = withHead(csvRecordStream(chunks)[Symbol.iterator]()));
  } else {
    const decoded = decodeText(bytes);
    if (!decoded.ok) return { ok: false, encoding: null, format: null, errors: [{ line: decoded.line, message: decoded.message }] };
    encoding = decoded.encoding;
    // Records are read as the format asks for them, not all first: each is used while it is fresh
    // in the cache, and none outlives the young generation (~0.2 s less per 100,000 rows).
    ({ head, records } = withHead(csvRecords(decoded.text)[Symbol.iterator]()));
  }
  const chosen = choose(head, options);
  if (!chosen) return { ok: false, encoding, format: null, errors: [{ line: 1, message: UNKNOWN_LAYOUT }] };
  let rowCount = 0;
  // An exception from `emit` (e.g. the database refusing a row) belongs to the caller, not to
  // the parser: remember it and let it through the safety net below.
  let emitFailure: { error: unknown } | null = null;
  const counted = (row: ParsedRow) => {
    rowCount++;
    try {
      emit(row);
    } catch (error) {
      emitFailure = { error };
      throw error;
    }
  };
  let summary: StatementSummary;
  const formatId = 'format' in chosen ? chosen.format.id : chosen.formatId;
  try {
    if ('format' in chosen && chosen.format.stream) summary = chosen.format.stream(records, options, counted);
    else {
      const all = Array.isArray(records) ? (records as CsvRecord[]) : [...records];
      const st = 'format' in chosen ? chosen.format.parse(all, options) : parseWithMapping(all, chosen.mapping, { formatId: chosen.formatId, issuer: 'other', cardName: chosen.cardName });
      const { rows, ...rest } = st;
      if (rest.errors.length === 0) rows.forEach(counted);
      summary = rest;
    }
  } catch (e) {
    if (emitFailure) throw (emitFailure as { error: unknown }).error;
    // A parser bug must not crash the app or half-import: the file is refused with a reason.
    return { ok: false, encoding, format: formatId, errors: [{ line: null, message: `this file could not be read as ${formatLabel(formatId)} (internal error: ${e instanceof Error ? e.message : String(e)})` }] };
  }
  if (summary.errors.length > 0) return { ok: false, encoding, format: summary.format, errors: summary.errors };
  return { ok: true, encoding, summary: withTotalWarning(summary), rowCount };
}

/** Parse a whole statement into memory (small files, previews, tests). */
export function parseStatementFile(bytes: Uint8Array, options: FileParseOptions): ParseFileResult {
  const rows: ParsedRow[] = [];
  const res = streamStatementFile(bytes, options, (r) => rows.push(r));
  if (!res.ok) return res;
  return { ok: true, encoding: res.encoding, statement: { ...res.summary, rows } };
}
