/** Regressions found in review: each would lose, double or expose data. */
import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, libraryFiles, tempDir, testCore, utf8 } from '../helpers';
import { makeStatementPdf } from '../support/pdf';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const csv = (rows: string[]) => utf8(`date,description,amount\n${rows.join('\n')}\n`);

describe('undo keeps what other imports hold', () => {
  it('a row an overlapping statement also contains survives undoing the first statement', async () => {
    const a = await call(core, 'import.commit', { files: [{ name: 'a.csv', data: csv(['2025-05-20,Early,100', '2025-06-03,Shared,200']) }] });
    await call(core, 'import.commit', { files: [{ name: 'b.csv', data: csv(['2025-06-03,Shared,200', '2025-06-10,Later,300']) }] });
    const undone = await call(core, 'imports.undo', { id: a.files[0]!.importId! });
    expect(undone.removed).toBe(1);
    const left = await call(core, 'transactions.list', {});
    expect(left.rows.map((r) => r.description).sort()).toEqual(['Later', 'Shared']);
  });

  it('the same file imported under two cards keeps its stored copy when one import is undone', async () => {
    const data = csv(['2025-06-03,Shop,200']);
    const wrong = await call(core, 'import.commit', { files: [{ name: 'june.csv', data }], card: 'Wrong' });
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data }], card: 'Right' });
    await call(core, 'imports.undo', { id: wrong.files[0]!.importId! });
    expect(libraryFiles(core.dataDir)).toHaveLength(1);
    expect((await call(core, 'files.check', {})).ok).toBe(true);
    const rows = await call(core, 'transactions.list', {});
    expect(rows.rows.map((r) => [r.cardName, r.documents.length])).toEqual([['Right', 1]]);
  });
});

describe('CSV and PDF of the same month', () => {
  it('matches one for one and keeps a different purchase of the same day and amount', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-12,LAWSON SHINJUKU,500']) }], card: 'Amex' });
    const pdf = await makeStatementPdf({
      layout: 'amex-jp',
      summary: [['締切日 2025年6月30日', 'お支払日 2025年7月10日']],
      sections: [{ title: ['ご利用者：山田 太郎 様'], rows: [{ date: '6月12日', description: 'STARBUCKS', amount: '500' }, { date: '6月12日', description: 'LAWSON SHINJUKU', amount: '500' }] }],
    });
    const preview = await call(core, 'import.preview', { files: [{ name: 's.pdf', data: pdf }], card: 'Amex' });
    expect(preview.files[0]).toMatchObject({ rows: 2, duplicates: 1 });
    const res = await call(core, 'import.commit', { files: [{ name: 's.pdf', data: pdf }], card: 'Amex' });
    expect(res.files[0]).toMatchObject({ inserted: 1, duplicates: 1 });
    const rows = await call(core, 'transactions.list', {});
    expect(rows.rows.map((r) => r.description).sort()).toEqual(['LAWSON SHINJUKU', 'STARBUCKS']);
  });
});

describe('the library keeps the user’s files and stays inside its folder', () => {
  it('refuses to repair when the library folder is not there', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-03,Shop,200']) }] });
    renameSync(join(core.dataDir, 'library'), join(core.dataDir, 'library-away'));
    expect(await core.dispatch('files.repair', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    renameSync(join(core.dataDir, 'library-away'), join(core.dataDir, 'library'));
    expect((await call(core, 'files.list', {})).documents).toHaveLength(1);
  });

  it('never deletes a file it adopted from the folder, and ignores hidden system files', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-03,Shop,200']) }] });
    const root = join(core.dataDir, 'library');
    writeFileSync(join(root, 'my-notes.txt'), 'mine');
    writeFileSync(join(root, '.DS_Store'), 'x');
    expect((await call(core, 'files.check', {})).unknown).toEqual(['my-notes.txt']);
    await call(core, 'files.repair', {});
    const doc = (await call(core, 'files.list', {})).documents.find((d) => d.path === 'my-notes.txt')!;
    const [tx] = (await call(core, 'transactions.list', {})).rows;
    await call(core, 'documents.link', { transactionId: tx!.id, documentId: doc.id });
    await call(core, 'documents.unlink', { transactionId: tx!.id, documentId: doc.id });
    expect(existsSync(join(root, 'my-notes.txt'))).toBe(true);
  });

  it('stores non-document attachments as .bin, so opening them cannot run them', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-03,Shop,200']) }] });
    const [tx] = (await call(core, 'transactions.list', {})).rows;
    await call(core, 'documents.addReceipts', { transactionId: tx!.id, files: [{ name: 'evil.command', data: utf8('#!/bin/sh\necho hi') }] });
    expect(libraryFiles(core.dataDir).filter((p) => p.includes('receipts'))).toEqual(['2025/2025-06/Card/receipts/2025-06-03_Shop_200JPY.bin']);
  });

  it('refuses to write through a linked folder that leads outside the library', async () => {
    const outside = tempDir();
    try {
      mkdirSync(join(core.dataDir, 'library'), { recursive: true });
      symlinkSync(outside.path, join(core.dataDir, 'library', '2025'));
      const res = await core.dispatch('import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-03,Shop,200']) }] });
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/outside the library/) } });
      expect((await call(core, 'transactions.list', {})).total).toBe(0);
      expect(readdirSync(outside.path)).toEqual([]);
    } finally {
      outside.cleanup();
    }
  });

  it('writes refunds in the month bundle as numbers', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: csv(['2025-06-03,Shop,200', '2025-06-04,Return,-500']) }] });
    const b = await call(core, 'files.bundle', { month: '2025-06' });
    const text = new TextDecoder().decode(unzipSync(b.data)['2025-06/transactions-2025-06.csv']!);
    expect(text).toContain(',-500,JPY,');
    expect(text).not.toContain("'-500");
  });
});
