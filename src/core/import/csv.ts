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
 * Read CSV text into records, keeping line numbers so every problem can name its line.
 * Papa parses the whole text in one call (its per-row `step` mode is several times slower); a
 * record's line is the previous record's plus one plus the line breaks inside its quoted fields.
 */
export function readCsv(text: string): CsvRecord[] {
  // Old Mac files end lines with a lone CR: make them LF so lines can be counted one way.
  const src = text.includes('\r') && !text.includes('\n') ? text.replace(/\r/g, '\n') : text;
  const parsed = Papa.parse<string[]>(src, { header: false, skipEmptyLines: false, delimiter: ',' });
  const out: CsvRecord[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line, cells });
    let inner = 0;
    for (const c of cells) if (c.length > 0 && c.includes('\n')) inner += countBreaks(c);
    line += 1 + inner;
  }
  return out;
}

export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
