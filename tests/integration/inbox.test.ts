/**
 * The statement inbox on a real folder and a real database: new statements offered (never imported
 * on their own), duplicates and non-statements left alone, files still being written waited for,
 * the start notice, and the watcher noticing a file that arrives while the app runs.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultDownloadsDir, scanInbox, SETTLE_MS, watchInbox } from '../../src/services/inbox';
import { runImport } from '../../src/services/imports';
import { call, testCore } from '../helpers';

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const sample = (name: string) => readFileSync(join(SAMPLES, name));

let core: ReturnType<typeof testCore>;
let inbox: string;
const deps = () => ({ database: core.database, dataDir: core.dataDir, settings: core.settings });
/** Give a file a time in the past, as a download finished a while ago has. */
const settle = (path: string) => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

beforeEach(() => {
  core = testCore();
  inbox = join(core.dataDir, 'Downloads');
  mkdirSync(inbox);
  core.settings.update({ inboxDir: inbox });
});
afterEach(() => core.cleanup());

describe('statement inbox', () => {
  it('offers a new statement with its issuer, card and month, and imports nothing by itself', async () => {
    writeFileSync(join(inbox, 'activity.csv'), sample('amex_jp_current.csv'));
    settle(join(inbox, 'activity.csv'));
    const state = await call(core, 'inbox.scan', {});
    expect(state.dir).toBe(inbox);
    expect(state.offered).toHaveLength(1);
    const f = state.offered[0]!;
    expect(f).toMatchObject({ name: 'activity.csv', status: 'offered' });
    expect(f.formatLabel).toMatch(/American Express|アメリカン・エキスプレス|Amex/i);
    expect(f.cardName).toBeTruthy();
    expect(f.month).toMatch(/^\d{4}-\d{2}$/);
    expect(f.rows).toBeGreaterThan(0);
    expect((await call(core, 'transactions.list', {})).total).toBe(0);
    expect(await call(core, 'imports.list', {})).toHaveLength(0);

    // Importing it (through the preview → commit flow the UI uses) retires it from the inbox.
    const file = await call(core, 'inbox.read', { id: f.id });
    await call(core, 'import.commit', { files: [file] });
    expect((await call(core, 'inbox.scan', {})).offered).toHaveLength(0);
  });

  it('offers a statement PDF, and leaves a scanned PDF and an ordinary text PDF alone', async () => {
    const { makeScannedPdf, makeStatementPdf, makeTextPdf } = await import('../support/pdf');
    const statement = await makeStatementPdf({
      layout: 'amex-jp',
      summary: [['締切日 2025年6月30日', 'お支払日 2025年7月10日'], ['今回ご請求額', '4,240円']],
      sections: [{ title: ['ご利用者：山田 太郎 様', 'XXXX-XXXXXX-X1005'], rows: [{ date: '6月12日', description: 'サンプル書店', amount: '3,280' }, { date: '6月25日', description: 'テストマート', amount: '960' }], subtotal: ['小計', '4,240'] }],
      grandTotal: ['ご利用金額合計', '4,240'],
    });
    writeFileSync(join(inbox, 'statement_202506.pdf'), statement);
    writeFileSync(join(inbox, 'scan.pdf'), await makeScannedPdf());
    writeFileSync(join(inbox, 'manual.pdf'), await makeTextPdf(['Installation guide', 'Step 1: unpack the box', 'Step 2: plug it in']));
    for (const n of ['statement_202506.pdf', 'scan.pdf', 'manual.pdf']) settle(join(inbox, n));
    const state = await call(core, 'inbox.scan', {});
    expect(state.offered.map((f) => [f.name, f.rows, f.month])).toEqual([['statement_202506.pdf', 2, expect.stringMatching(/^2025-0[67]$/)]]);
    const ignored = core.database.sqlite.prepare("SELECT name FROM inbox_files WHERE status = 'ignored' ORDER BY name").pluck().all();
    expect(ignored).toEqual(['manual.pdf', 'scan.pdf']);
  });

  it('leaves alone a file already imported, a re-saved copy of it, non-statements and partial downloads', async () => {
    const bytes = sample('rakuten_enavi_latest_12col.csv');
    await call(core, 'import.commit', { files: [{ name: 'enavi202506.csv', data: new Uint8Array(bytes) }] });
    writeFileSync(join(inbox, 'enavi202506.csv'), bytes);
    // The same statement saved again with LF line ends instead of CRLF: other bytes, same rows.
    writeFileSync(join(inbox, 'enavi202506 (1).csv'), Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
    writeFileSync(join(inbox, 'addresses.csv'), 'name,street,city\nTaro,1-2-3 Chiyoda,Tokyo\n');
    writeFileSync(join(inbox, 'notes.txt'), 'shopping list: milk, eggs\n');
    writeFileSync(join(inbox, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(join(inbox, 'myjcb.csv.crdownload'), sample('myjcb.csv'));
    for (const n of ['enavi202506.csv', 'enavi202506 (1).csv', 'addresses.csv', 'notes.txt', 'myjcb.csv.crdownload']) settle(join(inbox, n));
    const state = await call(core, 'inbox.scan', {});
    expect(state.offered).toEqual([]);
    const rows = core.database.sqlite.prepare('SELECT name, status, reason FROM inbox_files ORDER BY name').all() as { name: string; status: string; reason: string | null }[];
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['addresses.csv', 'ignored'],
      ['enavi202506 (1).csv', 'imported'],
      ['enavi202506.csv', 'imported'],
      ['notes.txt', 'ignored'],
    ]);
    expect(rows.find((r) => r.name === 'addresses.csv')!.reason).toBeTruthy();
    // Nothing was written by looking.
    expect(await call(core, 'imports.list', {})).toHaveLength(1);
  });

  it('reads an unchanged file once; undoing its import offers it again', async () => {
    const bytes = sample('rakuten_enavi_latest_12col.csv');
    const imported = await call(core, 'import.commit', { files: [{ name: 'enavi.csv', data: new Uint8Array(bytes) }] });
    // A re-saved copy: other bytes, the same rows (recognised by its rows, not its hash).
    writeFileSync(join(inbox, 'enavi (1).csv'), Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
    settle(join(inbox, 'enavi (1).csv'));
    let previews = 0;
    const counting = { ...deps(), preview: async (req: Parameters<typeof runImport>[2]) => (previews++, runImport(deps(), 'preview', req)) };
    for (let i = 0; i < 3; i++) expect((await scanInbox(counting)).offered).toEqual([]);
    expect(previews).toBe(1);
    await call(core, 'imports.undo', { id: imported.files[0]!.importId! });
    expect((await scanInbox(counting)).offered.map((f) => f.name)).toEqual(['enavi (1).csv']);
    expect(previews).toBe(2);
  });

  it('keeps what it knows while the folder cannot be read, and never follows links', async () => {
    writeFileSync(join(inbox, 'saison.csv'), sample('saison_netanswer.csv'));
    settle(join(inbox, 'saison.csv'));
    const id = (await call(core, 'inbox.scan', {})).offered[0]!.id;
    await call(core, 'inbox.dismiss', { id });
    renameSync(inbox, `${inbox}-away`);
    await call(core, 'inbox.scan', {});
    renameSync(`${inbox}-away`, inbox);
    expect((await call(core, 'inbox.scan', {})).offered).toEqual([]);
    expect(core.database.sqlite.prepare('SELECT status FROM inbox_files WHERE id = ?').pluck().get(id)).toBe('dismissed');
    // A link in the folder to a statement elsewhere is not offered.
    const outside = join(core.dataDir, 'elsewhere.csv');
    writeFileSync(outside, sample('view_card.csv'));
    settle(outside);
    symlinkSync(outside, join(inbox, 'link.csv'));
    expect((await call(core, 'inbox.scan', {})).offered).toEqual([]);
  });

  it('waits for a file that is still being written, then offers all of it', async () => {
    const bytes = sample('smbc_vpass_confirmed.csv');
    const path = join(inbox, 'vpass.csv');
    const cut = bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1;
    writeFileSync(path, bytes.subarray(0, cut));
    let state = await call(core, 'inbox.scan', {});
    expect(state.offered).toHaveLength(0);
    expect(state.waiting).toBe(1);
    appendFileSync(path, bytes.subarray(cut));
    // Still moving (just written): still waiting.
    expect((await scanInbox(deps())).waiting).toBe(1);
    state = await scanInbox(deps(), { now: () => Date.now() + SETTLE_MS + 1_000 });
    expect(state.waiting).toBe(0);
    expect(state.offered).toHaveLength(1);
    const whole = await call(core, 'import.preview', { files: [{ name: 'vpass.csv', data: new Uint8Array(bytes) }] });
    expect(state.offered[0]!.rows).toBe(whole.files[0]!.rows);
  });

  it('judges a file again when it changes after a first, truncated look', async () => {
    const bytes = sample('epos.csv');
    const path = join(inbox, 'epos.csv');
    // A copy that kept an old time but was cut off: judged on what is there...
    writeFileSync(path, bytes.subarray(0, 40));
    settle(path);
    await scanInbox(deps());
    const first = core.database.sqlite.prepare('SELECT status FROM inbox_files').pluck().get();
    expect(first).not.toBe('offered');
    // ...and again once the whole file is there.
    writeFileSync(path, bytes);
    settle(path);
    const state = await scanInbox(deps());
    expect(state.offered.map((f) => f.name)).toEqual(['epos.csv']);
  });

  it('lists what arrived while the app was closed once, and remembers dismissals', async () => {
    // The app looked at the folder before (a first look lists nothing as having "arrived").
    writeFileSync(join(inbox, 'old.csv'), sample('aeon.csv'));
    settle(join(inbox, 'old.csv'));
    expect((await scanInbox(deps(), { atStart: true })).notice).toEqual([]);
    writeFileSync(join(inbox, 'saison.csv'), sample('saison_netanswer.csv'));
    writeFileSync(join(inbox, 'view.csv'), sample('view_card.csv'));
    settle(join(inbox, 'saison.csv'));
    settle(join(inbox, 'view.csv'));
    let state = await scanInbox(deps(), { atStart: true });
    expect(state.notice.map((f) => f.name).sort()).toEqual(['saison.csv', 'view.csv']);
    await call(core, 'inbox.ack', {});
    state = await call(core, 'inbox.state', {});
    expect(state.notice).toEqual([]);
    expect(state.offered).toHaveLength(3);
    await call(core, 'inbox.dismiss', { id: state.offered.find((f) => f.name === 'view.csv')!.id });
    expect((await call(core, 'inbox.scan', {})).offered.map((f) => f.name).sort()).toEqual(['old.csv', 'saison.csv']);
    // A dismissed file cannot be read through the inbox either.
    expect((await core.dispatch('inbox.read', { id: state.offered.find((f) => f.name === 'view.csv')!.id })).ok).toBe(false);
  });

  it('is off when switched off, and reads only files it recorded', async () => {
    writeFileSync(join(inbox, 'aeon.csv'), sample('aeon.csv'));
    settle(join(inbox, 'aeon.csv'));
    core.settings.update({ inbox: false });
    const off = await call(core, 'inbox.scan', {});
    expect(off).toMatchObject({ dir: null, offered: [] });
    expect((await core.dispatch('inbox.read', { id: 999 })).ok).toBe(false);
    // The folder is a full path (a relative one would depend on where the app was started).
    expect((await core.dispatch('settings.update', { inboxDir: 'Downloads' })).ok).toBe(false);
  });

  it('notices a statement that arrives while the app is running', async () => {
    const watcher = watchInbox(deps());
    try {
      await watcher.scan();
      expect(watcher.watching()).toBe(true);
      writeFileSync(join(inbox, 'orico.csv'), sample('orico.csv'));
      await vi.waitFor(
        () => {
          const row = core.database.sqlite.prepare("SELECT status FROM inbox_files WHERE name = 'orico.csv'").pluck().get();
          expect(row).toBe('offered');
        },
        { timeout: 15_000, interval: 200 },
      );
    } finally {
      watcher.close();
    }
  });

  it('finds the Downloads folder, localised on Linux', () => {
    const home = join(core.dataDir, 'home');
    mkdirSync(join(home, '.config'), { recursive: true });
    expect(defaultDownloadsDir({}, home, 'darwin')).toBe(join(home, 'Downloads'));
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DESKTOP_DIR="$HOME/デスクトップ"\nXDG_DOWNLOAD_DIR="$HOME/ダウンロード"\n');
    expect(defaultDownloadsDir({}, home, 'linux')).toBe(join(home, 'ダウンロード'));
    expect(defaultDownloadsDir({ MEISAI_DOWNLOADS_DIR: '/tmp/x' }, home, 'linux')).toBe('/tmp/x');
  });
});
