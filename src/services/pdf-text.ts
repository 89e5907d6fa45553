/**
 * Text runs with their positions out of a PDF statement, with pdfjs-dist (Node only: it reads
 * the character maps and standard fonts from the installed package on disk).
 *
 * Never throws: a file pdfjs cannot open comes back as a failure with a reason the UI can name.
 * A PDF that opens but carries no text (a scan, or fonts without a character map) is a success
 * with zero items; the caller explains why no rows came.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { plainText, type PdfTextItem } from '../core/pdf/lines';

export type { PdfTextItem } from '../core/pdf/lines';

export type PdfTextResult =
  | { ok: true; pages: number; items: PdfTextItem[] }
  | { ok: false; reason: 'encrypted' | 'not-a-pdf' | 'damaged'; message: string };

type PdfJs = typeof PdfJsModule;

interface Assets {
  pdfjs: PdfJs;
  cMapUrl: string;
  standardFontDataUrl: string;
}

let assets: Promise<Assets> | null = null;

/** pdfjs and the folders it reads, resolved once from the installed package. */
function loadAssets(): Promise<Assets> {
  assets ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('pdfjs-dist/package.json'));
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Node has no web workers, so pdfjs runs its worker code in this thread ("fake worker") and
    // imports it from workerSrc. Its Node default is a path relative to pdf.mjs, which breaks
    // once a bundler moves things around; a file URL to the installed module does not.
    pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(join(root, 'legacy', 'build', 'pdf.worker.mjs')).href;
    // Plain filesystem paths ending in a separator (pdfjs appends file names): as file:// URLs
    // its Node readers do not find them, and Japanese text in non-embedded fonts comes out empty.
    return {
      pdfjs,
      cMapUrl: join(root, 'cmaps') + '/',
      standardFontDataUrl: join(root, 'standard_fonts') + '/',
    };
  })();
  assets.catch(() => {
    assets = null; // let a later call try again rather than keep a failed import forever
  });
  return assets;
}

/** A PDF starts with `%PDF-`, allowed some leading junk (the spec tolerates up to 1 KB). */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);
const errorName = (e: unknown): string => (typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '');

export async function extractPdfText(bytes: Uint8Array): Promise<PdfTextResult> {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'not-a-pdf', message: 'no file data was given' };
  if (bytes.length === 0) return { ok: false, reason: 'not-a-pdf', message: 'the file is empty' };
  if (!looksLikePdf(bytes)) return { ok: false, reason: 'not-a-pdf', message: 'the file does not start like a PDF (no %PDF- header)' };
  let a: Assets;
  try {
    a = await loadAssets();
  } catch (e) {
    return { ok: false, reason: 'damaged', message: `the PDF reader could not be loaded: ${errorText(e)}` };
  }
  const task = a.pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy so the caller's bytes stay
    // usable. `new Uint8Array(…)` copies; a Buffer's `slice` would not (it is a view, often of
    // Node's shared pool), and pdfjs refuses Buffers anyway.
    data: new Uint8Array(bytes),
    cMapUrl: a.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: a.standardFontDataUrl,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: a.pdfjs.VerbosityLevel.ERRORS,
  });
  let page = 0;
  try {
    const doc = await task.promise;
    const items: PdfTextItem[] = [];
    for (page = 1; page <= doc.numPages; page++) {
      const p = await doc.getPage(page);
      const content = await p.getTextContent();
      for (const it of content.items) {
        if (!('str' in it)) continue; // marked-content markers carry no text
        const text = plainText(it.str);
        if (text.trim() === '') continue; // pdfjs adds space runs for gaps; the gaps themselves carry the layout
        const [a0 = 0, b0 = 0, c0 = 0, d0 = 0, e0 = 0, f0 = 0] = it.transform as number[];
        items.push({
          page,
          x: e0,
          y: f0,
          width: it.width,
          height: it.height,
          // The text matrix's vertical scale is the font size in points (also for runs pdfjs
          // reports with height 0); the horizontal one only differs for stretched text.
          fontSize: Math.hypot(c0, d0) || Math.hypot(a0, b0) || it.height,
          text,
        });
      }
      p.cleanup();
    }
    return { ok: true, pages: doc.numPages, items };
  } catch (e) {
    const name = errorName(e);
    if (name === 'PasswordException') {
      return { ok: false, reason: 'encrypted', message: 'the PDF is protected with a password; open it in a PDF viewer and save or print an unprotected copy' };
    }
    const where = page > 0 ? ` (page ${page})` : '';
    return { ok: false, reason: 'damaged', message: `the PDF could not be read${where}: ${errorText(e)}` };
  } finally {
    try {
      await task.destroy(); // also destroys the document and its fake worker
    } catch {
      // nothing left to release
    }
  }
}
