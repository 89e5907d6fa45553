/**
 * The parallel import (a parser thread feeding the writing transaction, import-parallel.ts) gives
 * exactly what the sequential import gives, and whenever the finished parse disagrees with what
 * the rows were written on — a late parse error, another card, rows imported before, a statement
 * in its other form — nothing of it remains and the file is imported the sequential way.
 * Each case imports the same file into two fresh ledgers, one per path, and compares every table.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { amexJpCsv } from '../../bench/generate';
import { lastParallelOutcome, PARALLEL_MIN_BYTES, setParallelImport, startParseWorker, useParseWorker, type ParallelOutcome } from '../../src/services/import-parallel';
import { runImport } from '../../src/services/imports';
import type { FileResult, ImportProgress } from '../../src/shared/api/contract';
import { call, libraryFiles, testCore } from '../helpers';
import { encodeCp932 } from '../support/cp932';

const cores: ReturnType<typeof testCore>[] = [];
afterEach(() => {
  setParallelImport(true);
  cores.splice(0).forEach((c) => c.cleanup());
});
afterAll(() => useParseWorker(undefined));

const HEADER = 'ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート\r\n';

function ledger() {
  const core = testCore();
  cores.push(core);
  return core;
}

/** Every row of every table, without the times of day they were written. */
function snapshot(core: ReturnType<typeof testCore>) {
  const out: Record<string, unknown[]> = {};
  const tables = core.database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  expect(tables).toContain('transactions');
  for (const t of tables) {
    out[t] = (core.database.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([k]) => !k.endsWith('_at'))),
    );
  }
  return { tables: out, library: libraryFiles(core.dataDir), pending: existsSync(join(core.dataDir, 'pending')) ? readdirSync(join(core.dataDir, 'pending')) : [] };
}

/** The Amex file of the benchmarks, big enough for the parallel path, with extra lines at its end. */
function bigAmex(rows: number, tail = ''): Uint8Array {
  const base = amexJpCsv(rows);
  const extra = encodeCp932(tail);
  const out = new Uint8Array(base.length + extra.length);
  out.set(base);
  out.set(extra, base.length);
  return out;
}

/** Some rows beyond the plain purchases: foreign currency, a refund, a memo, a rule's tags. */
const TAIL =
  '2020/03/01,2020/03/02,EXAMPLE HOTEL LONDON,TARO YAMADA,-12345,"15,234",80.00 GBP,190.42\r\n' +
  '2020/03/03,2020/03/04,EXAMPLE HOTEL LONDON,TARO YAMADA,-12345,-500,2.50 GBP,200.00\r\n' +
  '2020/03/05,2020/03/06,ローソン　新宿店 1,HANAKO YAMADA,-54321,"1,000",,\r\n';

interface Run {
  core: ReturnType<typeof testCore>;
  result: FileResult;
  outcome: ParallelOutcome | null;
  progress: ImportProgress[];
}

/** Prepare a ledger, then import `data` into it on one path; returns what the import said and did. */
async function importOn(parallel: boolean, data: Uint8Array, name: string, prepare?: (core: ReturnType<typeof testCore>) => Promise<void>): Promise<Run> {
  const core = ledger();
  setParallelImport(false);
  await prepare?.(core);
  setParallelImport(parallel);
  // Started ahead, as the app's import worker does (a cold start is waited for only by big files).
  if (parallel) await startParseWorker();
  const progress: ImportProgress[] = [];
  const res = await runImport({ database: core.database, dataDir: core.dataDir, settings: core.settings, onProgress: (p) => progress.push(p) }, 'commit', { files: [{ name, data }] });
  const outcome = lastParallelOutcome();
  setParallelImport(true);
  return { core, result: res.files[0]!, outcome, progress };
}

/** The same import on both paths: the parallel one's outcome, after checking both did exactly the same. */
async function bothPaths(data: Uint8Array, name: string, prepare?: (core: ReturnType<typeof testCore>) => Promise<void>) {
  const seq = await importOn(false, data, name, prepare);
  const par = await importOn(true, data, name, prepare);
  expect(seq.outcome).toEqual({ path: 'sequential', reason: 'switched off' });
  expect(par.result).toEqual(seq.result);
  expect(snapshot(par.core)).toEqual(snapshot(seq.core));
  return par;
}

