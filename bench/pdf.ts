/**
 * `npx tsx bench/pdf.ts [runs]`: how long a 10-page PDF statement takes from bytes to parsed rows
 * (extractPdfText + rebuildLines + parsePdfStatement), as the median of several runs after one
 * warm-up run (the first run also loads pdfjs). Target: < 500 ms. Measured here, never asserted
 * in tests.
 */
import { performance } from 'node:perf_hooks';
import { rebuildLines } from '../src/core/pdf/lines';
import { parsePdfStatement } from '../src/core/pdf/statement';
import { extractPdfText } from '../src/services/pdf-text';
import { median } from './stats';
import { makeStatementPdf, type PdfRowSpec, type PdfSectionSpec } from '../tests/support/pdf';

const PAGES = 10;
const LINES_PER_PAGE = 36;
const RUNS = Math.max(1, Number(process.argv[2] ?? 9));

/** Two cardholders, December and January rows, a foreign row now and then: a busy statement. */
function sections(): { sections: PdfSectionSpec[]; rows: number; total: number } {
  const out: PdfSectionSpec[] = [];
  let rows = 0;
  let total = 0;
  let bodyLines = 0;
  const budget = PAGES * LINES_PER_PAGE;
  for (const [title, digits] of [
    ['ご利用者：山田 太郎 様', 'XXXX-XXXXXX-X1005'],
    ['ご利用者：山田 花子 様', 'XXXX-XXXXXX-X2003'],
  ] as const) {
    const list: PdfRowSpec[] = [];
    bodyLines += 2; // section line and subtotal
    let sum = 0;
    // Half the page budget per section, leaving room for foreign lines.
    while (bodyLines < (out.length + 1) * (budget / 2) - 2) {
      const i = rows++;
      const december = i % 2 === 0;
      const day = (i % 28) + 1;
      const amount = 100 + ((i * 7919) % 49_900);
      const foreign = i % 10 === 9;
      list.push({
        date: december ? `12月${day}日` : `1月${Math.min(day, 15)}日`,
        description: foreign ? `EXAMPLE ONLINE ${i}` : [`サンプル店舗${i}`, '東京都'],
        amount: amount.toLocaleString('en-US'),
        ...(foreign ? { foreign: `USD ${(amount / 150).toFixed(2)} 換算レート 150.00` } : {}),
      });
      sum += amount;
      bodyLines += foreign ? 2 : 1;
    }
    out.push({ title: [title, digits], rows: list, subtotal: ['小計', sum.toLocaleString('en-US')] });
    total += sum;
  }
  return { sections: out, rows, total };
}

async function main(): Promise<void> {
  const spec = sections();
  const bytes = await makeStatementPdf({
    layout: 'amex-jp',
    summary: [
      ['締切日 2026年1月15日', 'お支払日 2026年2月10日'],
      ['今回ご請求額', `${spec.total.toLocaleString('en-US')}円`],
    ],
    sections: spec.sections,
    linesPerPage: LINES_PER_PAGE,
  });

  const once = async (): Promise<number> => {
    const t = performance.now();
    const text = await extractPdfText(bytes);
    if (!text.ok) throw new Error(`${text.reason}: ${text.message}`);
    const parsed = parsePdfStatement(rebuildLines(text.items), { defaultCurrency: 'JPY', fileName: 'bench.pdf' });
    const ms = performance.now() - t;
    // Check the work was real: every row read and the total reconciled.
    if (!parsed || parsed.rows.length !== spec.rows || parsed.errors.length > 0) throw new Error(`bench parse went wrong: ${parsed?.rows.length} rows of ${spec.rows}, ${JSON.stringify(parsed?.errors.slice(0, 3))}`);
    if (!parsed.total || parsed.total.printed !== parsed.total.computed) throw new Error(`bench total does not reconcile: ${JSON.stringify(parsed.total)}`);
    if (text.pages !== PAGES) throw new Error(`expected ${PAGES} pages, got ${text.pages}`);
    return ms;
  };

  const first = await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const middle = median(times);
  console.log(`PDF statement: ${PAGES} pages, ${spec.rows} rows, ${(bytes.length / 1024).toFixed(0)} KB`);
  console.log(`first run (loads pdfjs): ${first.toFixed(0)} ms`);
  console.log(`runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`median of ${RUNS}: ${middle.toFixed(0)} ms (target < 500 ms)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
