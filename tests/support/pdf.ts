/**
 * Statement PDFs for tests and the benchmark, drawn with pdf-lib + fontkit and the IPA Gothic TTF
 * (pdf-lib cannot subset .ttc collections). Text is positioned in columns the way issuers print
 * it: every cell is its own text run at its own x (amounts right-aligned), so the extracted items
 * carry the geometry the parser reads. Values are given as printed (`12月15日`, `△1,200`,
 * `25.00 CR`), so tests write down separately what they expect to be read from them.
 *
 * Layouts (column positions and header names are this file's, modelled on statement-formats.md §16):
 * - `amex-jp`: ご利用代金明細書; ご利用日 (`M月D日`) | ご利用店名・ご利用内容 | ご利用金額; cardholder
 *   section lines (`ご利用者：… 様`), foreign detail on the line below the row.
 * - `rakuten`: 利用日 (`YYYY/MM/DD`) | 利用店名・商品名 | 利用者 | 支払方法 | 利用金額 | 当月お支払金額;
 *   foreign detail (`現地利用額 …`) on the line below.
 * - `smbc`: ご利用日 (`YY/MM/DD`) | ご利用店名 | ご利用金額 | 支払区分 | 今回お支払金額 | 備考 (foreign
 *   detail on the row); `カード会員様名` / `家族会員` sections.
 * - `english`: Trans Date | Post Date | Description | Amount (`MM/DD`), `Cardholder:` sections,
 *   foreign detail on the line below (or, with `foreignOnRow`, as a second description cell).
 * Every page repeats a page header (title, `n/N` page mark, 会員番号 or account line), the table
 * header, and a footer (address, `- n -`).
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export const IPA_GOTHIC = '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf';

export type PdfLayout = 'amex-jp' | 'rakuten' | 'smbc' | 'english';

export interface PdfRowSpec {
  /** As printed in the date column. */
  date: string;
  /** English layout: the Post Date column. */
  posted?: string;
  /** One text run, or several runs drawn one after the other (`descriptionGap` apart). */
  description: string | string[];
  /** Gap between description runs, in font sizes (default 1: one cell; 2.5 or more: two cells). */
  descriptionGap?: number;
  /** Font size of the description (default the layout's); tiny sizes fit very long strings on the page. */
  descriptionSize?: number;
  /** As printed in the amount column. */
  amount: string;
  /** Rakuten 利用者 column. */
  holder?: string;
  /** Rakuten 支払方法 / SMBC 支払区分. */
  plan?: string;
  /** Rakuten 当月お支払金額 / SMBC 今回お支払金額. */
  billed?: string;
  /** Foreign-currency detail as printed: on the next line, or in the SMBC 備考 column. */
  foreign?: string;
  /** English layout: print `foreign` on the row, as a second cell after the description. */
  foreignOnRow?: boolean;
  /** A line printed under the row in the description column (the rest of a long name). */
  continuation?: string;
}

export interface PdfSectionSpec {
  /** The section line's cells as printed (`['ご利用者：山田 太郎 様', 'XXXX-XXXXXX-X1005']`); none: no line. */
  title?: string[];
  rows: PdfRowSpec[];
  /** A subtotal line after the rows: label and amount as printed. */
  subtotal?: [string, string];
}

export interface StatementPdfSpec {
  layout: PdfLayout;
  /** Lines on page 1 above the table, each given as its cells (drawn at x 40, 300, 450). */
  summary?: string[][];
  sections: PdfSectionSpec[];
  /** A line after all sections (label, amount), e.g. `['ご利用金額合計', '45,210']`. */
  grandTotal?: [string, string];
  /** Body lines (rows, foreign lines, section lines, subtotals) per page; default 30. */
  linesPerPage?: number;
  /** Lines drawn on page 1 below the table header before the rows, as cells (hostile text etc.). */
  extraLines?: string[][];
}

interface ColumnDef {
  name: string;
  x: number;
  align: 'left' | 'right';
}

interface LayoutDef {
  title: string;
  account: string;
  footer: string;
  size: number;
  columns: Record<'date' | 'description' | 'amount', ColumnDef> & Partial<Record<'posted' | 'holder' | 'plan' | 'billed' | 'memo', ColumnDef>>;
  /** Where foreign detail printed on its own line starts. */
  foreignX: number;
  /** Where a subtotal's label goes. */
  subtotalX: number;
}

