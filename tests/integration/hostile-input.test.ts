/**
 * A corpus of broken and hostile files through the real importer: each gives a clear message
 * naming the file (and the line where there is one), writes nothing to the database or the
 * library, and finishes within a time limit — enforced: the import runs in a worker thread that
 * is stopped when the limit passes, so a hanging parser fails its test instead of freezing the
 * suite. Hostile merchant text is stored as printed and never reaches a file name unsanitised.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCp932 } from '../support/cp932';
import { ImportSandbox } from '../support/import-sandbox';
import { call, libraryFiles, testCore, utf8 } from '../helpers';

/** Hard limit for one import of one file (generous: the machines running this are slow and shared). */
const LIMIT_MS = 20_000;

let core: ReturnType<typeof testCore>;
let sandbox: ImportSandbox;
beforeAll(() => {
  sandbox = new ImportSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

/** Preview or commit one file in the sandbox, on this test's data folder. */
async function sandboxed(kind: 'preview' | 'commit', name: string, data: Uint8Array) {
  const res = await sandbox.run(core.dataDir, kind, name, data, LIMIT_MS);
  if (!res.ok) throw new Error(`${kind} ${name}: ${res.error.message}`);
  return res.value;
}
const recordedFiles = () => (core.database.sqlite.prepare('SELECT path FROM documents ORDER BY path').pluck().all() as string[]).sort();

const count = () => (core.database.sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number) + (core.database.sqlite.prepare('SELECT COUNT(*) FROM imports').pluck().get() as number);
const amex = encodeCp932('ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート\r\n2025/06/01,2025/06/02,テスト店,TARO,-1,100,,\r\n');

const CORPUS: [string, Uint8Array][] = [
  ['empty.csv', new Uint8Array()],
  ['binary.csv', Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)],
  ['zip.csv', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, ...Array(200).fill(0))],
  ['nul.csv', utf8('date,description,amount\r\n2025-06-01,\u0000\u0000,100\r\n\u0000\u0000\u0000')],
  ['header-only.csv', utf8('date,description,amount\r\n')],
  ['truncated-sjis.csv', amex.subarray(0, amex.length - 7)],
  ['cut-in-a-character.csv', amex.subarray(0, 95)],
  ['unknown-layout.csv', utf8('foo,bar,baz\r\n1,2,3\r\nx,y,z\r\n')],
  ['bad-date.csv', utf8('date,description,amount\r\n2025-13-45,A,100\r\n')],
  ['bad-amount.csv', utf8('date,description,amount\r\n2025-06-01,A,12abc\r\n')],
  ['one-huge-line.csv', utf8(`date,description,amount\r\n2025-06-01,${'x'.repeat(3_000_000)}`)],
  ['fake.pdf', utf8('%PDF-1.7\n%garbage that is not a pdf\n%%EOF')],
  ['utf16-odd.csv', Uint8Array.of(0xff, 0xfe, 0x41, 0x00, 0x42)],
  ['only-newlines.csv', utf8('\r\n\r\n\r\n\n\n')],
];

