/**
 * Bulk loading (services/db/bulk-indexes.ts): a file bigger than the ledger is written with the
 * plain indexes of `transactions` dropped and built again before the commit. Whatever happens, the
 * ledger ends with exactly the indexes of a fresh database, each agreeing with its table.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { amexJpCsv } from '../../bench/generate';
import { BULK_MIN_ROWS, deferIndexes } from '../../src/services/db/bulk-indexes';
import { openDatabase } from '../../src/services/db/open';
import { lastParallelOutcome, setParallelImport, startParseWorker, useParseWorker } from '../../src/services/import-parallel';
import { call, tempDir, testCore } from '../helpers';
import { encodeCp932 } from '../support/cp932';

const cores: ReturnType<typeof testCore>[] = [];
afterEach(() => {
  setParallelImport(true);
  cores.splice(0).forEach((c) => c.cleanup());
});
afterAll(() => useParseWorker(undefined));

function ledger() {
  const core = testCore();
  cores.push(core);
  return core;
}

const PLAIN = ['transactions_date_idx', 'transactions_search_date_idx', 'transactions_category_date_idx'];
type Sqlite = ReturnType<typeof testCore>['database']['sqlite'];
const indexesOf = (sqlite: Sqlite) => sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' ORDER BY name").all();
/** Bumped by every schema change: tells whether an import dropped and rebuilt indexes. */
const schemaVersion = (sqlite: Sqlite) => sqlite.pragma('schema_version', { simple: true }) as number;
const integrity = (sqlite: Sqlite) => sqlite.prepare('PRAGMA integrity_check').pluck().all();

/** The indexes a database straight from the migrations has. */
function freshIndexes() {
  const dir = tempDir();
  const db = openDatabase(join(dir.path, 'fresh.sqlite'));
  const out = indexesOf(db.sqlite);
  db.close();
  dir.cleanup();
  return out;
}

