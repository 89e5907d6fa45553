/**
 * The `meisai` command line: a door to the same API contract as the desktop app and web mode.
 * With --json every command prints exactly one JSON document on stdout; logs go to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore, type MeisaiCore } from '../services/app';
import { dataPaths, resolveDataDir } from '../services/data-dir';
import { emptyResult } from '../services/imports';
import { listBackups, restoreFileLevel } from '../services/backup';
import { DatabaseDamagedError } from '../services/db/open';
import { JsonFileSettings } from '../services/settings';
import type { ApiInput, ApiOutput, BackupInfo, FileResult, Transaction } from '../shared/api/contract';
import type { ApiMethod } from '../shared/api/methods';
import { formatMoney, toMajor } from '../core/money';
import { termField, termJson, termLines } from './text';

const USAGE = `Usage: meisai [--data-dir DIR] <command> [options] [--json]

Commands:
  import <file>... [--card <id|name>] [--dry-run]   import statement files (or preview them)
  transactions [--month YYYY-MM] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
               [--card X] [--category X] [--search TEXT]
  cards                                             list cards
  summary --month YYYY-MM [--basis usage|billing]   month spending by category and card (by usage or billing month)
  subscriptions                                     recurring charges: cadence, amount, next date, status
  export --month YYYY-MM [--card X] --out FILE [--summary] [--basis usage|billing] [--encoding shift_jis]
                                                    month as CSV (UTF-8 with BOM, or Shift_JIS), by usage
                                                    month (default) or billing month (請求月)
  files check                                       library integrity: missing, changed and unknown files
  backup                                            back up the database now (SQLite online backup)
  backups                                           list the backups
  restore <backup name>                             restore a backup (the current state is kept aside)
  inbox                                             statement files waiting in the inbox folder (Downloads)

The data directory defaults to the desktop app's; MEISAI_DATA_DIR or --data-dir override it.`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

async function call<M extends ApiMethod>(core: MeisaiCore, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const res = await core.dispatch(method, input);
  if (!res.ok) throw new CliError(res.error.message, 1);
  return res.value as ApiOutput<M>;
}

const cardRef = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);

/** The documented CLI shape of a transaction (the API also carries exact minor units). */
function cliTransaction(t: Transaction) {
  return {
    id: t.id,
    cardId: t.cardId,
    cardName: t.cardName,
    cardholder: t.cardholder,
    date: t.date,
    postedDate: t.postedDate,
    description: t.description,
    amount: t.amount,
    currency: t.currency,
    originalAmount: t.originalAmount,
    originalCurrency: t.originalCurrency,
    fxRate: t.fxRate,
    kind: t.kind,
    category: t.category,
    tags: t.tags,
    memo: t.memo,
    documents: t.documents,
  };
}

function cliFileResult(f: FileResult, dryRun: boolean) {
  const base = {
    file: f.file,
    status: f.status,
    format: f.format,
    encoding: f.encoding,
    card: f.card ? { id: f.card.id, name: f.card.name } : null,
    rows: f.rows,
    inserted: f.inserted,
    duplicates: f.duplicates,
    errors: f.errors,
    warnings: f.warnings,
    periodFrom: f.periodFrom,
    periodTo: f.periodTo,
  };
  return dryRun ? { ...base, preview: f.preview ?? [] } : base;
}

function printBackups(list: BackupInfo[], json: boolean, io: CliIO) {
  if (json) io.stdout(`${termJson(list)}\n`);
  else for (const b of list) io.stdout(`${b.name}\t${b.reason}\t${b.size}${b.damaged ? '\tdamaged' : ''}\n`);
}