const LAYOUTS: Record<PdfLayout, LayoutDef> = {
  'amex-jp': {
    title: 'アメリカン・エキスプレス ご利用代金明細書',
    account: '会員番号 XXXX-XXXXXX-X1005',
    footer: '〒100-0000 東京都千代田区サンプル町1-2-3 サンプルビル',
    size: 9,
    columns: {
      date: { name: 'ご利用日', x: 40, align: 'left' },
      description: { name: 'ご利用店名・ご利用内容', x: 110, align: 'left' },
      amount: { name: 'ご利用金額', x: 555, align: 'right' },
    },
    foreignX: 120,
    subtotalX: 300,
  },
  rakuten: {
    title: '楽天カード ご利用代金明細',
    account: 'カード番号 ****-****-****-1234',
    footer: '楽天カード株式会社 〒158-0000 東京都世田谷区サンプル1-1-1',
    size: 9,
    columns: {
      date: { name: '利用日', x: 31, align: 'left' },
      description: { name: '利用店名・商品名', x: 95, align: 'left' },
      holder: { name: '利用者', x: 250, align: 'left' },
      plan: { name: '支払方法', x: 295, align: 'left' },
      amount: { name: '利用金額', x: 450, align: 'right' },
      billed: { name: '当月お支払金額', x: 560, align: 'right' },
    },
    foreignX: 105,
    subtotalX: 95,
  },
  smbc: {
    title: '三井住友カード ご利用代金明細書',
    account: 'お客様番号 0000-000000',
    footer: '三井住友カード株式会社 〒135-0000 東京都江東区サンプル2-2-2',
    size: 9,
    columns: {
      date: { name: 'ご利用日', x: 40, align: 'left' },
      description: { name: 'ご利用店名', x: 100, align: 'left' },
      amount: { name: 'ご利用金額', x: 330, align: 'right' },
      plan: { name: '支払区分', x: 350, align: 'left' },
      billed: { name: '今回お支払金額', x: 470, align: 'right' },
      memo: { name: '備考', x: 490, align: 'left' },
    },
    foreignX: 110,
    subtotalX: 100,
  },
  english: {
    title: 'EXAMPLE BANK PLATINUM VISA',
    account: 'Account Number XXXX XXXX XXXX 1001',
    footer: 'Example Bank, PO Box 1234, Wilmington, DE 19850',
    size: 9,
    columns: {
      date: { name: 'Trans Date', x: 40, align: 'left' },
      posted: { name: 'Post Date', x: 110, align: 'left' },
      description: { name: 'Description', x: 180, align: 'left' },
      amount: { name: 'Amount', x: 555, align: 'right' },
    },
    foreignX: 190,
    subtotalX: 180,
  },
};

const PAGE: [number, number] = [595, 842]; // A4 in points
const PITCH = 16; // baseline to baseline

let fontBytes: Uint8Array | null = null;

async function newDocument(): Promise<{ doc: PDFDocument; font: PDFFont }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  fontBytes ??= readFileSync(IPA_GOTHIC);
  const font = await doc.embedFont(fontBytes, { subset: true });
  return { doc, font };
}

interface Cell {
  text: string;
  x: number;
  align?: 'left' | 'right' | 'center';
  size?: number;
}

function draw(page: PDFPage, font: PDFFont, y: number, cells: readonly Cell[], size: number): void {
  for (const c of cells) {
    if (c.text === '') continue;
    const s = c.size ?? size;
    const w = font.widthOfTextAtSize(c.text, s);
    const x = c.align === 'right' ? c.x - w : c.align === 'center' ? c.x - w / 2 : c.x;
    page.drawText(c.text, { x, y, size: s, font, color: rgb(0, 0, 0) });
  }
}

/** One body line of the table: its cells. */
type Body = Cell[];

function rowLines(def: LayoutDef, row: PdfRowSpec, font: PDFFont): Body[] {
  const cols = def.columns;
  const cells: Cell[] = [{ text: row.date, x: cols.date.x }];
  if (row.posted !== undefined && cols.posted) cells.push({ text: row.posted, x: cols.posted.x });
  const parts = typeof row.description === 'string' ? [row.description] : row.description;
  const size = row.descriptionSize ?? def.size;
  let x = cols.description.x;
  for (const p of parts) {
    cells.push({ text: p, x, size });
    x += font.widthOfTextAtSize(p, size) + (row.descriptionGap ?? 1) * def.size;
  }
  if (row.foreign !== undefined && row.foreignOnRow) cells.push({ text: row.foreign, x: x + 2 * def.size });
  cells.push({ text: row.amount, x: cols.amount.x, align: cols.amount.align });
  if (row.holder !== undefined && cols.holder) cells.push({ text: row.holder, x: cols.holder.x });
  if (row.plan !== undefined && cols.plan) cells.push({ text: row.plan, x: cols.plan.x });
  if (row.billed !== undefined && cols.billed) cells.push({ text: row.billed, x: cols.billed.x, align: 'right' });
  const out: Body[] = [cells];
  if (row.foreign !== undefined && !row.foreignOnRow) {
    if (cols.memo) cells.push({ text: row.foreign, x: cols.memo.x });
    else out.push([{ text: row.foreign, x: def.foreignX }]);
  }
  if (row.continuation !== undefined) out.push([{ text: row.continuation, x: cols.description.x }]);
  return out;
}