describe('broken files', () => {
  it('the time limit is enforced: an import that never returns is stopped and fails its test', async () => {
    await expect(sandbox.spin(500)).rejects.toThrow(/no answer within 500 ms/);
    // The next file gets a fresh worker.
    expect((await sandboxed('preview', 'after.csv', utf8('date,description,amount\r\n2025-06-01,A,1\r\n'))).files[0]).toMatchObject({ status: 'ready' });
  });

  it.each(CORPUS)('%s: a clear error naming the file, nothing written, within the time limit', async (name, data) => {
    const before = count();
    const preview = await sandboxed('preview', name, data);
    const res = await sandboxed('commit', name, data);
    for (const f of [preview.files[0]!, res.files[0]!]) {
      expect(f.status).toBe('error');
      expect(f.errors.length).toBeGreaterThan(0);
      expect(f.errors[0]!.message).toContain(name);
    }
    expect(count()).toBe(before);
    expect(libraryFiles(core.dataDir)).toEqual([]);
  }, 2 * LIMIT_MS + 10_000);

  it('reports the line of a bad row', async () => {
    const res = await call(core, 'import.commit', { files: [{ name: 'bad-row.csv', data: utf8('date,description,amount\r\n2025-06-01,A,100\r\n2025-06-02,B,oops\r\n') }] });
    expect(res.files[0]!.errors[0]!.message).toMatch(/bad-row\.csv, line 3/);
    expect(count()).toBe(0);
  });

  it('fuzzed variants of a real statement never escape the error result, never hang and never write half a file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: amex.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: amex.length }), async (at, byte, cut) => {
        const data = Uint8Array.from(amex.subarray(0, cut));
        if (at < data.length) data[at] = byte;
        const before = count();
        const library = libraryFiles(core.dataDir);
        const f = (await sandboxed('commit', 'fuzz.csv', data)).files[0]!;
        if (f.status === 'error') {
          expect(count()).toBe(before);
          expect(libraryFiles(core.dataDir)).toEqual(library);
        } else expect(['imported', 'already-imported']).toContain(f.status);
        // The library holds exactly the recorded files: nothing half-written, nothing left over.
        expect(libraryFiles(core.dataDir)).toEqual(recordedFiles());
      }),
      { numRuns: 60 },
    );
  }, 60 * LIMIT_MS);
});

describe('hostile merchant text', () => {
  it('in four-byte characters names receipts and statements within the file system\'s byte limit', async () => {
    const kichi = '𠮷'.repeat(100);
    const res = await call(core, 'import.commit', { files: [{ name: 'kichi.csv', data: utf8(`date,description,amount\r\n2025-06-01,${kichi},100\r\n`) }], card: kichi });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 1 });
    const row = (await call(core, 'transactions.list', {})).rows[0]!;
    expect(row.description).toBe(kichi);
    await call(core, 'documents.addReceipts', { transactionId: row.id, files: [{ name: `${kichi}.png`, data: Uint8Array.of(1) }, { name: 'again.png', data: Uint8Array.of(2) }] });
    const files = libraryFiles(core.dataDir);
    expect(files).toHaveLength(3);
    for (const f of files) for (const segment of f.split('/')) expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
    expect(files.some((f) => f.includes('𠮷𠮷𠮷'))).toBe(true);
    expect(await call(core, 'files.check', {})).toMatchObject({ ok: true });
  });

  it('is stored and listed as printed, and sanitised before it names a file', async () => {
    const nasty = ['../../etc/passwd', 'C:\\Windows\\system32', 'evil\u202Etxt.exe', 'ctl\u0007\u001b[31mred', '=cmd|" /C calc"!A0', `long${'長'.repeat(3000)}`];
    const rows = nasty.map((d, i) => `2025-06-0${i + 1},"${d.replace(/"/g, '""')}",${100 + i}`);
    const res = await call(core, 'import.commit', { files: [{ name: 'nasty.csv', data: utf8(`date,description,amount\r\n${rows.join('\r\n')}\r\n`) }] });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: nasty.length });
    const listed = (await call(core, 'transactions.list', { sort: 'date', order: 'asc' })).rows;
    expect(listed.map((r) => r.description)).toEqual(nasty.map((d) => d.trim()));
    // A receipt for each: its file name comes from the merchant text, sanitised, inside the library.
    for (const r of listed) await call(core, 'documents.addReceipts', { transactionId: r.id, files: [{ name: 'r.png', data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, r.id) }] });
    const files = libraryFiles(core.dataDir);
    expect(files.length).toBe(nasty.length + 1);
    for (const f of files) {
      // No traversal segment, separator, control or bidi character, or drive colon in any name.
      // eslint-disable-next-line no-control-regex
      expect(f).not.toMatch(/\\|[\u0000-\u001f\u202e]|:/);
      for (const segment of f.split('/')) {
        expect(['.', '..']).not.toContain(segment);
        expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
      }
    }
    // Exports neutralise the formula.
    const csv = new TextDecoder().decode((await call(core, 'export.month', { month: '2025-06' })).data);
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
  });
});