export async function runCli(argv: string[], terminal: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Nothing printed is ever acted on by a terminal: controls in it are shown as escapes (text.ts);
  // the values in a line are escaped whole (termField), tabs and newlines included.
  const io: CliIO = { stdout: (s) => terminal.stdout(termLines(s)), stderr: (s) => terminal.stderr(termLines(s)) };
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        card: { type: 'string' },
        'dry-run': { type: 'boolean' },
        month: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        category: { type: 'string' },
        search: { type: 'string' },
        out: { type: 'string' },
        limit: { type: 'string' },
        encoding: { type: 'string' },
        summary: { type: 'boolean' },
        basis: { type: 'string' },
      },
    });
    json = values.json ?? false;
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.stdout(`${USAGE}\n`);
      return command || values.help ? 0 : 2;
    }
    const known = ['import', 'transactions', 'cards', 'summary', 'subscriptions', 'export', 'files', 'backup', 'backups', 'restore', 'inbox'];
    if (!known.includes(command)) throw new CliError(`unknown command "${command}"\n${USAGE}`);
    if (command === 'files' && rest[0] !== 'check') throw new CliError('usage: meisai files check [--json]');

    const dataDir = resolveDataDir(values['data-dir'], env);
    if (command === 'restore' && !rest[0]) throw new CliError('usage: meisai restore <backup name>   (see `meisai backups`)');
    let core: MeisaiCore;
    try {
      // Every command checks the ledger for damage first: a damaged one is never imported into.
      core = openCore({ dataDir, settings: new JsonFileSettings(dataPaths(dataDir).settings), mode: 'cli', autoBackup: true, checkIntegrity: true });
    } catch (e) {
      if (!(e instanceof DatabaseDamagedError)) throw e;
      // A damaged database can still be replaced by a backup, file by file (it is kept aside)…
      if (command === 'restore') {
        const r = restoreFileLevel(dataDir, dataPaths(dataDir).database, rest[0]!);
        if (json) io.stdout(`${termJson(r)}\n`);
        else io.stderr(`restored ${r.restored}${r.movedAside ? `; the damaged database is kept as ${r.movedAside}` : ''}\n`);
        return 0;
      }
      // …and its backups listed, to choose one.
      if (command === 'backups') {
        printBackups(listBackups(dataDir), json, io);
        return 0;
      }
      throw new CliError(`${e.message}${e.backup ? ` Restore it with \`meisai restore ${e.backup.name}\`.` : ''}`, 1);
    }
    // The start backup is made before the command runs (and before the command closes the ledger).
    await core.idle();
    try {
      if (command === 'import') {
        if (rest.length === 0) throw new CliError('import needs at least one file');
        const files: { name: string; data: Uint8Array }[] = [];
        const unreadable: FileResult[] = [];
        for (const path of rest) {
          try {
            files.push({ name: basename(path), data: readFileSync(path) });
          } catch (e) {
            const msg = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
            unreadable.push({ ...emptyResult(basename(path)), errors: [{ line: null, message: `${path}: ${msg}` }] });
          }
        }
        const dryRun = values['dry-run'] ?? false;
        const results = files.length ? (await call(core, dryRun ? 'import.preview' : 'import.commit', { files, card: cardRef(values.card) })).files : [];
        const all = [...results, ...unreadable];
        for (const f of all) {
          for (const e of f.errors) io.stderr(`error: ${termField(e.message)}\n`);
          for (const w of f.warnings) io.stderr(`warning: ${termField(w.message)}\n`);
        }
        if (json) io.stdout(`${termJson({ files: all.map((f) => cliFileResult(f, dryRun)) })}\n`);
        else
          for (const f of all)
            io.stdout(`${termField(f.file)}: ${f.status}${f.format ? ` (${f.format}, ${f.encoding})` : ''}${f.card ? ` → ${termField(f.card.name)}` : ''}; rows ${f.rows}, inserted ${f.inserted}, duplicates ${f.duplicates}\n`);
        return all.some((f) => f.status === 'error') ? 1 : 0;
      }
      if (command === 'transactions') {
        const limit = values.limit ? Number(values.limit) : 100_000;
        const out = await call(core, 'transactions.list', {
          month: values.month,
          from: values.from,
          to: values.to,
          card: cardRef(values.card),
          category: values.category,
          search: values.search,
          limit,
        });
        if (json) io.stdout(`${termJson(out.rows.map(cliTransaction))}\n`);
        else {
          const locale = core.settings.get().locale;
          for (const t of out.rows) io.stdout(`${t.date}  ${formatMoney(t.amountMinor, t.currency, locale).padStart(14)}  ${termField(t.cardName)}  ${termField(t.description)}\n`);
          io.stderr(`${out.rows.length} of ${out.total} transactions\n`);
        }
        return 0;
      }
      if (command === 'backup') {
        const b = await call(core, 'backups.create', {});
        if (json) io.stdout(`${termJson(b)}\n`);
        else io.stdout(`${b.name}\n`);
        return 0;
      }
      if (command === 'inbox') {
        const st = await call(core, 'inbox.scan', {});
        if (json) io.stdout(`${termJson(st)}\n`);
        else {
          for (const f of st.offered) io.stdout(`${termField(f.name)}\t${termField(f.formatLabel ?? f.format)}\t${termField(f.cardName)}\t${f.month ?? ''}\t${f.rows ?? ''}\n`);
          io.stderr(st.dir ? `${st.offered.length} statement file(s) to import in ${st.dir}${st.waiting ? ` (${st.waiting} still being written)` : ''}; import with \`meisai import <file>\`\n` : 'the inbox is off\n');
        }
        return 0;
      }
      if (command === 'backups') {
        printBackups(await call(core, 'backups.list', {}), json, io);
        return 0;
      }
      if (command === 'restore') {
        const r = await call(core, 'backups.restore', { name: rest[0]! });
        if (json) io.stdout(`${termJson(r)}\n`);
        else {
          io.stderr(`restored ${r.restored} (${r.transactions} transactions); the state before is kept as ${r.safetyBackup}\n`);
          // The library is never rolled back: say what the check will find.
          if (r.library?.addedSince) io.stderr(`${r.library.addedSince} library file(s) added since the backup stay in the library; \`meisai files check\` lists them as unknown\n`);
          if (r.library?.gone) io.stderr(`${r.library.gone} file(s) the backup records are no longer in the library; \`meisai files check\` lists them as missing\n`);
        }
        return 0;
      }
      if (command === 'export') {
        if (!values.month || !values.out) throw new CliError('usage: meisai export --month YYYY-MM [--card X] --out FILE [--summary] [--basis usage|billing] [--encoding shift_jis]');
        const encoding = values.encoding ?? 'utf-8';
        if (encoding !== 'utf-8' && encoding !== 'shift_jis') throw new CliError('--encoding is utf-8 or shift_jis');
        const basis = values.basis ?? 'usage';
        if (basis !== 'usage' && basis !== 'billing') throw new CliError('--basis is usage or billing');
        let card: number | undefined;
        if (values.card) {
          const ref = cardRef(values.card);
          const found = (await call(core, 'cards.list', {})).find((c) => c.id === ref || c.name === ref);
          if (!found) throw new CliError(`no card "${values.card}"`, 1);
          card = found.id;
        }
        const out = await call(core, 'export.month', { month: values.month, card, what: values.summary ? 'summary' : 'transactions', encoding, basis });
        writeFileSync(values.out, out.data);
        if (json) io.stdout(`${termJson({ file: values.out, rows: out.rows, encoding })}\n`);
        else io.stderr(`wrote ${out.rows} rows to ${values.out}\n`);
        return 0;
      }
      if (command === 'subscriptions') {
        const out = await call(core, 'subscriptions.list', {});
        const rows = out.items.map((s) => ({
          merchant: s.description,
          cadence: s.cadence,
          amount: s.amount,
          currency: s.currency,
          lastDate: s.lastDate,
          nextDate: s.nextDate,
          annualCost: toMajor(s.annualCostMinor, s.currency),
          status: s.status,
        }));
        if (json) io.stdout(`${termJson(rows)}\n`);
        else {
          const locale = core.settings.get().locale;
          for (const s of out.items) io.stdout(`${s.status.padEnd(13)} ${s.cadence.padEnd(9)} ${formatMoney(s.amountMinor, s.currency, locale).padStart(12)}  next ${s.nextDate}  ${termField(s.description)}\n`);
          for (const t of out.totals) io.stdout(`total: ${formatMoney(t.monthlyMinor, t.currency, locale)} a month, ${formatMoney(t.annualMinor, t.currency, locale)} a year\n`);
        }
        return 0;
      }
      if (command === 'summary') {
        if (!values.month) throw new CliError('usage: meisai summary --month YYYY-MM [--basis usage|billing] [--json]');
        const basis = values.basis ?? 'usage';
        if (basis !== 'usage' && basis !== 'billing') throw new CliError('--basis is usage or billing');
        const sum = await call(core, 'summary.month', { month: values.month, basis });
        if (json) {
          io.stdout(
            `${termJson({
              month: sum.month,
              currency: sum.currency,
              total: sum.total,
              byCategory: sum.byCategory.map((c) => ({ category: c.category, total: c.total })),
              byCard: sum.byCard.map((c) => ({ card: c.card, total: c.total })),
              otherCurrencies: sum.otherCurrencies.map((o) => ({ currency: o.currency, total: o.total })),
            })}\n`,
          );
        } else {
          const locale = core.settings.get().locale;
          const m = (minor: number, cur = sum.currency) => formatMoney(minor, cur, locale).padStart(14);
          io.stdout(`${sum.month}  ${m(sum.totalMinor)}  (${sum.count} rows)\n`);
          for (const c of sum.byCategory) io.stdout(`  ${m(c.totalMinor)}  ${termField(c.category ?? (locale === 'ja' ? '未分類' : 'Uncategorised'))}\n`);
          for (const c of sum.byCard) io.stdout(`  ${m(c.totalMinor)}  ${termField(c.card)}\n`);
          for (const o of sum.otherCurrencies) io.stdout(`  ${m(o.totalMinor, o.currency)}  (${o.currency})\n`);
        }
        return 0;
      }
      if (command === 'files') {
        const check = await call(core, 'files.check', {});
        if (json) io.stdout(`${termJson(check)}\n`);
        else {
          io.stdout(check.ok ? 'The library is in order.\n' : '');
          for (const p of check.missing) io.stdout(`missing: ${termField(p)}\n`);
          for (const p of check.changed) io.stdout(`changed: ${termField(p)}\n`);
          for (const p of check.unknown) io.stdout(`unknown: ${termField(p)}\n`);
        }
        return check.ok ? 0 : 1;
      }
      // cards
      const list = await call(core, 'cards.list', {});
      if (json) io.stdout(`${termJson(list.map((c) => ({ id: c.id, name: c.name, issuer: c.issuer, lastDigits: c.lastDigits })))}\n`);
      else for (const c of list) io.stdout(`${c.id}\t${termField(c.name)}\t${c.issuer}\t${termField(c.lastDigits)}\n`);
      return 0;
    } finally {
      core.close();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof CliError ? e.exitCode : 1;
    io.stderr(`meisai: ${message}\n`);
    if (json) io.stdout(`${termJson({ error: message })}\n`);
    return code;
  }
}
