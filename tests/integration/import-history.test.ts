import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, libraryFiles, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const count = (sql: string) => (core.database.sqlite.prepare(sql).get() as { n: number }).n;
const stored = () => libraryFiles(core.dataDir);

const MAY = 'date,description,amount\n2025-05-30,Shop A,100\n2025-06-01,Shop B,200\n';
const JUNE = 'date,description,amount\n2025-06-01,Shop B,200\n2025-06-02,Shop C,300\n';

describe('undo an import', () => {
  it('removes exactly the rows that import inserted, and keeps rows an earlier import owns', async () => {
    await call(core, 'import.commit', { files: [{ name: 'may.csv', data: utf8(MAY) }] });
    const june = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(JUNE) }] });
    expect(june.files[0]).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(count('SELECT COUNT(*) AS n FROM transactions')).toBe(3);
    const undone = await call(core, 'imports.undo', { id: june.files[0]!.importId! });
    expect(undone.removed).toBe(1);
    const left = await call(core, 'transactions.list', {});
    expect(left.rows.map((r) => r.description).sort()).toEqual(['Shop A', 'Shop B']);
    const history = await call(core, 'imports.list', {});
    expect(history.find((h) => h.fileName === 'june.csv')).toMatchObject({ status: 'undone', undoneAt: expect.any(String) });
    expect(stored()).toHaveLength(1);
  });

  it('lets the same file be imported again after an undo', async () => {
    const first = await call(core, 'import.commit', { files: [{ name: 'may.csv', data: utf8(MAY) }] });
    await call(core, 'imports.undo', { id: first.files[0]!.importId! });
    expect(count('SELECT COUNT(*) AS n FROM transactions')).toBe(0);
    const again = await call(core, 'import.commit', { files: [{ name: 'may.csv', data: utf8(MAY) }] });
    expect(again.files[0]).toMatchObject({ status: 'imported', inserted: 2 });
  });

  it('refuses to undo twice or an unknown import', async () => {
    const first = await call(core, 'import.commit', { files: [{ name: 'may.csv', data: utf8(MAY) }] });
    await call(core, 'imports.undo', { id: first.files[0]!.importId! });
    expect(await core.dispatch('imports.undo', { id: first.files[0]!.importId! })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await core.dispatch('imports.undo', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('column mapping for an unknown layout', () => {
  const BANKISH = 'Booked;Text;Out;In\n'.replace(/;/g, ',') + '03.06.2025,Corner Shop,"12,50",\n04.06.2025,Refund Shop,,"2,00"\n';
  const SIMPLE_UNKNOWN = 'Wann,Was,Betrag,Waehrung\n2025-06-03,Bakery,4.20,EUR\n2025-06-04,Train,-12.00,EUR\n';

  it('says the layout is unknown and offers mapping; inspect shows the first records', async () => {
    const res = await call(core, 'import.preview', { files: [{ name: 'bank.csv', data: utf8(SIMPLE_UNKNOWN) }] });
    expect(res.files[0]).toMatchObject({ status: 'error', needsMapping: true });
    expect(res.files[0]!.errors[0]!.message).toMatch(/bank\.csv, line 1: unknown layout/);
    const inspected = await call(core, 'import.inspect', { file: { name: 'bank.csv', data: utf8(SIMPLE_UNKNOWN) } });
    expect(inspected.records[0]).toEqual({ line: 1, cells: ['Wann', 'Was', 'Betrag', 'Waehrung'] });
    expect(inspected.encoding).toBe('utf-8');
  });

  it('previews with a mapping, saves it as a profile on commit, and recognises the layout next time', async () => {
    const mapping = { headerLine: 1, columns: { date: 0, description: 1, amount: 2, currency: 3 }, dateOrder: 'ymd' as const, chargesAre: 'positive' as const, currency: 'EUR' };
    const preview = await call(core, 'import.preview', { files: [{ name: 'bank.csv', data: utf8(SIMPLE_UNKNOWN) }], mapping });
    expect(preview.files[0]!.preview!.map((r) => [r.date, r.description, r.amountMinor, r.currency, r.kind])).toEqual([
      ['2025-06-03', 'Bakery', 420, 'EUR', 'purchase'],
      ['2025-06-04', 'Train', -1200, 'EUR', 'refund'],
    ]);
    const commit = await call(core, 'import.commit', { files: [{ name: 'bank.csv', data: utf8(SIMPLE_UNKNOWN) }], mapping, saveProfileAs: 'My bank', card: 'Bank card' });
    expect(commit.files[0]).toMatchObject({ status: 'imported', inserted: 2, format: 'mapped-csv' });
    expect((await call(core, 'profiles.list', {})).map((p) => p.name)).toEqual(['My bank']);

    const next = 'Wann,Was,Betrag,Waehrung\n2025-07-01,Bakery,3.80,EUR\n';
    const auto = await call(core, 'import.commit', { files: [{ name: 'july.csv', data: utf8(next) }], card: 'Bank card' });
    expect(auto.files[0]).toMatchObject({ status: 'imported', format: 'profile:My bank', formatLabel: 'My bank', inserted: 1 });
    expect((await call(core, 'profiles.list', {}))[0]!.lastUsedAt).not.toBeNull();
  });

  it('maps money-out / money-in columns and day-first dates', async () => {
    const mapping = { headerLine: 1, columns: { date: 0, description: 1, debit: 2, credit: 3 }, dateOrder: 'dmy' as const, chargesAre: 'positive' as const, currency: 'EUR' };
    // Decimal commas are not guessed: this file's "12,50" is refused with its line number.
    const bad = await call(core, 'import.preview', { files: [{ name: 'bank2.csv', data: utf8(BANKISH) }], mapping });
    expect(bad.files[0]!.status).toBe('error');
    expect(bad.files[0]!.errors[0]!.line).toBe(2);
    const ok = 'Booked,Text,Out,In\n03.06.2025,Corner Shop,12.50,\n04.06.2025,Refund Shop,,2.00\n';
    const res = await call(core, 'import.preview', { files: [{ name: 'bank2.csv', data: utf8(ok) }], mapping });
    expect(res.files[0]!.preview!.map((r) => [r.date, r.amountMinor])).toEqual([
      ['2025-06-03', 1250],
      ['2025-06-04', -200],
    ]);
  });

  it('deletes a profile', async () => {
    const mapping = { headerLine: 1, columns: { date: 0, description: 1, amount: 2 }, dateOrder: 'ymd' as const, chargesAre: 'negative' as const, currency: 'USD' };
    await call(core, 'import.commit', { files: [{ name: 'x.csv', data: utf8('W,X,Y\n2025-01-01,A,-5.00\n') }], mapping, saveProfileAs: 'Neg' });
    const tx = await call(core, 'transactions.list', {});
    expect(tx.rows[0]).toMatchObject({ amountMinor: 500, currency: 'USD' });
    const [p] = await call(core, 'profiles.list', {});
    await call(core, 'profiles.delete', { id: p!.id });
    expect(await call(core, 'profiles.list', {})).toEqual([]);
  });
});

describe('what an import records', () => {
  it('keeps format, encoding, counts, period and time for every import', async () => {
    await call(core, 'import.commit', { files: [{ name: 'may.csv', data: utf8(MAY) }] });
    const [h] = await call(core, 'imports.list', {});
    expect(h).toMatchObject({ fileName: 'may.csv', format: 'generic-csv', encoding: 'utf-8', rows: 2, inserted: 2, duplicates: 0, periodFrom: '2025-05-30', periodTo: '2025-06-01', status: 'committed', warnings: [] });
    expect(Date.parse(h!.importedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
