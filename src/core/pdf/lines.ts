/**
 * Text items from a PDF page back into visual lines and column cells. Pure.
 *
 * A PDF has no lines or tables, only glyph runs drawn at positions; pdfjs hands them back as text
 * items in drawing order, which need not be reading order. Statements are tables, so what the
 * parser needs is: for each visual line (same baseline, within a tolerance), the runs left to
 * right, with runs that touch merged into one cell and runs far apart kept as separate cells,
 * each cell keeping its x so it can be put under the right column header.
 */

/** One run of text as pdfjs reports it; coordinates are PDF points, origin bottom-left. */
export interface PdfTextItem {
  /** 1-based page number. */
  page: number;
  /** Left edge of the run (the text matrix's translation). */
  x: number;
  /** Baseline of the run. */
  y: number;
  width: number;
  height: number;
  fontSize: number;
  text: string;
}

export interface PdfCell {
  x: number;
  xEnd: number;
  text: string;
}

export interface PdfLine {
  page: number;
  /** Baseline of the line (that of its first, highest run). */
  y: number;
  /** Cells left to right. */
  cells: PdfCell[];
  /** The cells' text joined by single spaces, for label searches. */
  text: string;
}

export interface LineOptions {
  /** Runs whose baselines differ by at most this many font sizes share a line. */
  lineTolerance?: number;
  /** A horizontal gap wider than this many font sizes starts a new cell (a column boundary). */
  cellGap?: number;
  /** A gap wider than this many font sizes inside a cell is written as a space. */
  spaceGap?: number;
}

// Statement rows are usually 1.3–1.6 font sizes apart, so half a font size keeps neighbouring
// rows apart while tolerating runs drawn a little above or below the baseline (bold, superscript
// markers like ※). Column gaps in the tables seen are two font sizes or more, while a word space
// or an ideographic space between two runs of one description is at most about one.
const DEFAULTS: Required<LineOptions> = { lineTolerance: 0.5, cellGap: 1.5, spaceGap: 0.2 };

/**
 * Characters that a page cannot show but that would change how the text is shown or handled in
 * the app: C0/C1 controls (pdfjs reports glyphs without a Unicode mapping as U+0000) and the
 * bidi embedding, override and isolate marks (which could make a merchant name display reversed
 * or spoof another). Removing them loses nothing that was printed.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text of a run as plain printable text: invisible controls removed, tabs and newlines as spaces. */
export function plainText(s: string): string {
  return s.replace(INVISIBLE, '').replace(/[\t\n\r]/g, ' ');
}

const finite = (n: number, fallback: number): number => (Number.isFinite(n) ? n : fallback);

interface Run {
  x: number;
  xEnd: number;
  y: number;
  size: number;
  text: string;
}

function toRun(it: PdfTextItem): Run | null {
  const text = plainText(it.text);
  if (text.trim() === '') return null;
  const size = Math.abs(finite(it.fontSize, 0)) || Math.abs(finite(it.height, 0)) || 10;
  const x = finite(it.x, 0);
  // Some fonts report no advance widths: estimate half a font size per character (closer to
  // Latin than to CJK, so an estimated run errs towards a gap, never towards an overlap).
  const width = finite(it.width, 0) > 0 ? it.width : text.length * size * 0.5;
  return { x, xEnd: x + width, y: finite(it.y, 0), size, text };
}

/** Group runs into visual lines: pages in order, lines top to bottom, cells left to right. */
export function rebuildLines(items: readonly PdfTextItem[], options: LineOptions = {}): PdfLine[] {
  const o = { ...DEFAULTS, ...options };
  const byPage = new Map<number, Run[]>();
  for (const it of items) {
    const run = toRun(it);
    if (!run) continue;
    const page = Number.isInteger(it.page) ? it.page : 1;
    let runs = byPage.get(page);
    if (!runs) byPage.set(page, (runs = []));
    runs.push(run);
  }
  const out: PdfLine[] = [];
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const runs = byPage.get(page)!;
    // Top to bottom; left to right within a baseline so the first run anchors the line.
    runs.sort((a, b) => b.y - a.y || a.x - b.x);
    let group: Run[] = [];
    let anchor = 0;
    let size = 0;
    const flush = (): void => {
      if (group.length > 0) out.push(makeLine(page, anchor, group, o));
      group = [];
    };
    for (const r of runs) {
      // Compared with the line's first baseline, not the previous run's, so a staircase of
      // slightly lower runs cannot chain two rows together.
      if (group.length > 0 && anchor - r.y <= o.lineTolerance * Math.max(size, r.size)) {
        group.push(r);
        size = Math.max(size, r.size);
        continue;
      }
      flush();
      group.push(r);
      anchor = r.y;
      size = r.size;
    }
    flush();
  }
  return out;
}

function makeLine(page: number, y: number, runs: Run[], o: Required<LineOptions>): PdfLine {
  runs.sort((a, b) => a.x - b.x || b.y - a.y);
  const cells: PdfCell[] = [];
  let cur: (PdfCell & { size: number }) | null = null;
  for (const r of runs) {
    if (cur) {
      const gap = r.x - cur.xEnd;
      const em = Math.max(cur.size, r.size);
      if (gap <= o.cellGap * em) {
        // A run starting inside the previous one (overlap, kerning, a run drawn twice for bold)
        // is joined without a space; a visible gap becomes one space.
        cur.text += gap > o.spaceGap * em && !/\s$/.test(cur.text) && !/^\s/.test(r.text) ? ` ${r.text}` : r.text;
        cur.xEnd = Math.max(cur.xEnd, r.xEnd);
        cur.size = em;
        continue;
      }
      cells.push(finishCell(cur));
    }
    cur = { x: r.x, xEnd: r.xEnd, text: r.text, size: r.size };
  }
  if (cur) cells.push(finishCell(cur));
  const kept = cells.filter((c) => c.text !== '');
  return { page, y, cells: kept, text: kept.map((c) => c.text).join(' ') };
}

function finishCell(c: PdfCell & { size: number }): PdfCell {
  return { x: c.x, xEnd: c.xEnd, text: c.text.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '') };
}
