import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, libraryFiles, tempDir, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const JUNE = 'date,description,amount\n2025-06-03,=HYPERLINK("http://evil"),1980\n2025-06-12,サンプル書店/東京,3280\n';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function importJune(card = 'Amex Gold') {
  const res = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }], card });
  return res.files[0]!;
}

async function rowByDescription(text: string) {
  const list = await call(core, 'transactions.list', {});
  return list.rows.find((r) => r.description.includes(text))!;
}

describe('the document library', () => {
  it('files an imported statement by month and card and links it to its rows; undo removes it', async () => {
    const f = await importJune();
    expect(libraryFiles(core.dataDir)).toEqual(['2025/2025-06/Amex Gold/2025-06_Amex Gold_statement.csv']);
    const files = await call(core, 'files.list', { month: '2025-06' });
    expect(files.documents).toMatchObject([{ kind: 'statement', month: '2025-06', cardName: 'Amex Gold', transactions: 2, originalName: 'june.csv' }]);
    const linked = await call(core, 'transactions.list', { document: files.documents[0]!.id });
    expect(linked.total).toBe(2);
    await call(core, 'imports.undo', { id: f.importId! });
    expect(libraryFiles(core.dataDir)).toEqual([]);
    expect((await call(core, 'files.list', {})).documents).toEqual([]);
  });

  it('uses the configured file-name pattern', async () => {
    await call(core, 'settings.update', { statementPattern: 'statements/{card}/{yyyy}{mm}' });
    await importJune('楽天');
    expect(libraryFiles(core.dataDir)).toEqual(['statements/楽天/202506.csv']);
    const bad = await core.dispatch('settings.update', { statementPattern: '../{card}' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('attaches receipts under safe names, once per content, and reads them back', async () => {
    await importJune();
    const book = await rowByDescription('サンプル書店');
    const res = await call(core, 'documents.addReceipts', { transactionId: book.id, files: [{ name: '../../../etc/passwd.png', data: PNG }] });
    expect(res.documentIds).toHaveLength(1);
    const paths = libraryFiles(core.dataDir);
    expect(paths).toContain('2025/2025-06/Amex Gold/receipts/2025-06-12_サンプル書店_東京_3280JPY.png');
    // The same image again (another name) is not stored twice.
    const again = await call(core, 'documents.addReceipts', { transactionId: book.id, files: [{ name: 'copy.png', data: PNG }] });
    expect(again.documentIds).toEqual(res.documentIds);
    expect(libraryFiles(core.dataDir)).toHaveLength(2);
    const docs = await call(core, 'documents.forTransaction', { transactionId: book.id });
    expect(docs.map((d) => d.kind).sort()).toEqual(['receipt', 'statement']);
    const read = await call(core, 'files.read', { id: res.documentIds[0]! });
    expect(Array.from(read.data)).toEqual(Array.from(PNG));
    expect(read.mimeType).toBe('image/png');
    expect((await rowByDescription('サンプル書店')).documents).toHaveLength(2);
    await call(core, 'documents.unlink', { transactionId: book.id, documentId: res.documentIds[0]! });
    expect(libraryFiles(core.dataDir)).toHaveLength(1);
  });

  it('suggests transactions for a receipt by date and amount', async () => {
    await importJune();
    const s = await call(core, 'documents.suggest', { date: '2025-06-13', amount: 3280, currency: 'JPY' });
    expect(s[0]).toMatchObject({ description: 'サンプル書店/東京', amountMinor: 3280 });
    const byDate = await call(core, 'documents.suggest', { date: '2025-06-04' });
    expect(byDate[0]!.date).toBe('2025-06-03');
  });

  it('finds missing, changed and unknown files and repairs without deleting anything', async () => {
    await importJune();
    const book = await rowByDescription('サンプル書店');
    await call(core, 'documents.addReceipts', { transactionId: book.id, files: [{ name: 'r.png', data: PNG }] });
    const root = join(core.dataDir, 'library');
    writeFileSync(join(root, '2025', '2025-06', 'Amex Gold', '2025-06_Amex Gold_statement.csv'), 'edited');
    writeFileSync(join(root, 'notes.txt'), 'mine');
    const check = await call(core, 'files.check', {});
    expect(check).toEqual({ ok: false, missing: [], changed: ['2025/2025-06/Amex Gold/2025-06_Amex Gold_statement.csv'], unknown: ['notes.txt'] });
    const repaired = await call(core, 'files.repair', {});
    expect(repaired).toMatchObject({ ok: true, repaired: 2 });
    expect(existsSync(join(root, 'notes.txt'))).toBe(true);
  });

  it('bundles a month for the accountant: CSV with BOM and neutralised formulas, statement and receipts', async () => {
    await importJune();
    const book = await rowByDescription('サンプル書店');
    await call(core, 'documents.addReceipts', { transactionId: book.id, files: [{ name: 'r.png', data: PNG }] });
    const bundle = await call(core, 'files.bundle', { month: '2025-06' });
    expect(bundle).toMatchObject({ name: 'meisai-2025-06.zip', files: 2, transactions: 2 });
    const entries = unzipSync(bundle.data);
    expect(Object.keys(entries).sort()).toEqual([
      '2025-06/2025/2025-06/Amex Gold/2025-06_Amex Gold_statement.csv',
      '2025-06/2025/2025-06/Amex Gold/receipts/2025-06-12_サンプル書店_東京_3280JPY.png',
      '2025-06/transactions-2025-06.csv',
    ]);
    const csv = entries['2025-06/transactions-2025-06.csv']!;
    expect(Array.from(csv.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(csv);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain('1980,JPY');
    expect(Array.from(entries['2025-06/2025/2025-06/Amex Gold/receipts/2025-06-12_サンプル書店_東京_3280JPY.png']!)).toEqual(Array.from(PNG));
  });

  it('moves the library to a new folder safely', async () => {
    await importJune();
    const target = tempDir();
    try {
      const dest = join(target.path, 'lib');
      mkdirSync(join(target.path, 'other'));
      const res = await call(core, 'files.moveLibrary', { dir: dest });
      expect(res).toEqual({ moved: 1, libraryDir: dest });
      expect(readFileSync(join(dest, '2025', '2025-06', 'Amex Gold', '2025-06_Amex Gold_statement.csv'), 'utf8')).toBe(JUNE);
      expect(libraryFiles(core.dataDir)).toEqual([]);
      expect((await call(core, 'files.check', {})).ok).toBe(true);
      expect((await call(core, 'settings.get', {})).libraryDir).toBe(dest);
      // Not into a non-empty folder, nor into a folder that contains the library.
      writeFileSync(join(target.path, 'other', 'x'), '1');
      expect(await core.dispatch('files.moveLibrary', { dir: join(target.path, 'other') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await core.dispatch('files.moveLibrary', { dir: target.path })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      target.cleanup();
    }
  });
});
