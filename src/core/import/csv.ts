import Papa from 'papaparse';

/** One CSV record with the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Read CSV text into records, keeping line numbers so every problem can name its line. A record's
 * line is the previous record's plus one plus the line breaks inside its quoted fields.
 */
export function readCsv(text: string): CsvRecord[] {
  return [...csvRecords(text)];
}

/**
 * `readCsv`'s records one at a time: a caller that reads them as they come (a streaming format)
 * touches each while it is fresh in the cache, and none of them outlives the young generation.
 * Rows are read by `CsvRowReader` exactly as Papa would; where it cannot vouch for Papa's answer,
 * Papa parses the text and the records continue from its rows.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  // Old Mac files end lines with a lone CR: make them LF so lines can be counted one way.
  const src = text.includes('\r') && !text.includes('\n') ? text.replace(/\r/g, '\n') : text;
  const reader = new CsvRowReader(src, guessNewline(src));
  let line = 1;
  let rows = 0;
  for (let cells = reader.next(); cells !== null; cells = reader.next()) {
    rows++;
    if (!(cells.length === 1 && cells[0] === '')) yield { line, cells };
    line += 1 + reader.breaks;
  }
  if (!reader.failed) return;
  // Papa's rows agree with the reader's up to where it stopped: continue with the rest of them.
  const data = Papa.parse<string[]>(src, { header: false, skipEmptyLines: false, delimiter: ',' }).data;
  for (let k = rows; k < data.length; k++) {
    const cells = data[k]!;
    if (!(cells.length === 1 && cells[0] === '')) yield { line, cells };
    let inner = 0;
    for (const c of cells) if (c.length > 0 && c.includes('\n')) inner += countBreaks(c);
    line += 1 + inner;
  }
}

/** All rows of `text` as `Papa.parse(text, { delimiter: ',', newline })` gives them (`CsvRowReader`, or Papa where it cannot vouch). */
export function csvRows(text: string, newline: '\n' | '\r\n' | '\r'): string[][] {
  const reader = new CsvRowReader(text, newline);
  const rows: string[][] = [];
  for (let cells = reader.next(); cells !== null; cells = reader.next()) rows.push(cells);
  return reader.failed ? Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: ',', newline }).data : rows;
}

/**
 * The line ending Papa would assume for `text` when not told (papaparse 5's guessLineEndings, which
 * looks at the first MB with quoted spans removed), worked out in one scan without copying the text.
 */
export function guessNewline(text: string): '\n' | '\r\n' | '\r' {
  // Papa drops a BOM before guessing, so its first MB starts after one.
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = Math.min(text.length, from + 1024 * 1024);
  let firstCr = -1;
  let firstLf = -1;
  let crs = 0;
  let crlfs = 0;
  // Removing a quoted span joins what was on either side: `\r"…"\n` counts as a CRLF, as in Papa.
  let afterCr = false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const close = text.indexOf('"', i + 1);
      if (close !== -1 && close < end) {
        i = close;
        continue;
      }
      // An unclosed quote stays, and there is no quote after it.
    }
    if (c === 13) {
      crs++;
      if (firstCr === -1) firstCr = i;
      afterCr = true;
    } else {
      if (c === 10) {
        if (afterCr) crlfs++;
        if (firstLf === -1) firstLf = i;
      }
      afterCr = false;
    }
  }
  if (crs === 0 || (firstLf !== -1 && firstLf < firstCr)) return '\n';
  return crlfs >= (crs + 1) / 2 ? '\r\n' : '\r';
}

const DOUBLED_QUOTE = /""/g;

/**
 * CSV rows exactly as `Papa.parse(text, { delimiter: ',', newline })` gives them, one at a time
 * (Papa's loop costs a regex replace and a few substrings per quoted field, and it builds every row
 * before the first can be used). `next` returns null at the end, or — with `failed` set — at a quote
 * Papa resolves in its own way (a closing quote not followed by a comma, the line break or the
 * end; a quote never closed): Papa must read the text from there.
 */
export class CsvRowReader {
  /** Line feeds inside the row `next` returned (in quoted fields, or bare ones in CRLF text). */
  breaks = 0;
  /** `next` stopped at something only Papa can answer for. */
  failed = false;
  private readonly text: string;
  /** The line ending's first character, and whether it is `\r\n`. */
  private readonly nl: number;
  private readonly crlf: boolean;
  private pos = 0;
  private done: boolean;

  constructor(input: string, newline: '\n' | '\r\n' | '\r') {
    // Papa drops a leading BOM.
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    this.text = text;
    this.nl = newline.charCodeAt(0);
    this.crlf = newline.length === 2;
    this.done = text.length === 0;
  }

  next(): string[] | null {
    if (this.done) return null;
    // Scanned a character at a time: fields are short, and a search call per field cost more.
    const text = this.text;
    const len = text.length;
    const nl = this.nl;
    const crlf = this.crlf;
    const row: string[] = [];
    let breaks = 0;
    let pos = this.pos;
    for (;;) {
      if (text.charCodeAt(pos) === 34) {
        // A quoted field ends at the first quote that is not half of a `""`.
        let q = pos + 1;
        let doubled = false;
        for (;;) {
          if (q >= len) return this.fail();
          const c = text.charCodeAt(q);
          if (c === 34) {
            if (q === len - 1 || text.charCodeAt(q + 1) !== 34) break;
            doubled = true;
            q += 2;
            continue;
          }
          if (c === 10) breaks++;
          q++;
        }
        const raw = text.slice(pos + 1, q);
        row.push(doubled ? raw.replace(DOUBLED_QUOTE, '"') : raw);
        if (q === len - 1) return this.end(row, breaks, len, true);
        pos = q + 1;
        const c = text.charCodeAt(pos);
        if (c === 44) {
          pos++;
          continue;
        }
        if (c === nl && (!crlf || text.charCodeAt(pos + 1) === 10)) return this.end(row, breaks, pos + (crlf ? 2 : 1), false);
        return this.fail();
      }
      // A plain field runs to the next comma or line ending, whichever comes first.
      let i = pos;
      for (; i < len; i++) {
        const c = text.charCodeAt(i);
        if (c === 44) break;
        if (c === nl && (!crlf || text.charCodeAt(i + 1) === 10)) break;
        if (c === 10) breaks++;
      }
      row.push(text.slice(pos, i));
      if (i === len) return this.end(row, breaks, len, true);
      if (text.charCodeAt(i) === 44) {
        pos = i + 1;
        continue;
      }
      return this.end(row, breaks, i + (crlf ? 2 : 1), false);
    }
  }

  /** Finish `row`: the next row starts at `next`; `last` when the text ended with it. */
  private end(row: string[], breaks: number, next: number, last: boolean): string[] {
    this.breaks = breaks;
    this.pos = next;
    // After a line ending at the very end, Papa still gives one more (empty) row.
    if (last) this.done = true;
    return row;
  }

  private fail(): null {
    this.failed = true;
    this.done = true;
    return null;
  }
}

export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
