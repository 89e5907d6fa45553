/**
 * Data safety on real SQLite files: online backups (checked, rotated, skipped when nothing
 * changed), preview and restore; a damaged database refused by every door with the newest intact
 * backup named, and restored from the CLI, web mode or the desktop start without deleting anything;
 * library files being imported left alone by a second process; and a real import process killed
 * at random moments leaving either the whole file imported or nothing, in the database and in the
 * library.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, closeSync, rmSync, writeSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amexJpCsv } from '../../bench/generate';
import { openCore } from '../../src/services/app';
import { backupDir, createBackup, listBackups, newestGoodBackup, rotateBackups } from '../../src/services/backup';
import { MemorySettings } from '../../src/services/settings';
import { call, libraryFiles, tempDir, utf8 } from '../helpers';
import { buildImportChild, startImportChild } from '../support/crash';
import { openLedger } from '../../src/services/recovery';
import { recoverOnStart, type DamagedPrompt } from '../../src/main/recovery';

const ROOT = join(import.meta.dirname, '..', '..');
const ROUNDS = Number(process.env.MEISAI_CRASH_ROUNDS ?? 20);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir() {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d.path;
}
function core(dataDir: string, extra: Partial<Parameters<typeof openCore>[0]> = {}) {
  const c = openCore({ dataDir, settings: new MemorySettings(), mode: 'test', ...extra });
  cleanups.unshift(() => c.close());
  return c;
}
const csv = (rows: string[]) => utf8(['date,description,amount', ...rows].join('\r\n'));
const rows400 = () => csv(Array.from({ length: 400 }, (_, i) => `2025-06-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i},${100 + i}`));
/** Scribble over pages in the middle of a (closed) database file. */
function damage(db: string) {
  const size = statSync(db).size;
  const fd = openSync(db, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
}
/** A ledger of 400 rows with a manual backup, then damaged while closed: its folder, the backup, the damaged bytes. */
async function damagedLedger() {
  const d = dir();
  const c = core(d);
  await call(c, 'import.commit', { files: [{ name: 'a.csv', data: rows400() }] });
  const good = await createBackup(c.database, d, 'manual');
  c.close();
  damage(join(d, 'meisai.sqlite'));
  return { d, good, damagedBytes: readFileSync(join(d, 'meisai.sqlite')) };
}
function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MEISAI_DATA_DIR: '' } });
}

