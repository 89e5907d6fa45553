/**
 * Statement PDFs through the import service: rows read from the text geometry, the PDF filed in
 * the library; the same month's CSV and PDF not doubled; a PDF without text still filed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, libraryFiles, testCore, utf8 } from '../helpers';
import { makeScannedPdf, makeStatementPdf } from '../support/pdf';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const amexPdf = () =>
  makeStatementPdf({
    layout: 'amex-jp',
    summary: [['締切日 2025年6月30日', 'お支払日 2025年7月10日'], ['今回ご請求額', '5,763円']],
    sections: [
      {
        title: ['ご利用者：山田 太郎 様', 'XXXX-XXXXXX-X1005'],
        rows: [
          { date: '6月12日', description: 'サンプル書店', amount: '3,280' },
          { date: '6月20日', description: 'EXAMPLE CLOUD SERVICES', amount: '1,523', foreign: 'USD 10.00 換算レート 152.30' },
          { date: '6月25日', description: 'テストマート', amount: '960' },
        ],
        subtotal: ['小計', '5,763'],
      },
    ],
    grandTotal: ['ご利用金額合計', '5,763'],
  });

describe('statement PDFs', () => {
  it('imports a PDF statement and files it by month and card', async () => {
    const pdf = await amexPdf();
    const preview = await call(core, 'import.preview', { files: [{ name: 'amex-2025-06.pdf', data: pdf }], card: 'Amex' });
    const p = preview.files[0]!;
    expect(p).toMatchObject({ status: 'ready', format: 'pdf-jp', encoding: 'pdf', rows: 3, periodFrom: '2025-06-12', periodTo: '2025-06-25' });
    expect(p.total).toEqual({ printed: 5763, computed: 5763, label: expect.any(String), currency: 'JPY' });
    const res = await call(core, 'import.commit', { files: [{ name: 'amex-2025-06.pdf', data: pdf }], card: 'Amex' });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 3 });
    expect(libraryFiles(core.dataDir)).toEqual(['2025/2025-07/Amex/2025-07_Amex_statement.pdf']);
    const tx = await call(core, 'transactions.list', {});
    expect(tx.rows.map((r) => [r.date, r.description, r.amount, r.originalAmount, r.originalCurrency, r.fxRate])).toEqual([
      ['2025-06-25', 'テストマート', 960, null, null, null],
      ['2025-06-20', 'EXAMPLE CLOUD SERVICES', 1523, 10, 'USD', '152.30'],
      ['2025-06-12', 'サンプル書店', 3280, null, null, null],
    ]);
  });

  it('does not double the rows of a month imported as CSV and as PDF; the PDF documents them', async () => {
    const csv = 'date,description,amount\n2025-06-12,サンプル書店　東京都　千代田区,3280\n2025-06-20,EXAMPLE CLOUD SERVICES,1523\n2025-06-25,テストマート,960\n';
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(csv) }], card: 'Amex' });
    const res = await call(core, 'import.commit', { files: [{ name: 'amex-2025-06.pdf', data: await amexPdf() }], card: 'Amex' });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 0, duplicates: 3 });
    const tx = await call(core, 'transactions.list', {});
    expect(tx.total).toBe(3);
    for (const r of tx.rows) expect(r.documents).toContain('2025/2025-07/Amex/2025-07_Amex_statement.pdf');
    // And the other way round: a CSV after the PDF adds nothing either.
    const core2 = testCore();
    try {
      await call(core2, 'import.commit', { files: [{ name: 'amex-2025-06.pdf', data: await amexPdf() }], card: 'Amex' });
      const again = await call(core2, 'import.commit', { files: [{ name: 'june.csv', data: utf8(csv) }], card: 'Amex' });
      expect(again.files[0]).toMatchObject({ status: 'imported', inserted: 0, duplicates: 3 });
    } finally {
      core2.cleanup();
    }
  });

  it('files a PDF without readable text as the statement and says why no rows came', async () => {
    const scan = await makeScannedPdf();
    const preview = await call(core, 'import.preview', { files: [{ name: 'statement_202505.pdf', data: scan }], card: 'Amex' });
    expect(preview.files[0]).toMatchObject({ status: 'ready', format: 'pdf-unreadable', rows: 0, statementMonth: '2025-05' });
    expect(preview.files[0]!.warnings[0]!.message).toMatch(/no text could be read from this PDF/);
    const res = await call(core, 'import.commit', { files: [{ name: 'statement_202505.pdf', data: scan }], card: 'Amex' });
    expect(res.files[0]).toMatchObject({ status: 'filed', inserted: 0 });
    expect(libraryFiles(core.dataDir)).toEqual(['2025/2025-05/Amex/2025-05_Amex_statement.pdf']);
    const docs = await call(core, 'files.list', {});
    expect(docs.documents).toMatchObject([{ kind: 'statement', month: '2025-05', cardName: 'Amex' }]);
    // Undo removes it again.
    await call(core, 'imports.undo', { id: res.files[0]!.importId! });
    expect(libraryFiles(core.dataDir)).toEqual([]);
  });

  it('refuses a damaged PDF with a clear message and writes nothing', async () => {
    const res = await call(core, 'import.commit', { files: [{ name: 'broken.pdf', data: utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage') }] });
    expect(res.files[0]!.status).toBe('error');
    expect(res.files[0]!.errors[0]!.message).toMatch(/^broken\.pdf: /);
    expect(libraryFiles(core.dataDir)).toEqual([]);
    expect((await call(core, 'imports.list', {})).length).toBe(0);
  });
});