describe('bulk loading of the transactions table', () => {
  it('drops only the indexes named, inside the transaction, and builds them again as they were', () => {
    const core = ledger();
    const { sqlite } = core.database;
    const before = indexesOf(sqlite);
    expect(before.length).toBeGreaterThan(3);
    expect(() => deferIndexes(sqlite, 'transactions', PLAIN, BULK_MIN_ROWS)).toThrow(/inside a transaction/);
    sqlite.transaction(() => {
      const rebuild = deferIndexes(sqlite, 'transactions', PLAIN, BULK_MIN_ROWS);
      const during = indexesOf(sqlite) as { name: string; sql: string }[];
      // The unique dedup key and the import's (rows only append to it) stay while the rows go in.
      expect(during.map((i) => i.name)).toEqual(['transactions_card_date_fingerprint', 'transactions_import_idx']);
      rebuild();
      rebuild(); // a second call changes nothing
      expect(indexesOf(sqlite)).toEqual(before);
    })();
    expect(indexesOf(sqlite)).toEqual(before);
  });

  it('leaves the indexes alone for a small file, or a ledger already holding as many rows', async () => {
    const core = ledger();
    const { sqlite } = core.database;
    const before = indexesOf(sqlite);
    sqlite.transaction(() => {
      deferIndexes(sqlite, 'transactions', PLAIN, BULK_MIN_ROWS - 1);
      expect(indexesOf(sqlite)).toEqual(before);
    })();
    const version = schemaVersion(sqlite);
    await call(core, 'import.commit', { files: [{ name: 'small.csv', data: amexJpCsv(BULK_MIN_ROWS - 1) }] });
    expect(schemaVersion(sqlite)).toBe(version);
    await call(core, 'import.commit', { files: [{ name: 'a.csv', data: amexJpCsv(BULK_MIN_ROWS, 7) }] });
    // A bulk load: the file's 20,000 rows outnumber the 19,999 already there.
    expect(schemaVersion(sqlite)).toBeGreaterThan(version);
    sqlite.transaction(() => {
      deferIndexes(sqlite, 'transactions', PLAIN, BULK_MIN_ROWS);
      expect(indexesOf(sqlite)).toEqual(before);
    })();
  });

  it("puts the planner's statistics of the dropped indexes back as they were", async () => {
    const core = ledger();
    const { sqlite } = core.database;
    await call(core, 'import.commit', { files: [{ name: 'small.csv', data: amexJpCsv(300) }] });
    sqlite.exec('ANALYZE');
    const stats = () => sqlite.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'transactions' ORDER BY idx").all();
    const before = stats();
    expect((before as { idx: string }[]).map((s) => s.idx)).toEqual(expect.arrayContaining(PLAIN));
    const version = schemaVersion(sqlite);
    await call(core, 'import.commit', { files: [{ name: 'big.csv', data: amexJpCsv(BULK_MIN_ROWS, 3) }] });
    expect(schemaVersion(sqlite)).toBeGreaterThan(version);
    expect(stats()).toEqual(before);
  });

  it('refuses a unique index', () => {
    const { sqlite } = ledger().database;
    sqlite.transaction(() => {
      expect(() => deferIndexes(sqlite, 'transactions', ['transactions_card_date_fingerprint'], 50_000)).toThrow(/unique/);
    })();
  });

  it('gets every index back when the transaction fails after dropping them', () => {
    const core = ledger();
    const { sqlite } = core.database;
    const before = indexesOf(sqlite);
    expect(() =>
      sqlite.transaction(() => {
        deferIndexes(sqlite, 'transactions', PLAIN, 50_000);
        expect(indexesOf(sqlite).length).toBe(2);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(indexesOf(sqlite)).toEqual(before);
  });

  it.each([
    ['sequential', false],
    ['parallel', true],
  ])('imports a file bigger than the ledger (%s) with every index in place and consistent', async (path, parallel) => {
    const core = ledger();
    const { sqlite } = core.database;
    setParallelImport(parallel);
    if (parallel) await startParseWorker();
    // 40,000 rows (~3.2 MB): above the threshold on both paths (the parallel one estimates from the size).
    const version = schemaVersion(sqlite);
    const res = await call(core, 'import.commit', { files: [{ name: 'big.csv', data: amexJpCsv(40_000) }] });
    expect(lastParallelOutcome()).toEqual(parallel ? { path: 'parallel' } : { path: 'sequential', reason: 'switched off' });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 40_000 });
    expect(schemaVersion(sqlite)).toBeGreaterThan(version);
    expect(indexesOf(sqlite)).toEqual(freshIndexes());
    expect(integrity(sqlite)).toEqual(['ok']);
    // The indexes answer queries: rows of one import, of one date, and the statement's links.
    const importId = res.files[0]!.importId!;
    expect(sqlite.prepare('SELECT COUNT(*) FROM transactions WHERE import_id = ?').pluck().get(importId)).toBe(40_000);
    expect(sqlite.prepare('SELECT COUNT(*) FROM transaction_documents').pluck().get()).toBe(40_000);
    const plan = sqlite.prepare("EXPLAIN QUERY PLAN SELECT * FROM transactions WHERE date = '2020-01-05'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/transactions_date_idx/);
    // Re-importing finds every row through the kept unique key.
    const built = schemaVersion(sqlite);
    const again = await call(core, 'import.commit', { files: [{ name: 'big-again.csv', data: amexJpCsv(40_000, 1) }] });
    expect(again.files[0]).toMatchObject({ status: 'imported', inserted: 1, duplicates: 39_999 });
    // The ledger now holds as many rows as the file: no bulk load.
    expect(schemaVersion(sqlite)).toBe(built);
    expect(integrity(sqlite)).toEqual(['ok']);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('keeps every index when a parallel bulk import is rolled back for a problem on its last line', async () => {
    const core = ledger();
    const { sqlite } = core.database;
    await startParseWorker();
    const base = amexJpCsv(40_000);
    const tail = encodeCp932('2020/13/45,2020/03/02,BROKEN DATE,TARO YAMADA,-12345,100,,\r\n');
    const data = new Uint8Array(base.length + tail.length);
    data.set(base);
    data.set(tail, base.length);
    const res = await call(core, 'import.commit', { files: [{ name: 'broken.csv', data }] });
    expect(res.files[0]!.status).toBe('error');
    expect(lastParallelOutcome()).toEqual({ path: 'sequential', reason: 'the file has problems' });
    expect(sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get()).toBe(0);
    expect(indexesOf(sqlite)).toEqual(freshIndexes());
    // The commit's checkpoint was held for the import (imports.ts checkpointAfterwards): back on, even after a failure.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(integrity(sqlite)).toEqual(['ok']);
  });
});