describe('backups', () => {
  it('backs up a live database, previews and restores it; the state before is kept', async () => {
    const d = dir();
    const c = core(d);
    await call(c, 'import.commit', { files: [{ name: 'a.csv', data: csv(['2025-06-01,A,100', '2025-06-02,B,200']) }] });
    const b = await call(c, 'backups.create', {});
    expect(b).toMatchObject({ reason: 'manual' });
    await call(c, 'import.commit', { files: [{ name: 'b.csv', data: csv(['2025-07-01,C,300']) }] });
    const id = (await call(c, 'transactions.list', {})).rows[0]!.id;
    await call(c, 'transactions.update', { ids: [id], set: { memo: 'after the backup' } });
    expect(await call(c, 'backups.inspect', { name: b.name })).toMatchObject({ ok: true, transactions: 2, imports: 1, cards: 1, firstDate: '2025-06-01', lastDate: '2025-06-02' });
    const r = await call(c, 'backups.restore', { name: b.name });
    expect(r).toMatchObject({ restored: b.name, transactions: 2 });
    expect((await call(c, 'transactions.list', {})).rows.map((t) => t.description).sort()).toEqual(['A', 'B']);
    // The state before the restore is itself a backup, so the restore can be undone.
    expect(await call(c, 'backups.inspect', { name: r.safetyBackup })).toMatchObject({ ok: true, transactions: 3 });
    await call(c, 'backups.restore', { name: r.safetyBackup });
    expect((await call(c, 'transactions.list', { search: 'after the backup' })).total).toBe(1);
    await expect(call(c, 'backups.inspect', { name: '../meisai.sqlite' })).rejects.toThrow(/not a backup name/);
  });

  it('backs up before every import when asked to, and rotates: the last 10 plus one per older month', async () => {
    const d = dir();
    const c = core(d, { autoBackup: true });
    await c.idle();
    await call(c, 'import.commit', { files: [{ name: 'a.csv', data: csv(['2025-06-01,A,100']) }] });
    await call(c, 'import.commit', { files: [{ name: 'b.csv', data: csv(['2025-06-02,B,100']) }] });
    // Before the first import the ledger was as the start backup holds it; before the second it was not.
    expect(listBackups(d).map((b) => b.reason)).toEqual(['import', 'start']);
    // 30 backups over three older months and today.
    for (let i = 0; i < 30; i++) await createBackup(c.database, d, 'manual', new Date(Date.UTC(2025, Math.floor(i / 10), 1 + i, 12)));
    rotateBackups(d);
    const kept = listBackups(d);
    expect(kept.length).toBe(10 + 3);
    expect(new Set(kept.slice(10).map((b) => b.createdAt.slice(0, 7))).size).toBe(3);
    expect(readdirSync(backupDir(d)).every((n) => n.endsWith('.sqlite'))).toBe(true);
  });

  it('marks backups of a damaged database and never lets them rotate the newest intact backup away', async () => {
    const d = dir();
    const c = core(d);
    await call(c, 'import.commit', { files: [{ name: 'a.csv', data: rows400() }] });
    const good = await createBackup(c.database, d, 'manual', new Date(Date.UTC(2025, 5, 1, 12)));
    expect(good.damaged).toBe(false);
    c.close();
    damage(join(d, 'meisai.sqlite'));
    // Opened without the check (as the CLI did), then backed up again and again.
    const broken = core(d);
    for (let i = 0; i < 12; i++) {
      const b = await createBackup(broken.database, d, 'import', new Date(Date.UTC(2025, 5, 1, 13, i)));
      expect(b).toMatchObject({ damaged: true, reason: 'import' });
      expect(b.name).toMatch(/\.damaged\.sqlite$/);
    }
    const kept = listBackups(d);
    expect(kept.filter((b) => b.damaged)).toHaveLength(3);
    expect(kept.filter((b) => !b.damaged).map((b) => b.name)).toEqual([good.name]);
    expect(newestGoodBackup(d)?.name).toBe(good.name);
    // A backup named intact that is not (written before backups were checked) is found out.
    copyFileSync(join(backupDir(d), kept[0]!.name), join(backupDir(d), 'meisai-20250601-235900000-start.sqlite'));
    rotateBackups(d);
    expect(listBackups(d).find((b) => b.name.startsWith('meisai-20250601-235900000-start'))).toMatchObject({ damaged: true });
    expect(listBackups(d).filter((b) => !b.damaged).map((b) => b.name)).toEqual([good.name]);
  });

  it('backs up automatically only when the ledger changed since the newest backup', async () => {
    const d = dir();
    // The first close gathers the query planner's statistics (a change): settle them first.
    core(d).close();
    const first = core(d, { autoBackup: true });
    await first.idle();
    expect(listBackups(d).map((b) => b.reason)).toEqual(['start']);
    first.close();
    const second = core(d, { autoBackup: true });
    await second.idle();
    // Nothing changed: the start backup and the one before the import are the same bytes.
    await call(second, 'import.commit', { files: [{ name: 'a.csv', data: csv(['2025-06-01,A,100']) }] });
    expect(listBackups(d).map((b) => b.reason)).toEqual(['start']);
    second.close();
    const third = core(d, { autoBackup: true });
    await third.idle();
    expect(listBackups(d).map((b) => b.reason)).toEqual(['start', 'start']);
    // Asked for by hand, a backup is always made.
    await call(third, 'backups.create', {});
    expect(listBackups(d).map((b) => b.reason)).toEqual(['manual', 'start', 'start']);
  });
});

