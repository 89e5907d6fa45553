/** Choosing the data folder from the app (first-run guide): while the ledger is empty, remembered for the next start. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type MeisaiCore } from '../../src/services/app';
import { dataPaths, rememberDataDir, resolveDataDir } from '../../src/services/data-dir';
import { JsonFileSettings, MemorySettings } from '../../src/services/settings';
import { call, utf8 } from '../helpers';

const dirs: string[] = [];
const cores: MeisaiCore[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'meisai-folder-'));
  dirs.push(d);
  return d;
};
const csv = (day: string) => ({ files: [{ name: `s-${day}.csv`, data: utf8(`date,description,amount\r\n2025-06-${day},SHOP,100\r\n`) }] });

function open(dataDir: string, base: string): MeisaiCore {
  const core = openCore({
    dataDir,
    settings: new JsonFileSettings(dataPaths(dataDir).settings),
    mode: 'test',
    settingsFor: (d) => new JsonFileSettings(dataPaths(d).settings),
    rememberDataDir: (d) => rememberDataDir(d, base),
  });
  cores.push(core);
  return core;
}

describe('choosing the data folder', () => {
  it('moves an empty ledger to the chosen folder with the choices made so far, and the next start finds it', async () => {
    const base = temp();
    const core = open(base, base);
    await call(core, 'settings.update', { locale: 'en', homeCurrency: 'USD' });
    const target = join(temp(), 'Dropbox', 'Meisai');
    const info = await call(core, 'app.moveDataDir', { dir: target });
    expect(info.dataDir).toBe(target);
    expect(info.databasePath).toBe(dataPaths(target).database);
    expect(await call(core, 'settings.get', {})).toMatchObject({ locale: 'en', homeCurrency: 'USD' });
    await call(core, 'import.commit', csv('01'));
    expect(existsSync(join(target, 'library'))).toBe(true);
    expect(core.dataDir).toBe(target);
    // The next start (no flag, no variable) opens the chosen folder.
    expect(resolveDataDir(undefined, {}, base)).toBe(target);
    core.close();
    cores.length = 0;
    const again = open(resolveDataDir(undefined, {}, base), base);
    expect((await call(again, 'transactions.list', {})).total).toBe(1);
    expect((await call(again, 'settings.get', {})).homeCurrency).toBe('USD');
  });

  it('refuses to start on an empty ledger when the chosen folder has gone missing', () => {
    const base = temp();
    rememberDataDir(join(base, 'unplugged-drive', 'Meisai'), base);
    expect(() => resolveDataDir(undefined, {}, base)).toThrow(/unplugged-drive.*is not there/);
    // An explicit folder still works.
    expect(resolveDataDir(join(base, 'x'), {}, base)).toBe(join(base, 'x'));
  });

  it('opens a folder that already holds a ledger, with its own settings', async () => {
    const other = temp();
    const existing = open(other, temp());
    await call(existing, 'settings.update', { homeCurrency: 'EUR' });
    await call(existing, 'import.commit', csv('02'));
    existing.close();
    cores.length = 0;
    const base = temp();
    const core = open(base, base);
    await call(core, 'app.moveDataDir', { dir: other });
    expect((await call(core, 'transactions.list', {})).total).toBe(1);
    expect((await call(core, 'settings.get', {})).homeCurrency).toBe('EUR');
  });

  it('refuses once the ledger holds anything, and where no folder can be chosen', async () => {
    const base = temp();
    const core = open(base, base);
    const rel = await core.dispatch('app.moveDataDir', { dir: 'relative/folder' });
    expect(rel.ok).toBe(false);
    // A rule alone makes the ledger someone's.
    await call(core, 'rules.save', { name: 'r', conditions: { text: { field: 'merchant', op: 'contains', value: 'X' } }, actions: { categoryId: (await call(core, 'categories.list', {}))[0]!.id } });
    const r = await core.dispatch('app.moveDataDir', { dir: join(temp(), 'x') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    expect((await call(core, 'app.info', {})).canMoveDataDir).toBe(true);
    expect(resolveDataDir(undefined, {}, base)).toBe(base);

    const plain = openCore({ dataDir: temp(), settings: new MemorySettings(), mode: 'test' });
    cores.push(plain);
    expect((await call(plain, 'app.info', {})).canMoveDataDir).toBe(false);
    const f = await plain.dispatch('app.moveDataDir', { dir: join(temp(), 'y') });
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error.code).toBe('forbidden');
  });
});
