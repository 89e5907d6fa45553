/**
 * Streaming reads for big statement files: bytes → text chunks → CSV records, never holding the
 * whole text or every record at once. Line numbers match `readCsv`.
 */
import type { TextEncodingId } from '../encoding';
import { csvRows, type CsvRecord } from './csv';

/**
 * 64 KB: a chunk's text dies young. With 1 MB chunks each decoded text outlived V8's young
 * generation while its rows were written, and a 1,000,000-row import's heap swelled with them to a
 * peak of 480-510 MB; with 64 KB it peaks at ~400 MB, and is no slower.
 */
export const TEXT_CHUNK_BYTES = 1 << 16;

/** Decode `bytes` (BOM already accounted for by `offset`) in chunks of TEXT_CHUNK_BYTES. */
export function* decodeChunks(bytes: Uint8Array, encoding: TextEncodingId, offset = 0): Generator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  for (let i = offset; i < bytes.length; i += TEXT_CHUNK_BYTES) {
    const end = Math.min(bytes.length, i + TEXT_CHUNK_BYTES);
    const text = decoder.decode(bytes.subarray(i, end), { stream: end < bytes.length });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Index just after the last line break that is outside quotes (-1: none), and whether the text
 * ends inside quotes, for text that starts inside quotes or not.
 */
function lastRecordEnd(text: string, inQuotesAtStart: boolean): { end: number; inQuotesAtEnd: boolean } {
  let inQuotes = inQuotesAtStart;
  let end = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) end = i + 1;
  }
  return { end, inQuotesAtEnd: inQuotes };
}

/**
 * CSV records from a stream of text chunks. Text is cut only after a line break outside quotes,
 * so each piece read holds whole records (a `""` escape keeps the quote parity even).
 */
export function* csvRecordStream(chunks: Iterable<string>): Generator<CsvRecord> {
  let carry = '';
  let line = 1;
  const emit = function* (text: string): Generator<CsvRecord> {
    const data = csvRows(text, text.includes('\r\n') ? '\r\n' : '\n');
    // A piece ending in a line break yields one trailing empty row that is not a line of its own.
    const n = data.length > 0 && /\n$/.test(text) && data[data.length - 1]!.length === 1 && data[data.length - 1]![0] === '' ? data.length - 1 : data.length;
    for (let k = 0; k < n; k++) {
      const cells = data[k]!;
      if (!(cells.length === 1 && cells[0] === '')) yield { line, cells };
      let inner = 0;
      for (const c of cells) if (c.length > 0 && c.includes('\n')) inner += countBreaks(c);
      line += 1 + inner;
    }
  };
  // Old Mac files end lines with lone CRs: they become LFs, as readCsv does for a whole text.
  let endings: 'unknown' | 'mac' | 'normal' = 'unknown';
  // The text seen so far (while the endings are unknown, all of it is in `carry`) ends with a CR.
  let lastWasCr = false;
  // Only each new chunk is scanned, never the carry again: a file without a line break (garbage,
  // one enormous line) would otherwise be read over and over, quadratically in its size.
  let carryInQuotes = false;
  for (let chunk of chunks) {
    if (endings === 'unknown') {
      if (chunk.includes('\n')) endings = 'normal';
      else if (lastWasCr || chunk.slice(0, -1).includes('\r')) endings = 'mac';
      else lastWasCr = chunk.endsWith('\r');
      if (endings === 'mac' && carry.includes('\r')) carry = carry.replace(/\r/g, '\n');
    }
    if (endings === 'mac') chunk = chunk.replace(/\r/g, '\n');
    // The carry's quote state stands (turning its CRs into LFs changes no quote). Its LFs from
    // such a turn are not cut at here: they go out with the next cut, parsed all the same.
    const cut = lastRecordEnd(chunk, carryInQuotes);
    if (cut.end === -1) {
      carry += chunk;
      carryInQuotes = cut.inQuotesAtEnd;
      continue;
    }
    yield* emit(carry + chunk.slice(0, cut.end));
    carry = chunk.slice(cut.end);
    carryInQuotes = cut.inQuotesAtEnd;
  }
  if (carry) yield* emit(carry);
}
