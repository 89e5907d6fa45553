import { describe, expect, it } from 'vitest';
import { plainText, rebuildLines, type PdfTextItem } from '../../../src/core/pdf/lines';

/** A run at (x, y) on `page`, 9 pt, half a font size per character unless a width is given. */
function item(text: string, x: number, y: number, opts: Partial<PdfTextItem> = {}): PdfTextItem {
  return { page: 1, x, y, width: text.length * 4.5, height: 9, fontSize: 9, text, ...opts };
}

const texts = (items: PdfTextItem[]): string[][] => rebuildLines(items).map((l) => l.cells.map((c) => c.text));

describe('rebuildLines', () => {
  it('puts runs on one baseline into one line, left to right, whatever the drawing order', () => {
    const lines = rebuildLines([item('3,280', 530, 700), item('12/15', 40, 700), item('BOOKSHOP', 110, 700)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.cells.map((c) => c.text)).toEqual(['12/15', 'BOOKSHOP', '3,280']);
    expect(lines[0]!.text).toBe('12/15 BOOKSHOP 3,280');
    expect(lines[0]!.cells[0]).toEqual({ x: 40, xEnd: 62.5, text: '12/15' });
  });

  it('tolerates baselines a little apart (relative to the font size) but keeps rows apart', () => {
    // 2 pt off at 9 pt is one line; rows 11 pt apart are two.
    expect(texts([item('A', 40, 700), item('B', 200, 698), item('C', 40, 689), item('D', 200, 689.5)])).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
    // The same 2 pt offset with 3 pt type is a different line.
    expect(texts([item('a', 40, 700, { fontSize: 3 }), item('b', 200, 698, { fontSize: 3 })])).toEqual([['a'], ['b']]);
  });

  it('compares with the line’s first baseline, so a staircase of runs does not chain rows together', () => {
    const stairs = [0, 3, 6, 9, 12].map((d, i) => item(`s${i}`, 40 + i * 100, 700 - d));
    expect(texts(stairs)).toEqual([['s0', 's1'], ['s2', 's3'], ['s4']]);
  });

  it('joins touching runs, writes a visible gap as a space, and splits at a column-sized gap', () => {
    // 'SAMPLE' ends at 137; 'BOOKS' touches it and ends at 159.5; 'TOKYO' is 1 em after; '1,000' is far away.
    const lines = rebuildLines([item('SAMPLE', 110, 700), item('BOOKS', 137, 700), item('TOKYO', 168.5, 700), item('1,000', 500, 700)]);
    expect(lines[0]!.cells.map((c) => c.text)).toEqual(['SAMPLEBOOKS TOKYO', '1,000']);
    expect(lines[0]!.cells[0]!.x).toBe(110);
    expect(lines[0]!.cells[0]!.xEnd).toBeCloseTo(191);
  });

  it('honours its gap options', () => {
    const items = [item('A', 40, 700), item('B', 40 + 4.5 + 18, 700)]; // a 2 em gap
    expect(texts(items)).toEqual([['A', 'B']]);
    expect(rebuildLines(items, { cellGap: 3 })[0]!.cells.map((c) => c.text)).toEqual(['A B']);
  });

  it('orders pages, and lines top to bottom within each page', () => {
    const lines = rebuildLines([item('p2 top', 40, 800, { page: 2 }), item('p1 low', 40, 100), item('p1 top', 40, 800), item('p2 low', 40, 100, { page: 2 })]);
    expect(lines.map((l) => [l.page, l.text])).toEqual([
      [1, 'p1 top'],
      [1, 'p1 low'],
      [2, 'p2 top'],
      [2, 'p2 low'],
    ]);
    expect(lines.map((l) => l.y)).toEqual([800, 100, 800, 100]);
  });

  it('drops empty and blank runs (pdfjs adds space runs for gaps) and trims cells', () => {
    const lines = rebuildLines([item('', 10, 700), item('   ', 20, 700), item('\u3000', 30, 700), item(' X ', 40, 700)]);
    expect(lines.map((l) => l.cells)).toEqual([[{ x: 40, xEnd: 53.5, text: 'X' }]]);
    expect(rebuildLines([])).toEqual([]);
  });

  it('estimates a width for runs reported without one, so neighbours still split and join', () => {
    const lines = rebuildLines([item('ABCD', 40, 700, { width: 0 }), item('EF', 58, 700, { width: 0 }), item('9', 300, 700, { width: Number.NaN })]);
    expect(lines[0]!.cells.map((c) => c.text)).toEqual(['ABCDEF', '9']);
  });

  it('survives nonsense coordinates and sizes', () => {
    const lines = rebuildLines([
      item('a', Number.NaN, Number.POSITIVE_INFINITY, { fontSize: Number.NaN, height: 0 }),
      item('b', 1e300, -1e300, { fontSize: -9 }),
      item('c', 40, 700, { page: Number.NaN }),
    ]);
    expect(lines.flatMap((l) => l.cells.map((c) => c.text)).sort()).toEqual(['a', 'b', 'c']);
  });

  it('removes invisible controls and bidi overrides from run text, and keeps everything printable', () => {
    expect(plainText('a\u0000b\u0007c\u001bd\u007f\u0085')).toBe('abcd');
    expect(plainText('\u202Eevil\u202C \u2066x\u2069 \u200Fok')).toBe('evil x \u200Fok');
    expect(plainText('tab\there\nnew')).toBe('tab here new');
    expect(plainText('../../etc/passwd C:\\Windows <b>&amp;')).toBe('../../etc/passwd C:\\Windows <b>&amp;');
    const lines = rebuildLines([item('\u202E1,000\u202C', 500, 700), item('\u0000', 40, 700)]);
    expect(lines[0]!.cells.map((c) => c.text)).toEqual(['1,000']);
  });

  it('handles a 10,000-character run and many runs (speed is measured in npm run bench, not here)', () => {
    const long = 'x'.repeat(10_000);
    const lines = rebuildLines([item(long, 40, 700, { width: 300 }), item('1', 400, 700)]);
    expect(lines[0]!.cells[0]!.text).toBe(long);
    const many: PdfTextItem[] = [];
    for (let p = 1; p <= 10; p++) for (let r = 0; r < 50; r++) for (let c = 0; c < 5; c++) many.push(item(`p${p}r${r}c${c}`, 40 + c * 100, 800 - r * 14, { page: p }));
    const out = rebuildLines(many);
    expect(out).toHaveLength(500);
    expect(out.every((l) => l.cells.length === 5)).toBe(true);
  });
});