describe('a damaged database', () => {
  it('is refused on open with the newest intact backup named, and the CLI restores it keeping the damaged file', async () => {
    const { d, good } = await damagedLedger();
    expect(() => openCore({ dataDir: d, settings: new MemorySettings(), mode: 'test', checkIntegrity: true })).toThrow(new RegExp(`damaged.*${good.name.replace(/\./g, '\\.')}`));
    const r = cli(['--data-dir', d, 'restore', good.name, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { restored: string; movedAside: string };
    expect(out.restored).toBe(good.name);
    expect(existsSync(out.movedAside)).toBe(true);
    const again = core(d, { checkIntegrity: true });
    expect((await call(again, 'transactions.list', { limit: 1 })).total).toBe(400);
  });

  it('is offered for restore by web mode and the desktop app: the backup goes in place, the damaged file is kept', async () => {
    const { d, good, damagedBytes } = await damagedLedger();
    const ledger = openLedger({ dataDir: d, settings: new MemorySettings(), mode: 'web', checkIntegrity: true });
    cleanups.unshift(() => ledger.close());
    expect(ledger.core()).toBeNull();
    // Every method says what is wrong; the state names the backup.
    const refused = await ledger.dispatch('transactions.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(JSON.stringify(refused)).toContain(good.name);
    expect(JSON.stringify(refused)).not.toMatch(/npm/);
    const state = await ledger.dispatch('recovery.state', {});
    expect(state).toMatchObject({ ok: true, value: { damaged: true, backup: { name: good.name, damaged: false } } });
    expect(await ledger.dispatch('recovery.restore', { name: '../meisai.sqlite' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const restored = await ledger.dispatch('recovery.restore', { name: good.name });
    expect(restored).toMatchObject({ ok: true, value: { restored: good.name } });
    const aside = (restored as { value: { movedAside: string } }).value.movedAside;
    expect(readFileSync(aside).equals(damagedBytes)).toBe(true);
    // The same door now talks to the restored ledger.
    expect(await ledger.dispatch('transactions.list', { limit: 1 })).toMatchObject({ ok: true, value: { total: 400 } });
    expect(await ledger.dispatch('recovery.state', {})).toMatchObject({ ok: true, value: { damaged: false } });
    expect(await ledger.dispatch('recovery.restore', { name: good.name })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('is restored by the desktop dialog only when the user chooses to', async () => {
    const { d, good, damagedBytes } = await damagedLedger();
    const options = { dataDir: d, settings: new MemorySettings(), mode: 'desktop' as const, checkIntegrity: true };
    const prompts: DamagedPrompt[] = [];
    const quit = openLedger(options);
    expect(await recoverOnStart(quit, 'en', async (p) => (prompts.push(p), p.quit), () => undefined)).toBe(false);
    expect(prompts[0]!.detail).toContain(good.name);
    expect(readFileSync(join(d, 'meisai.sqlite')).equals(damagedBytes)).toBe(true);
    const chosen = openLedger(options);
    cleanups.unshift(() => chosen.close());
    expect(await recoverOnStart(chosen, 'ja', async (p) => p.restore!, () => undefined)).toBe(true);
    expect((await call(chosen.core()!, 'transactions.list', { limit: 1 })).total).toBe(400);
    expect(readdirSync(d).filter((n) => n.startsWith('meisai.sqlite.damaged-'))).toHaveLength(1);
  });

  it('is never imported into by the CLI, which names the backup to restore and keeps every backup', async () => {
    const { d, good, damagedBytes: before } = await damagedLedger();
    const file = join(d, 'b.csv');
    writeFileSync(file, 'date,description,amount\n2025-07-01,NEW,1\n');
    for (let i = 0; i < 2; i++) {
      const r = cli(['--data-dir', d, 'import', file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/is damaged/);
      expect(r.stderr).toContain(`meisai restore ${good.name}`);
    }
    expect(readFileSync(join(d, 'meisai.sqlite')).equals(before)).toBe(true);
    expect(listBackups(d).map((b) => b.name)).toEqual([good.name]);
    // The backups can still be listed, to choose one.
    const list = cli(['--data-dir', d, 'backups']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(good.name);
  });
});

describe('library files being imported', () => {
  let child: ReturnType<typeof buildImportChild>;
  beforeAll(() => {
    child = buildImportChild();
  });
  afterAll(() => child.remove());

  it('are left alone when a second process opens the data folder during the import', async () => {
    const d = dir();
    const file = join(d, 'amex.csv');
    writeFileSync(file, amexJpCsv(2000));
    const data = join(d, 'data');
    core(data).close();
    // The import stops inside its transaction: the statement file is in the library, not yet recorded.
    const importing = startImportChild(child.script, data, file, { hold: 'writing' });
    cleanups.unshift(() => importing.process.kill('SIGKILL'));
    await importing.reached('writing');
    const written = libraryFiles(data);
    expect(written).toHaveLength(1);
    // Another window, the CLI, web mode: opening the folder runs the start-up recovery.
    const other = core(data);
    expect(libraryFiles(data)).toEqual(written);
    importing.go();
    other.close();
    expect(await importing.exited).toEqual({ code: 0, signal: null });
    const after = core(data);
    expect(await call(after, 'files.check', {})).toMatchObject({ ok: true, missing: [] });
    expect((await call(after, 'transactions.list', { limit: 1 })).total).toBe(2000);
  });

  it('stop being pending at the commit: restoring an older backup and restarting keeps them', async () => {
    const d = dir();
    const c = core(d);
    await call(c, 'import.commit', { files: [{ name: 'a.csv', data: csv(['2025-06-01,A,100']) }] });
    const before = await call(c, 'backups.create', {});
    await call(c, 'import.commit', { files: [{ name: 'b.csv', data: csv(['2025-07-01,B,200']) }] });
    await call(c, 'documents.addReceipts', { transactionId: (await call(c, 'transactions.list', { search: 'B' })).rows[0]!.id, files: [{ name: 'r.png', data: Uint8Array.of(1, 2, 3) }] });
    expect(existsSync(join(d, 'pending')) ? readdirSync(join(d, 'pending')) : []).toEqual([]);
    const files = libraryFiles(d);
    expect(files).toHaveLength(3);
    // The preview says what the restore leaves in the library: the two files added since stay.
    expect(await call(c, 'backups.inspect', { name: before.name })).toMatchObject({ ok: true, library: { documents: 1, addedSince: 2, gone: 0 } });
    const restored = await call(c, 'backups.restore', { name: before.name });
    expect(restored.library).toEqual({ documents: 1, addedSince: 2, gone: 0 });
    c.close();
    const restarted = core(d);
    // The files added after the backup stay, listed as not recorded; nothing is missing.
    expect(libraryFiles(d)).toEqual(files);
    const check = await call(restarted, 'files.check', {});
    expect(check.missing).toEqual([]);
    expect(check.unknown).toHaveLength(2);
    // A file the backup records that has gone from the library is announced as missing.
    rmSync(join(d, 'library', ...files.find((f) => !check.unknown.includes(f))!.split('/')));
    expect(await call(restarted, 'backups.inspect', { name: restored.safetyBackup })).toMatchObject({ library: { documents: 3, addedSince: 0, gone: 1 } });
  });
});

describe('an import killed at any moment', () => {
  let child: ReturnType<typeof buildImportChild>;
  beforeAll(() => {
    child = buildImportChild();
  });
  afterAll(() => child.remove());

  /** The next start on the data folder: what it finds, checked for anything half-done. */
  async function nextStart(data: string) {
    const c = openCore({ dataDir: data, settings: new MemorySettings(), mode: 'test', checkIntegrity: true });
    try {
      const committed = (await call(c, 'imports.list', {})).filter((i) => i.status === 'committed');
      const total = (await call(c, 'transactions.list', { limit: 1 })).total;
      const documents = (await call(c, 'files.list', {})).documents.map((x) => x.path).sort();
      const check = await call(c, 'files.check', {});
      // Nothing in the library without its record (no orphan, no `.partial`), nothing pending.
      expect(libraryFiles(data)).toEqual(documents);
      expect(check).toMatchObject({ ok: true });
      expect(existsSync(join(data, 'pending')) ? readdirSync(join(data, 'pending')) : []).toEqual([]);
      if (committed.length) await call(c, 'imports.undo', { id: committed[0]!.id });
      return { committed: committed.length, total, documents: documents.length };
    } finally {
      c.close();
    }
  }

  /** Imports of `rows` rows killed at random moments, each checked on the next start. */
  async function killRounds(rows: number, rounds: number, parseWorker?: string) {
    const d = dir();
    const file = join(d, 'amex.csv');
    writeFileSync(file, amexJpCsv(rows));
    const data = join(d, 'data');
    core(data).close();
    // Each child is started while the round before runs and is checked, and held until its turn.
    let next: ReturnType<typeof startImportChild> | null = null;
    const spawnNext = () => {
      const c = startImportChild(child.script, data, file, { linger, hold: 'loaded', parseWorker });
      cleanups.unshift(() => c.process.kill('SIGKILL'));
      next = c;
    };
    let linger = 0;
    spawnNext();
    // One run left alone (beside the next child starting, as every run is): how long from "ready" to the commit.
    const timing = startImportChild(child.script, data, file, { parseWorker });
    const ready = await timing.reached('ready');
    const commit = (await timing.reached('committed')) - ready;
    expect((await timing.exited).code).toBe(0);
    // The path the import took: the parallel one when a parser thread was given.
    expect(JSON.parse(timing.stderr()).parallel.path).toBe(parseWorker ? 'parallel' : 'sequential');
    expect(await nextStart(data)).toEqual({ committed: 1, total: rows, documents: 1 });
    // The app stays open after an import: the children linger as long again, then close; kills
    // land anywhere from start-up to the end of that, so both outcomes come up.
    linger = Math.max(200, Math.round(commit));
    const span = 1.1 * (commit + linger);
    // The child started beside the timing run has no linger: started again with it.
    next!.process.kill('SIGKILL');
    spawnNext();
    const killed: { phase: string; outcome: 'nothing' | 'whole file' }[] = [];
    if (parseWorker) {
      // A parallel import reports writing only once the parse has ended (most rows are written by
      // then) and the statement file is in the library: killed right there once for sure.
      const held = startImportChild(child.script, data, file, { hold: 'writing', parseWorker });
      cleanups.unshift(() => held.process.kill('SIGKILL'));
      await held.reached('writing');
      expect(libraryFiles(data)).toHaveLength(1);
      held.process.kill('SIGKILL');
      await held.exited;
      expect(await nextStart(data)).toEqual({ committed: 0, total: 0, documents: 0 });
      killed.push({ phase: 'writing', outcome: 'nothing' });
    }
    // Killed while writing rows (the file in the library, the transaction open) and after the commit.
    const both = () => killed.some((k) => k.phase === 'writing' && k.outcome === 'nothing') && killed.some((k) => k.phase === 'committed' && k.outcome === 'whole file');
    for (let attempt = 0; attempt < rounds * 3 && (killed.length < rounds || !both()); attempt++) {
      const run = next!;
      spawnNext();
      await run.reached('loaded');
      run.go();
      const readyAt = await run.reached('ready');
      const at = Math.random() * span;
      await new Promise((r) => setTimeout(r, Math.max(0, readyAt + at - performance.now())));
      const phase = run.phases.at(-1)!.name;
      run.process.kill('SIGKILL');
      const { signal } = await run.exited;
      const found = await nextStart(data);
      if (found.committed) expect(found).toEqual({ committed: 1, total: rows, documents: 1 });
      else expect(found).toEqual({ committed: 0, total: 0, documents: 0 });
      // Counted only when the kill found the process still running.
      if (signal === 'SIGKILL') killed.push({ phase, outcome: found.committed ? 'whole file' : 'nothing' });
    }
    expect(killed.length).toBeGreaterThanOrEqual(rounds);
    expect(new Set(killed.map((k) => k.outcome))).toEqual(new Set(['nothing', 'whole file']));
    expect(both()).toBe(true);
  }

  it('leaves the whole file imported or nothing, in the database and the library', async () => {
    await killRounds(1000, ROUNDS);
  }, 180_000);

  it('leaves the whole file imported or nothing when it is parsed in a parser thread while written', async () => {
    // Big enough for the parallel path, whose statement file goes into the library inside the transaction.
    await killRounds(16_000, Math.max(4, Math.round(ROUNDS / 2)), child.parseWorker);
  }, 180_000);
});