describe('a parallel import', () => {
  it('writes exactly what the sequential import writes, duplicates of an earlier statement and rules included', async () => {
    const data = bigAmex(16_000, TAIL);
    expect(data.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const par = await bothPaths(data, 'amex-2020.csv', async (core) => {
      await call(core, 'rules.save', { name: 'lawson', conditions: { text: { field: 'merchant', op: 'contains', value: 'ローソン' } }, actions: { addTags: ['convenience'], memo: 'konbini' } });
      // An earlier, overlapping statement: its rows are found again, not doubled.
      await call(core, 'import.commit', { files: [{ name: 'earlier.csv', data: bigAmex(3_000) }] });
    });
    expect(par.outcome).toEqual({ path: 'parallel' });
    expect(par.result).toMatchObject({ status: 'imported', rows: 16_003, inserted: 13_003, duplicates: 3_000 });
    const count = (sql: string) => (par.core.database.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM transactions WHERE original_currency = 'GBP'")).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM transaction_tags')).toBeGreaterThan(0);
    // Progress: reading, then writing once the statement file is in the library.
    const phases = par.progress.map((p) => p.phase);
    expect(phases[0]).toBe('reading');
    expect(phases).toContain('writing');
  });

  it('files the statement before reporting that it writes (the phase the crash tests rely on)', async () => {
    const core = ledger();
    await startParseWorker();
    const seen: { phase: string; files: number }[] = [];
    await runImport({ database: core.database, dataDir: core.dataDir, settings: core.settings, onProgress: (p) => seen.push({ phase: p.phase, files: libraryFiles(core.dataDir).length }) }, 'commit', { files: [{ name: 'a.csv', data: bigAmex(16_000) }] });
    expect(lastParallelOutcome()).toEqual({ path: 'parallel' });
    expect(seen.find((s) => s.phase === 'writing')).toEqual({ phase: 'writing', files: 1 });
  });

  it('writes nothing for a file with a problem on its last line, and reports it as the sequential import does', async () => {
    const data = bigAmex(16_000, '2020/13/45,2020/03/02,BROKEN DATE,TARO YAMADA,-12345,100,,\r\n');
    const par = await bothPaths(data, 'broken.csv');
    expect(par.outcome).toEqual({ path: 'sequential', reason: 'the file has problems' });
    expect(par.result.status).toBe('error');
    expect(par.result.errors[0]!.message).toContain('line 16002');
    const s = snapshot(par.core);
    expect(s.tables.transactions).toEqual([]);
    expect(s.tables.imports).toEqual([]);
    expect(s.tables.cards).toEqual([]);
    expect(s.library).toEqual([]);
    expect(s.pending).toEqual([]);
  });

  it('is redone sequentially when the whole file names another card than its first lines', async () => {
    // A family card that first appears after the lines read for the card.
    let lines = HEADER;
    for (let i = 0; i < 16_000; i++) lines += `2020/01/${String((i % 28) + 1).padStart(2, '0')},2020/02/01,SHOP ${i % 500} TOKYO CHIYODA-KU MARUNOUCHI,${i < 8_000 ? 'TARO YAMADA,-12345' : 'HANAKO YAMADA,-54321'},${100 + i},,\r\n`;
    const data = encodeCp932(lines);
    expect(data.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const par = await bothPaths(data, 'family.csv', async (core) => {
      // The ledger already knows the family card's account: the whole file belongs to it.
      await call(core, 'import.commit', { files: [{ name: 'small.csv', data: encodeCp932(`${HEADER}2019/12/01,2019/12/02,SHOP,HANAKO YAMADA,-54321,100,,\r\n`) }] });
    });
    expect(par.outcome).toEqual({ path: 'sequential', reason: 'the whole file names another card than its first lines' });
    expect(par.result).toMatchObject({ status: 'imported', rows: 16_000, card: { isNew: false } });
    expect(snapshot(par.core).tables.cards).toHaveLength(1);
  });

  it('answers "already imported" for the same rows in another encoding, and writes nothing', async () => {
    const sjis = bigAmex(16_000);
    const utf8 = new TextEncoder().encode(new TextDecoder('shift_jis').decode(sjis));
    expect(utf8.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const first = async (core: ReturnType<typeof testCore>) => {
      setParallelImport(true);
      await startParseWorker();
      await call(core, 'import.commit', { files: [{ name: 'amex.csv', data: sjis }] });
      expect(lastParallelOutcome()).toEqual({ path: 'parallel' });
      setParallelImport(false);
    };
    const par = await bothPaths(utf8, 'amex-utf8.csv', first);
    expect(par.outcome).toEqual({ path: 'sequential', reason: 'its rows were imported before' });
    expect(par.result).toMatchObject({ status: 'already-imported', inserted: 0, encoding: 'utf-8' });
    expect(snapshot(par.core).tables.imports).toHaveLength(1);
  });

  it('leaves the very same bytes to the sequential import, which answers at once', async () => {
    const data = bigAmex(16_000);
    const par = await bothPaths(data, 'again.csv', async (core) => {
      await call(core, 'import.commit', { files: [{ name: 'first.csv', data }] });
    });
    expect(par.outcome).toEqual({ path: 'sequential', reason: 'the same file was imported before' });
    expect(par.result).toMatchObject({ status: 'already-imported', inserted: 0 });
  });

  it('leaves a card with a PDF statement to the sequential import (claims of the other form)', async () => {
    const par = await bothPaths(bigAmex(16_000), 'amex.csv', async (core) => {
      await call(core, 'import.commit', { files: [{ name: 'one.csv', data: encodeCp932(`${HEADER}2019/12/01,2019/12/02,SHOP,HANAKO YAMADA,-54321,100,,\r\n`) }] });
      // As if that statement had come as a PDF.
      core.database.sqlite.prepare("UPDATE imports SET format = 'pdf-jp'").run();
    });
    expect(par.outcome).toEqual({ path: 'sequential', reason: 'cross-format matching applies' });
    expect(par.result.status).toBe('imported');
  });

  it('leaves small files, and files of formats that do not stream, to the sequential import', async () => {
    const small = await importOn(true, bigAmex(2_000), 'small.csv');
    expect(small.outcome).toEqual({ path: 'sequential', reason: 'small file' });
    let lines = 'date,description,amount\r\n';
    for (let i = 0; i < 12_000; i++) lines += `2025-06-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i} ${'EXAMPLE STREET '.repeat(5)},${100 + i}\r\n`;
    const data = new TextEncoder().encode(lines);
    expect(data.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const generic = await bothPaths(data, 'generic.csv');
    expect(generic.outcome).toEqual({ path: 'sequential', reason: 'the start of the file does not stream rows' });
  });

  it('does not hold a file smaller than a few MB for a parser thread still starting; the next import finds it running', async () => {
    useParseWorker(undefined); // stops the running one
    const core = ledger();
    const deps = { database: core.database, dataDir: core.dataDir, settings: core.settings };
    const first = await runImport(deps, 'commit', { files: [{ name: 'a.csv', data: bigAmex(16_000) }] });
    expect(lastParallelOutcome()).toEqual({ path: 'sequential', reason: 'no parser thread' });
    expect(first.files[0]).toMatchObject({ status: 'imported', inserted: 16_000 });
    expect(await startParseWorker()).toBe(true);
    await runImport(deps, 'commit', { files: [{ name: 'b.csv', data: bigAmex(17_000) }] });
    expect(lastParallelOutcome()).toEqual({ path: 'parallel' });
  });

  it('falls back to the sequential import when the parser thread cannot be started', async () => {
    useParseWorker(join(import.meta.dirname, 'no-such-worker.mjs'));
    try {
      const run = await importOn(true, bigAmex(16_000), 'amex.csv');
      expect(run.outcome).toEqual({ path: 'sequential', reason: 'no parser thread' });
      expect(run.result).toMatchObject({ status: 'imported', rows: 16_000, inserted: 16_000 });
    } finally {
      useParseWorker(undefined);
    }
  });
});
