/**
 * Decode → read CSV → find the format → parse. Pure: bytes in, a ParsedStatement (or errors) out.
 * Formats are tried in order; the first whose `detect` accepts the file parses it.
 */
import { decodeText, type TextEncodingId } from '../encoding';
import { formatMoney } from '../money';
import { readCsv } from './csv';
import { FORMATS } from './formats';
import type { ImportProblem, ParsedStatement, ParseOptions } from './types';

export { FORMATS };

export type ParseFileResult =
  | { ok: true; encoding: TextEncodingId; statement: ParsedStatement }
  | { ok: false; encoding: TextEncodingId | null; format: string | null; errors: ImportProblem[] };

/** Largest file accepted in one piece; bigger statements do not exist in practice. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const DETECT_RECORDS = 40;

export function parseStatementFile(bytes: Uint8Array, options: ParseOptions): ParseFileResult {
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, encoding: null, format: null, errors: [{ line: null, message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }] };
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    return { ok: false, encoding: null, format: 'pdf', errors: [{ line: null, message: 'PDF statements are not supported yet; import the CSV download' }] };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, encoding: null, format: null, errors: [{ line: decoded.line, message: decoded.message }] };
  const records = readCsv(decoded.text);
  const head = records.slice(0, DETECT_RECORDS);
  const format = FORMATS.find((f) => f.detect(head, options.fileName));
  if (!format) {
    return {
      ok: false,
      encoding: decoded.encoding,
      format: null,
      errors: [{ line: 1, message: 'unknown layout: no known statement format and no header with date, description and amount columns' }],
    };
  }
  const statement = format.parse(records, options);
  if (statement.errors.length > 0) return { ok: false, encoding: decoded.encoding, format: format.id, errors: statement.errors };
  if (statement.total && statement.total.printed !== statement.total.computed) {
    const cur = statement.card.currency;
    statement.warnings.push({
      line: null,
      message: `the statement's total (${statement.total.label}) is ${formatMoney(statement.total.printed, cur, 'en')}, but the imported rows add up to ${formatMoney(statement.total.computed, cur, 'en')}`,
    });
  }
  return { ok: true, encoding: decoded.encoding, statement };
}
