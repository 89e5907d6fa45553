import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, libraryFiles, SJIS, sjisFile, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const JUNE = 'date,description,amount\r\n2025-06-01,コーヒー店,450\r\n2025-06-01,コーヒー店,450\r\n2025-06-03,Book store,"1,280"\r\n2025-06-05,Refund,-300\r\n';
const count = (table: string) => (core.database.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const storedFiles = () => libraryFiles(core.dataDir);

describe('import through the API contract', () => {
  it('imports every row exactly, keeps identical genuine rows, and stores the file', async () => {
    const res = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }] });
    const f = res.files[0]!;
    expect(f).toMatchObject({ status: 'imported', format: 'generic-csv', encoding: 'utf-8', rows: 4, inserted: 4, duplicates: 0, periodFrom: '2025-06-01', periodTo: '2025-06-05' });
    expect(f.card).toMatchObject({ name: 'Card', isNew: true });
    const tx = await call(core, 'transactions.list', {});
    expect(tx.total).toBe(4);
    expect(tx.rows.map((r) => [r.date, r.description, r.amount, r.kind])).toEqual([
      ['2025-06-05', 'Refund', -300, 'refund'],
      ['2025-06-03', 'Book store', 1280, 'purchase'],
      ['2025-06-01', 'コーヒー店', 450, 'purchase'],
      ['2025-06-01', 'コーヒー店', 450, 'purchase'],
    ]);
    // The statement itself is filed in the library by month and card, and documents its rows.
    expect(storedFiles()).toEqual(['2025/2025-06/Card/2025-06_Card_statement.csv']);
    expect(readFileSync(join(core.dataDir, 'library', '2025', '2025-06', 'Card', '2025-06_Card_statement.csv'), 'utf8')).toBe(JUNE);
    expect(tx.rows.every((r) => r.documents[0] === '2025/2025-06/Card/2025-06_Card_statement.csv')).toBe(true);
    const history = await call(core, 'imports.list', {});
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fileName: 'june.csv', rows: 4, inserted: 4, duplicates: 0, status: 'committed' });
    expect(history[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('inserts nothing when the same file is imported again', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }] });
    const again = await call(core, 'import.commit', { files: [{ name: 'june (1).csv', data: utf8(JUNE) }] });
    expect(again.files[0]).toMatchObject({ status: 'already-imported', inserted: 0, duplicates: 4 });
    expect(count('transactions')).toBe(4);
    expect(count('imports')).toBe(1);
  });

  it('recognises the same statement re-saved with another encoding and line endings', async () => {
    await call(core, 'import.commit', { files: [{ name: 'a.csv', data: utf8('日付,内容,金額\r\n2025-06-01,テスト,100\r\n') }] });
    const sjis = sjisFile([SJIS.header, '2025-06-01,', SJIS.tesuto, ',100\n']);
    const res = await call(core, 'import.commit', { files: [{ name: 'a-sjis.csv', data: sjis }] });
    expect(res.files[0]).toMatchObject({ status: 'already-imported', encoding: 'shift_jis', inserted: 0 });
    expect(count('transactions')).toBe(1);
  });

  it('inserts only the new rows of a file whose period overlaps an earlier import', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }] });
    const overlap = 'date,description,amount\n2025-06-01,コーヒー店,450\n2025-06-01,コーヒー店,450\n2025-06-01,コーヒー店,450\n2025-06-05,Refund,-300\n2025-06-07,New shop,700\n';
    const preview = await call(core, 'import.preview', { files: [{ name: 'late-june.csv', data: utf8(overlap) }] });
    expect(preview.files[0]!.preview!.map((r) => r.duplicate !== null)).toEqual([true, true, false, true, false]);
    expect(preview.files[0]!.preview![0]!.duplicate).toMatch(/june\.csv, line 2/);
    expect(count('transactions')).toBe(4); // preview writes nothing
    const res = await call(core, 'import.commit', { files: [{ name: 'late-june.csv', data: utf8(overlap) }] });
    expect(res.files[0]).toMatchObject({ status: 'imported', rows: 5, inserted: 2, duplicates: 3 });
    expect(count('transactions')).toBe(6);
  });

  it('decodes Shift_JIS files', async () => {
    const res = await call(core, 'import.commit', { files: [{ name: 'sjis.csv', data: sjisFile([SJIS.header, '2025/7/1,', SJIS.tesuto, ',"1,000"\r\n']) }] });
    expect(res.files[0]).toMatchObject({ status: 'imported', encoding: 'shift_jis', inserted: 1 });
    const tx = await call(core, 'transactions.list', { month: '2025-07' });
    expect(tx.rows[0]).toMatchObject({ description: 'テスト', amount: 1000, currency: 'JPY', date: '2025-07-01' });
  });

  it('rejects a file with a bad row whole: nothing in the database, nothing stored, the line named', async () => {
    const bad = 'date,description,amount\n2025-06-01,A,100\n2025-06-02,B,12abc\n2025-06-03,C,300\n';
    const res = await call(core, 'import.commit', { files: [{ name: 'bad.csv', data: utf8(bad) }] });
    expect(res.files[0]!.status).toBe('error');
    expect(res.files[0]!.errors[0]!.line).toBe(3);
    expect(res.files[0]!.errors[0]!.message).toMatch(/bad\.csv, line 3/);
    expect([count('transactions'), count('imports'), count('cards')]).toEqual([0, 0, 0]);
    expect(storedFiles()).toEqual([]);
  });

  it.each([
    ['empty', new Uint8Array(0), /empty/],
    ['binary', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]), /binary/],
    ['unknown layout', utf8('a,b,c\n1,2,3\n'), /unknown layout/],
    ['pdf', utf8('%PDF-1.7\n...'), /PDF/],
    ['invalid encoding', Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0xfd, 0x0a]), /line 2: .*neither UTF-8 nor Shift_JIS/],
    ['header only', utf8('date,description,amount\n'), /no rows/],
  ])('gives a clear error for a %s file and writes nothing', async (_label, data, message) => {
    const res = await call(core, 'import.commit', { files: [{ name: 'x.csv', data }] });
    expect(res.files[0]!.status).toBe('error');
    expect(res.files[0]!.errors.map((e) => e.message).join(' ')).toMatch(message);
    expect(res.files[0]!.errors[0]!.message).toMatch(/^x\.csv/);
    expect([count('transactions'), count('imports'), count('cards')]).toEqual([0, 0, 0]);
    expect(storedFiles()).toEqual([]);
  });

  it('rolls back the whole file when the database fails half-way', async () => {
    // A trigger that fails on the third row stands in for a disk error mid-transaction.
    core.database.sqlite.exec("CREATE TRIGGER fail_third BEFORE INSERT ON transactions WHEN NEW.description = 'Book store' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    const res = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }] });
    expect(res.files[0]!.status).toBe('error');
    expect(res.files[0]!.errors[0]!.message).toMatch(/june\.csv: nothing was imported \(simulated failure\)/);
    expect([count('transactions'), count('imports'), count('cards')]).toEqual([0, 0, 0]);
    expect(storedFiles()).toEqual([]);
  });

  it('imports several files, each on its own: a bad one does not stop the good one', async () => {
    const res = await call(core, 'import.commit', {
      files: [
        { name: 'good.csv', data: utf8(JUNE) },
        { name: 'bad.csv', data: utf8('nothing useful') },
      ],
    });
    expect(res.files.map((f) => f.status)).toEqual(['imported', 'error']);
    expect(count('transactions')).toBe(4);
  });

  it('puts rows on the card the user names, creating it once, and filters by it', async () => {
    const a = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }], card: '楽天カード' });
    expect(a.files[0]!.card).toMatchObject({ name: '楽天カード', isNew: true });
    const other = 'date,description,amount\n2025-06-02,Other,1\n';
    const b = await call(core, 'import.commit', { files: [{ name: 'o.csv', data: utf8(other) }], card: a.files[0]!.card!.id! });
    expect(b.files[0]!.card).toMatchObject({ name: '楽天カード', isNew: false });
    expect((await call(core, 'cards.list', {})).map((c) => c.name)).toEqual(['楽天カード']);
    expect((await call(core, 'transactions.list', { card: '楽天カード' })).total).toBe(5);
    const missing = await core.dispatch('import.commit', { files: [{ name: 'o.csv', data: utf8(other) }], card: 999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('never uses a path from the file name', async () => {
    const res = await call(core, 'import.commit', { files: [{ name: '../../etc/\u202Epasswd.csv', data: utf8(JUNE) }] });
    expect(res.files[0]!.file).toBe('passwd.csv');
    expect(storedFiles()).toEqual(['2025/2025-06/Card/2025-06_Card_statement.csv']);
  });
});

