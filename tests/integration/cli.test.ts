import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

/** The CLI as a user runs it: `npm run -s cli -- …` is `tsx src/cli/run.ts …`. */
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MEISAI_DATA_DIR: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as unknown };
}

describe('meisai CLI', () => {
  it('imports with --json: one JSON document on stdout, logs on stderr', () => {
    const file = join(dir.path, 'june.csv');
    writeFileSync(file, 'date,description,amount\n2025-06-01,カフェ,450\n2025-06-02,Refund,-100\n');
    const data = join(dir.path, 'data');
    const r = cli(['--data-dir', data, 'import', file, '--card', 'Amex', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      files: [
        {
          file: 'june.csv',
          status: 'imported',
          format: 'generic-csv',
          encoding: 'utf-8',
          card: { id: 1, name: 'Amex' },
          rows: 2,
          inserted: 2,
          duplicates: 0,
          errors: [],
          warnings: [],
          periodFrom: '2025-06-01',
          periodTo: '2025-06-02',
        },
      ],
    });
    const again = cli(['--data-dir', data, 'import', file, '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ files: [{ status: 'already-imported', inserted: 0, duplicates: 2 }] });
    expect(again.stderr).toMatch(/already imported/);
  });

  it('backs the ledger up on start, finished before the command runs and the ledger closes', () => {
    const data = join(dir.path, 'start-backup');
    const r = cli(['--data-dir', data, 'cards', '--json']);
    expect(r.code).toBe(0);
    const files = readdirSync(join(data, 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^meisai-\d{8}-\d{9}-start\.sqlite$/);
    const listed = cli(['--data-dir', data, 'backups', '--json']).json() as { name: string; reason: string; damaged: boolean }[];
    expect(listed.find((b) => b.name === files[0])).toMatchObject({ reason: 'start', damaged: false });
  });

  it('never prints terminal controls from a statement: escaped in text, escaped in JSON', () => {
    const data = join(dir.path, 'controls');
    const file = join(dir.path, 'controls.csv');
    const nasty = 'SHOP\u001b[2J\u001b]0;pwned\u0007 evil\u202Etxt.exe \u009b31m';
    writeFileSync(file, `date,description,amount\n2025-06-01,"${nasty}",100\n`);
    expect(cli(['--data-dir', data, 'import', file]).code).toBe(0);
    const text = cli(['--data-dir', data, 'transactions']);
    expect(text.stdout).toContain('SHOP\\x1b[2J\\x1b]0;pwned\\x07 evil\\u202etxt.exe \\x9b31m');
    // eslint-disable-next-line no-control-regex
    for (const out of [text.stdout, text.stderr]) expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const json = cli(['--data-dir', data, 'transactions', '--json']);
    expect((json.json() as { description: string }[])[0]!.description).toBe(nasty);
    // eslint-disable-next-line no-control-regex
    expect(json.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('lists the statement files waiting in the inbox folder', () => {
    const data = join(dir.path, 'inbox-data');
    const downloads = join(dir.path, 'downloads');
    mkdirSync(downloads);
    writeFileSync(join(downloads, 'jcb.csv'), readFileSync(join(ROOT, 'tests', 'fixtures', 'samples', 'myjcb.csv')));
    writeFileSync(join(downloads, 'recipe.txt'), 'not a statement');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(downloads, 'jcb.csv'), past, past);
    utimesSync(join(downloads, 'recipe.txt'), past, past);
    const r = cli(['--data-dir', data, 'inbox'], { MEISAI_DOWNLOADS_DIR: downloads });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^jcb\.csv\tMyJCB/);
    expect(r.stderr).toContain(`1 statement file(s) to import in ${downloads}`);
  });

  it('previews with --dry-run and writes nothing', () => {
    const data = join(dir.path, 'dry');
    const file = join(dir.path, 'dry.csv');
    writeFileSync(file, 'date,description,amount\n2025-06-01,A,1\n');
    const r = cli(['--data-dir', data, 'import', file, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ files: [{ status: 'ready', rows: 1, inserted: 0, preview: [{ line: 2, description: 'A', amount: 1 }] }] });
    expect(cli(['--data-dir', data, 'transactions', '--json']).json()).toEqual([]);
  });

  it('lists transactions with every documented field, filtered, via MEISAI_DATA_DIR', () => {
    const data = join(dir.path, 'data');
    const r = cli(['transactions', '--month', '2025-06', '--search', 'カフェ', '--json'], { MEISAI_DATA_DIR: data });
    expect(r.code).toBe(0);
    expect(r.json()).toEqual([
      {
        id: 1,
        cardId: 1,
        cardName: 'Amex',
        cardholder: null,
        date: '2025-06-01',
        postedDate: null,
        description: 'カフェ',
        amount: 450,
        currency: 'JPY',
        originalAmount: null,
        originalCurrency: null,
        fxRate: null,
        kind: 'purchase',
        category: null,
        tags: [],
        memo: null,
        documents: ['2025/2025-06/Amex/2025-06_Amex_statement.csv'],
      },
    ]);
    expect(cli(['--data-dir', data, 'cards', '--json']).json()).toEqual([{ id: 1, name: 'Amex', issuer: 'other', lastDigits: null }]);
  });

  it('lists transactions of one category with --category: by name in either language or by key', () => {
    const data = join(dir.path, 'cats');
    const file = join(dir.path, 'cats.csv');
    // The shipped merchant table files the convenience stores under 食費 and JR under 交通.
    writeFileSync(file, 'date,description,amount\n2025-06-01,セブン－イレブン 千代田店,300\n2025-06-02,ＪＲ東日本,1200\n2025-06-03,ローソン 新宿店,450\n2025-06-04,Unknown Shop,99\n');
    expect(cli(['--data-dir', data, 'import', file, '--card', 'Visa', '--json']).code).toBe(0);
    const described = (args: string[]) => (cli(['--data-dir', data, 'transactions', ...args, '--json']).json() as { description: string; category: string | null }[]).map((r) => [r.description, r.category]);
    const food = [
      ['ローソン 新宿店', '食費'],
      ['セブン－イレブン 千代田店', '食費'],
    ];
    expect(described(['--category', '食費'])).toEqual(food);
    expect(described(['--category', 'Food'])).toEqual(food);
    expect(described(['--category', 'food'])).toEqual(food);
    expect(described(['--category', '交通'])).toEqual([['ＪＲ東日本', '交通']]);
    expect(described(['--category', '食費', '--search', 'ローソン'])).toEqual([food[0]]);
    expect(described(['--category', 'nothing'])).toEqual([]);
    const text = cli(['--data-dir', data, 'transactions', '--category', '食費']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stderr).toContain('2 of 2 transactions');
  });

  it('exits non-zero with the reason in JSON and on stderr when a file fails', () => {
    const data = join(dir.path, 'data');
    const r = cli(['--data-dir', data, 'import', join(dir.path, 'missing.csv'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ files: [{ file: 'missing.csv', status: 'error', errors: [{ message: expect.stringMatching(/no such file/) }] }] });
    expect(r.stderr).toMatch(/no such file/);
  });

  it('checks the file library: in order, then a missing and an unknown file', () => {
    const data = join(dir.path, 'data');
    expect(cli(['--data-dir', data, 'files', 'check', '--json']).json()).toEqual({ ok: true, missing: [], changed: [], unknown: [] });
    rmSync(join(data, 'library', '2025', '2025-06', 'Amex', '2025-06_Amex_statement.csv'));
    writeFileSync(join(data, 'library', 'stray.pdf'), 'x');
    const r = cli(['--data-dir', data, 'files', 'check', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ ok: false, missing: ['2025/2025-06/Amex/2025-06_Amex_statement.csv'], changed: [], unknown: ['stray.pdf'] });
  });

  it('summarises a month: spending by category and card, payments excluded', () => {
    const data = join(dir.path, 'data');
    const rows = cli(['--data-dir', data, 'transactions', '--month', '2025-06', '--json']).json() as { amount: number; kind: string; cardName: string }[];
    const spent = rows.filter((r) => r.kind !== 'payment').reduce((n, r) => n + r.amount, 0);
    const r = cli(['--data-dir', data, 'summary', '--month', '2025-06', '--json']);
    expect(r.code).toBe(0);
    const sum = r.json() as { month: string; total: number; byCategory: { category: string | null; total: number }[]; byCard: { card: string; total: number }[] };
    expect(sum.month).toBe('2025-06');
    expect(sum.total).toBe(spent);
    expect(sum.byCategory).toEqual([{ category: null, total: spent }]);
    expect(sum.byCard).toEqual([{ card: 'Amex', total: spent }]);
    expect(cli(['--data-dir', data, 'summary', '--month', '2025-13', '--json']).code).not.toBe(0);
  });

  it('summarises a billing month with --basis billing (1日締め・翌月払い)', async () => {
    const data = join(dir.path, 'data');
    // The card closes on the 1st and is paid the month after; the file named no statement month.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(data, 'meisai.sqlite'));
    db.exec("UPDATE cards SET closing_day = 1, payment_month_offset = 1 WHERE name = 'Amex'; UPDATE imports SET statement_month = NULL");
    db.close();
    const rows = ['2025-05', '2025-06'].flatMap((m) => cli(['--data-dir', data, 'transactions', '--month', m, '--json']).json() as { date: string; amount: number; kind: string }[]);
    const billed = rows.filter((r) => r.kind !== 'payment' && r.date >= '2025-05-02' && r.date <= '2025-06-01').reduce((n, r) => n + r.amount, 0);
    const usage = rows.filter((r) => r.kind !== 'payment' && r.date.startsWith('2025-06')).reduce((n, r) => n + r.amount, 0);
    expect(billed).not.toBe(usage); // the two bases differ on this ledger, so the test tells them apart
    const sum = cli(['--data-dir', data, 'summary', '--month', '2025-07', '--basis', 'billing', '--json']);
    expect(sum.code).toBe(0);
    expect((sum.json() as { total: number }).total).toBe(billed);
    expect((cli(['--data-dir', data, 'summary', '--month', '2025-06', '--json']).json() as { total: number }).total).toBe(usage);
    expect(cli(['--data-dir', data, 'summary', '--month', '2025-07', '--basis', 'weekly']).code).not.toBe(0);
  });

  it('lists subscriptions as JSON in the documented shape', () => {
    const data = join(dir.path, 'subs');
    const file = join(dir.path, 'subs.csv');
    writeFileSync(file, 'date,description,amount\n2025-04-10,MUSIC APP,980\n2025-05-10,MUSIC APP,980\n2025-06-10,MUSIC APP,980\n2025-06-12,Cafe,450\n');
    expect(cli(['--data-dir', data, 'import', file, '--json']).code).toBe(0);
    const r = cli(['--data-dir', data, 'subscriptions', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual([{ merchant: 'MUSIC APP', cadence: 'monthly', amount: 980, currency: 'JPY', lastDate: '2025-06-10', nextDate: '2025-07-10', annualCost: 11760, status: 'active' }]);
  });

  it('exports a month as CSV: UTF-8 with BOM by default, Shift_JIS on request, formulas neutralised', () => {
    const data = join(dir.path, 'exp');
    const file = join(dir.path, 'exp.csv');
    writeFileSync(file, 'date,description,amount\n2025-06-01,カフェ,450\n2025-06-02,=HYPERLINK("x"),100\n2025-07-01,Later,1\n');
    expect(cli(['--data-dir', data, 'import', file, '--card', 'Visa', '--json']).code).toBe(0);
    const out = join(dir.path, 'june.csv');
    const r = cli(['--data-dir', data, 'export', '--month', '2025-06', '--card', 'Visa', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ file: out, rows: 2, encoding: 'utf-8' });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('2025-06-01,,Visa,,カフェ,,450,JPY');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toContain('Later');
    const sjis = join(dir.path, 'june-sjis.csv');
    expect(cli(['--data-dir', data, 'export', '--month', '2025-06', '--out', sjis, '--encoding', 'shift_jis']).code).toBe(0);
    expect(new TextDecoder('shift_jis').decode(readFileSync(sjis))).toContain('カフェ');
    const summary = join(dir.path, 'summary.csv');
    expect(cli(['--data-dir', data, 'export', '--month', '2025-06', '--summary', '--out', summary]).code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('total,2025-06,550,JPY,2');
    expect(cli(['--data-dir', data, 'export', '--month', '2025-06', '--out', out, '--encoding', 'latin1']).code).not.toBe(0);
  });

  it('returns the foreign-currency fields in transactions (the rate as printed) and exports them', () => {
    const data = join(dir.path, 'fx');
    const samples = join(ROOT, 'tests', 'fixtures', 'samples');
    expect(cli(['--data-dir', data, 'import', join(samples, 'smbc_vpass_confirmed.csv'), join(samples, 'amex_jp_current.csv'), '--json']).code).toBe(0);
    const rows = cli(['--data-dir', data, 'transactions', '--json']).json() as { description: string; amount: number; originalAmount: number | null; originalCurrency: string | null; fxRate: string | null }[];
    const foreign = rows.filter((r) => r.originalCurrency !== null).map((r) => [r.description, r.amount, r.originalAmount, r.originalCurrency, r.fxRate]);
    expect(foreign).toEqual([
      ['EXAMPLE CLOUD SERVICES', 1523, 10, 'USD', '152.30'],
      ['EXAMPLE, INC. (EXAMPLE.COM)', 1513, 9.99, 'USD', '151.451'],
    ]);
    const out = join(dir.path, 'fx-2025-05.csv');
    expect(cli(['--data-dir', data, 'export', '--month', '2025-05', '--out', out]).code).toBe(0);
    const lines = readFileSync(out, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('date,posted_date,card,cardholder,description,display_name,amount,currency,original_amount,original_currency,fx_rate,kind,category,tags,memo,documents');
    const row = lines.find((l) => l.includes('EXAMPLE, INC.'))!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(row.slice(6, 12)).toEqual(['1513', 'JPY', '9.99', 'USD', '151.451', 'purchase']);
    // A domestic row leaves the three columns empty.
    expect(lines.find((l) => l.includes('サンプルマート'))!.split(',').slice(6, 11)).toEqual(['1280', 'JPY', '', '', '']);
  });

  it('rejects unknown commands and options with usage', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    const bad = cli(['transactions', '--bogus']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bogus/);
    expect(cli(['--help']).stdout).toMatch(/Usage: meisai/);
  });
});
