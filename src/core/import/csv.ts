import Papa from 'papaparse';

/** One CSV record with the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Read CSV text into records, keeping line numbers so every problem can name its line. */
export function readCsv(text: string): CsvRecord[] {
  // Offsets of line breaks: \n, and a lone \r (old Mac files).
  const newlines: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) newlines.push(i);
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const out: CsvRecord[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: ',',
    step: (result) => {
      const cursor = result.meta.cursor;
      // Skip the leading line break(s) Papa leaves before the record.
      let s = start;
      while (text[s] === '\r' || text[s] === '\n') s++;
      out.push({ line: lineOf(s), cells: result.data });
      start = cursor;
    },
  });
  return out.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
}

export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