describe('transactions.list', () => {
  it('filters by month, date range and search text (width- and case-insensitive on merchants)', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE + '2025-07-02,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,2000\r\n') }] });
    expect((await call(core, 'transactions.list', { month: '2025-06' })).total).toBe(4);
    expect((await call(core, 'transactions.list', { from: '2025-06-02', to: '2025-07-31' })).total).toBe(3);
    const s = await call(core, 'transactions.list', { search: 'amazon.co.jp' });
    expect(s.rows.map((r) => r.description)).toEqual(['ＡＭＡＺＯＮ．ＣＯ．ＪＰ']);
    expect((await call(core, 'transactions.list', { search: '100%_' })).total).toBe(0);
  });

  it('rejects malformed queries at the contract', async () => {
    const res = await core.dispatch('transactions.list', { month: '2025-13' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('writing many rows at once', () => {
  it('an overlapping statement of many rows inserts only the new ones, and the old ones gain it as a document', async () => {
    const { testCore: make, call: c, utf8: u } = await import('../helpers');
    const core = make();
    try {
      const line = (i: number) => `2025-06-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i},${100 + i}`;
      const file = (name: string, from: number, to: number) => ({ name, data: u(`date,description,amount\r\n${Array.from({ length: to - from }, (_, k) => line(from + k)).join('\r\n')}\r\n`) });
      const first = await c(core, 'import.commit', { files: [file('may.csv', 0, 80)], card: 'Card' });
      expect(first.files[0]!.inserted).toBe(80);
      // 30 new rows after 70 the ledger already has (several full batches of both kinds).
      const second = await c(core, 'import.commit', { files: [file('june.csv', 10, 110)], card: 'Card' });
      expect(second.files[0]).toMatchObject({ inserted: 30, duplicates: 70 });
      const all = await c(core, 'transactions.list', { limit: 1000, sort: 'amount', order: 'asc' });
      expect(all.total).toBe(110);
      const docs = async (amount: number) => (await c(core, 'documents.forTransaction', { transactionId: all.rows.find((r) => r.amountMinor === amount)!.id })).map((d) => d.originalName).sort();
      expect(await docs(100 + 5)).toEqual(['may.csv']);
      expect(await docs(100 + 50)).toEqual(['june.csv', 'may.csv']);
      expect(await docs(100 + 100)).toEqual(['june.csv']);
    } finally {
      core.cleanup();
    }
  });
});