/** A statement PDF as bytes. */
export async function makeStatementPdf(spec: StatementPdfSpec): Promise<Uint8Array> {
  const def = LAYOUTS[spec.layout];
  const { doc, font } = await newDocument();
  const body: Body[] = [];
  for (const s of spec.sections) {
    if (s.title) body.push(s.title.map((text, i) => ({ text, x: [40, 300, 450][i] ?? 450 })));
    for (const r of s.rows) body.push(...rowLines(def, r, font));
    if (s.subtotal) body.push([{ text: s.subtotal[0], x: def.subtotalX }, { text: s.subtotal[1], x: def.columns.amount.x, align: 'right' }]);
  }
  if (spec.grandTotal) body.push([{ text: spec.grandTotal[0], x: def.subtotalX }, { text: spec.grandTotal[1], x: def.columns.amount.x, align: 'right' }]);

  const perPage = spec.linesPerPage ?? 30;
  const pages: Body[][] = [];
  for (let i = 0; i < body.length; i += perPage) pages.push(body.slice(i, i + perPage));
  if (pages.length === 0) pages.push([]);

  const headerCells: Cell[] = Object.values(def.columns).map((c) => ({ text: c.name, x: c.x, align: c.align }));
  pages.forEach((lines, p) => {
    const page = doc.addPage(PAGE);
    const n = p + 1;
    const mark = spec.layout === 'english' ? `Page ${n} of ${pages.length}` : `${n}/${pages.length} ページ`;
    let y = 800;
    draw(page, font, y, [{ text: def.title, x: 40 }, { text: mark, x: 555, align: 'right' }], 10);
    y -= PITCH;
    draw(page, font, y, [{ text: def.account, x: 40 }], def.size);
    y -= PITCH * 1.5;
    if (p === 0) {
      for (const cells of spec.summary ?? []) {
        draw(page, font, y, cells.map((text, i) => ({ text, x: [40, 300, 450][i] ?? 450 })), def.size);
        y -= PITCH;
      }
      y -= PITCH / 2;
    }
    draw(page, font, y, headerCells, def.size);
    y -= PITCH;
    if (p === 0) {
      for (const cells of spec.extraLines ?? []) {
        draw(page, font, y, cells.map((text, i) => ({ text, x: [40, 300, 450][i] ?? 450 })), def.size);
        y -= PITCH;
      }
    }
    for (const cells of lines) {
      draw(page, font, y, cells, def.size);
      y -= PITCH;
    }
    draw(page, font, 45, [{ text: def.footer, x: 40 }], 7);
    draw(page, font, 25, [{ text: `- ${n} -`, x: PAGE[0] / 2, align: 'center' }], 8);
  });
  return doc.save();
}

/** A tiny grey-scale PNG (a "scanned" page), built by hand: pdf-lib embeds PNGs but makes none. */
function scanPng(w: number, h: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const t = Buffer.from(type, 'latin1');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([t, data])) >>> 0);
    return Buffer.concat([len, t, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey-scale
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 7 + y * 13) % 3 === 0 ? 40 : 230; // "ink" speckles
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/** A statement as a scan: one page with an image and ruled lines, and no text at all. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(PAGE);
  const image = await doc.embedPng(scanPng(120, 160));
  page.drawImage(image, { x: 40, y: 100, width: 515, height: 700 });
  for (let i = 0; i < 10; i++) page.drawLine({ start: { x: 40, y: 700 - i * 20 }, end: { x: 555, y: 700 - i * 20 }, thickness: 0.5 });
  page.drawRectangle({ x: 40, y: 720, width: 200, height: 40, borderWidth: 1, borderColor: rgb(0, 0, 0) });
  return doc.save();
}

/**
 * A password-protected PDF. pdf-lib cannot encrypt, so this writes the standard security
 * handler's /Encrypt dictionary (RC4 40-bit, revision 2) into the trailer with a /U entry that the
 * empty user password does not match: a reader must then ask for a password before reading
 * anything, which is all the test needs (the page content itself is left in the clear).
 */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const { doc, font } = await newDocument();
  draw(doc.addPage(PAGE), font, 700, [{ text: 'ご利用日 ご利用内容 ご利用金額', x: 40 }], 9);
  const ctx = doc.context;
  const encrypt = ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, O: PDFHexString.of('5a'.repeat(32)), U: PDFHexString.of('c3'.repeat(32)), P: -44 });
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of('0123456789abcdef0123456789abcdef'), PDFHexString.of('0123456789abcdef0123456789abcdef')]);
  return doc.save({ useObjectStreams: false });
}

/** Arbitrary strings drawn one per line down a page (font size `size`), nothing else. */
export async function makeTextPdf(lines: readonly string[], size = 9): Promise<Uint8Array> {
  const { doc, font } = await newDocument();
  const page = doc.addPage(PAGE);
  lines.forEach((text, i) => draw(page, font, 800 - i * PITCH, [{ text, x: 40 }], size));
  return doc.save();
}
