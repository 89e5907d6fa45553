/**
 * The running core: database + settings + data directory, and the API handlers over them. Every
 * door (desktop IPC, web mode, CLI, tests) builds exactly this and talks to it through `dispatch`.
 */
import type { AppInfo, ApiHandlers, ImportRequest } from '../shared/api/contract';
import { ApiFailure, createDispatcher, type Dispatch } from '../shared/api/dispatch';
import { listCardholders, listCards, updateCard } from './cards';
import { createBackup, inspectBackup, libraryNow, listBackups, newestGoodBackup, restoreBackup } from './backup';
import { DatabaseDamagedError } from './db/open';
import { exportMonth } from './export';
import { markMonthReviewed, monthReview, setBudget } from './review';
import { dataPaths } from './data-dir';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './db/open';
import { inspectFile, listImports, undoImport } from './imports';
import { inlineRunner, workerRunner, type ImportRunner, type WorkerSetup } from './import-runner';
import type { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { API_METHODS } from '../shared/api/methods';
import { deleteProfile, listProfiles } from './profiles';
import { recoverPendingFiles, addReceipts, isOpenable, checkLibrary, documentsForTransaction, libraryRoot, linkDocument, listDocuments, monthBundle, moveLibrary, readDocument, repairLibrary, suggestTransactions, unlinkDocument } from './library';
import { majorToMinor, toMajor } from '../core/money';
import { localISODate } from '../core/dates';
import type { SettingsStore } from './settings';
import { countTransactions, listTransactions } from './transactions';
import { deleteCategory, deleteTag, listCategories, listTags, saveCategory, saveTag } from './categories';
import { refreshDerivedColumns } from './derived';
import { historyState, redoEdit, undoEdit, updateTransactions } from './edits';
import { deleteFilter, listFilters, saveFilter } from './filters';
import { acceptLearnedRule, applyRules, createLearnedRule, deleteRule, listRules, previewRules, reorderRules, saveRule } from './rules';
import { monthSummary } from './summary';
import { currencySummary, deleteTrip, listTrips, saveTrip } from './fx';
import { addSubscription, listReviews, listSubscriptions, markSubscription, saveReview } from './subscriptions';
import { APP_VERSION } from './version';
import { acknowledgeInbox, dismissInboxFile, inboxState, readInboxFile, scanInbox, watchInbox } from './inbox';
import { deleteKnowledge, listKnowledge, saveKnowledge, setKnowledgeEnabled, syncKnowledge } from './knowledge';

export interface MeisaiCore {
  dataDir: string;
  database: OpenedDatabase;
  settings: SettingsStore;
  handlers: ApiHandlers;
  dispatch: Dispatch;
  /** Resolves when the work started on open (the start backup, the inbox's first scan) is done. */
  idle(): Promise<void>;
  close(): void;
}

/** The operating system's file handling, which only the desktop app has. */
export interface DesktopShell {
  open(absolutePath: string): Promise<boolean>;
  reveal(absolutePath: string): void;
}

export interface CoreOptions extends OpenOptions {
  shell?: DesktopShell;
  dataDir: string;
  settings: SettingsStore;
  mode: AppInfo['mode'];
  validateOutput?: boolean;
  /** Check the database for damage on open (desktop, web mode, CLI); tests that do not test damage skip it. */
  checkIntegrity?: boolean;
  /** Back up on start and before every import (desktop, web mode, CLI); unchanged ledgers are not backed up again. */
  autoBackup?: boolean;
  /** Run imports in a worker thread made by this factory (web mode, desktop); else inline. */
  createImportWorker?: (setup: WorkerSetup) => Worker;
  /** Watch the statement inbox folder while the app runs (desktop, web mode). */
  watchInbox?: boolean;
  /** The system's downloads folder, the inbox's default (Electron knows it; else worked out). */
  downloadsDir?: string | null;
  /** Settings of another data folder: lets the first-run guide choose the folder (desktop, web mode). */
  settingsFor?: (dataDir: string) => SettingsStore;
  /** Remember a chosen data folder for the next start. */
  rememberDataDir?: (dataDir: string) => void;
}

export function createHandlers(deps: {
  dataDir: string;
  database: OpenedDatabase;
  settings: SettingsStore;
  mode: AppInfo['mode'];
  runner: ImportRunner;
  shell?: DesktopShell;
  autoBackup?: boolean;
  openOptions?: OpenOptions;
  inbox?: ReturnType<typeof watchInbox> | null;
  downloadsDir?: string | null;
  /** Reopens the core on another data folder (it refuses where the folder cannot be chosen). */
  relocate: (dir: string) => Promise<AppInfo>;
  canMoveDataDir: boolean;
}): ApiHandlers {
  const { database, settings, dataDir, runner, shell } = deps;
  const inboxDeps = { database, dataDir, settings, downloadsDir: deps.downloadsDir, preview: (req: ImportRequest) => runner.run('preview', req) };
  const lib = { database, dataDir, settings };
  const importDeps = { database, dataDir, settings };
  const editDeps = { database, settings };
  return {
    'app.info': () => ({ version: APP_VERSION, mode: deps.mode, dataDir, databasePath: database.path, schemaVersion: database.schemaVersion, canMoveDataDir: deps.canMoveDataDir }),
    'app.moveDataDir': ({ dir }) => deps.relocate(dir),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'cards.list': () => listCards(database.db),
    'cardholders.list': ({ card }) => listCardholders(database.sqlite, card),
    'import.preview': (req) => runner.run('preview', req),
    'import.commit': async (req) => {
      // Before every import, a backup: an import is the biggest change a ledger sees.
      if (deps.autoBackup) await createBackup(database, dataDir, 'import', new Date(), { skipUnchanged: true });
      return runner.run('commit', req);
    },
    'import.progress': () => runner.progress(),
    'import.inspect': ({ file }) => inspectFile(file),
    'imports.list': () => listImports(importDeps),
    'imports.undo': ({ id }) => undoImport(importDeps, id),
    'profiles.list': () => listProfiles(database.db),
    'profiles.delete': ({ id }) => deleteProfile(database.db, id),
    'files.list': ({ month, card }) => ({ root: libraryRoot(lib), documents: listDocuments(lib, { month, cardId: card }) }),
    'files.check': () => checkLibrary(lib),
    'files.repair': () => repairLibrary(lib),
    'files.read': ({ id }) => {
      const { name, mimeType, data } = readDocument(lib, id);
      return { name, mimeType, data };
    },
    'files.open': async ({ id, reveal }) => {
      if (!shell) return { opened: false };
      const { absolutePath } = readDocument(lib, id);
      // Only document types open with the system's handler; anything else is shown in its folder.
      if (reveal || !isOpenable(absolutePath)) {
        shell.reveal(absolutePath);
        return { opened: true };
      }
      return { opened: await shell.open(absolutePath) };
    },
    'files.moveLibrary': ({ dir }) => {
      // A running import writes into the library with the folder it started with.
      if (runner.progress() !== null) throw new ApiFailure('conflict', 'an import is running; move the library when it has finished');
      return moveLibrary(lib, dir);
    },
    'files.bundle': ({ month, card }) => monthBundle(lib, month, card),
    'documents.addReceipts': ({ transactionId, files }) => addReceipts(lib, transactionId, files),
    'documents.link': ({ transactionId, documentId }) => (linkDocument(lib, transactionId, documentId), { ok: true as const }),
    'documents.unlink': ({ transactionId, documentId }) => (unlinkDocument(lib, transactionId, documentId), { ok: true as const }),
    'documents.forTransaction': ({ transactionId }) => documentsForTransaction(lib, transactionId),
    'documents.suggest': ({ date, amount, currency }) =>
      suggestTransactions(lib, { date, amount: amount != null && currency ? majorToMinor(amount, currency) : null, currency: currency ?? null }).map((s) => ({
        ...s,
        amountMinor: s.amount,
        amount: toMajor(s.amount, s.currency),
      })),
    'transactions.list': (q) => listTransactions(database, q, settings.get().locale),
    'transactions.count': (q) => countTransactions(database, q),
    'transactions.update': (input) => updateTransactions(editDeps, input, (rule) => createLearnedRule(editDeps, rule)),
    'categories.list': () => listCategories(database.sqlite, settings.get().locale),
    'categories.save': (input) => saveCategory(database.sqlite, settings.get().locale, input),
    'categories.delete': ({ id }) => deleteCategory(database.sqlite, id),
    'tags.list': () => listTags(database.sqlite),
    'tags.save': (input) => saveTag(database.sqlite, input),
    'tags.delete': ({ id }) => deleteTag(database.sqlite, id),
    'rules.list': () => listRules(database.sqlite),
    'rules.save': (input) => saveRule(database.sqlite, input),
    'rules.delete': ({ id }) => deleteRule(database.sqlite, id),
    'rules.reorder': ({ ids }) => reorderRules(database.sqlite, ids),
    'rules.preview': (input) => previewRules(editDeps, input),
    'rules.apply': (input) => applyRules(editDeps, input),
    'rules.learn': (input) => acceptLearnedRule(editDeps, input),
    'history.state': () => historyState(database.sqlite),
    'history.undo': () => undoEdit(database.sqlite),
    'history.redo': () => redoEdit(database.sqlite),
    'filters.list': () => listFilters(database.sqlite),
    'filters.save': ({ name, query }) => saveFilter(database.sqlite, name, query),
    'filters.delete': ({ id }) => deleteFilter(database.sqlite, id),
    'fx.summary': (range) => currencySummary(database, range),
    'trips.list': () => listTrips(database),
    'trips.save': (input) => saveTrip(database, input),
    'trips.delete': ({ id }) => deleteTrip(database.sqlite, id),
    'subscriptions.list': ({ asOf }) => listSubscriptions(database, settings.get().locale, { asOf }),
    'subscriptions.mark': ({ key, state }) => markSubscription(database.sqlite, key, state),
    'subscriptions.add': ({ transactionId, cadence }) => addSubscription(database.sqlite, transactionId, cadence),
    'reviews.list': () => listReviews(database.sqlite),
    'review.month': ({ month, basis, today }) => monthReview(database, { month, basis, today, homeCurrency: settings.get().homeCurrency, locale: settings.get().locale }),
    'budgets.set': ({ categoryId, amount, month }) => setBudget(database.sqlite, { categoryId, amountMinor: amount === null ? null : majorToMinor(amount, settings.get().homeCurrency), month: month ?? null, currency: settings.get().homeCurrency }),
    'review.mark': ({ month, reviewed, note }) => markMonthReviewed(database.sqlite, month, reviewed, note ?? null),
    'cards.update': (input) => updateCard(database.db, input),
    'export.month': (input) => exportMonth(database, input, settings.get().homeCurrency, settings.get().locale),
    'backups.list': () => listBackups(dataDir),
    'backups.create': () => createBackup(database, dataDir, 'manual'),
    'backups.inspect': ({ name }) => inspectBackup(dataDir, name, libraryNow(database, libraryRoot(lib))),
    'recovery.state': () => ({ damaged: false, databasePath: database.path, problem: null, backup: null }),
    'recovery.restore': () => {
      throw new ApiFailure('conflict', 'the database is not damaged; restore a backup from Settings → Backups');
    },
    'backups.restore': ({ name }) => {
      if (runner.progress() !== null) throw new ApiFailure('conflict', 'an import is running; restore when it has finished');
      return restoreBackup(database, dataDir, name, deps.openOptions ?? {}, libraryRoot(lib));
    },
    'reviews.save': (input) => saveReview(database, settings.get().locale, input, localISODate()),
    'inbox.state': () => inboxState(inboxDeps, deps.inbox?.watching() ?? false),
    'inbox.scan': async () => (deps.inbox ? { ...(await deps.inbox.scan()), watching: deps.inbox.watching() } : scanInbox(inboxDeps)),
    'inbox.read': ({ id }) => readInboxFile(inboxDeps, id),
    'inbox.dismiss': ({ id }) => dismissInboxFile(inboxDeps, id),
    'inbox.ack': () => acknowledgeInbox(inboxDeps),
    'knowledge.list': () => listKnowledge(database, settings.get().locale),
    'knowledge.save': (input) => saveKnowledge(database, settings.get().locale, input),
    'knowledge.setEnabled': ({ id, enabled }) => setKnowledgeEnabled(database, id, enabled),
    'knowledge.delete': ({ id }) => deleteKnowledge(database, id),
    'summary.month': ({ month, basis }) => monthSummary(database, month, settings.get().homeCurrency, settings.get().locale, basis),
  };
}

interface CoreParts {
  options: CoreOptions;
  database: OpenedDatabase;
  handlers: ApiHandlers;
  runner: ImportRunner;
  idle(): Promise<void>;
  close(): void;
}

/** The database, the import runner, the inbox watcher and the handlers for one data folder. */
function openParts(options: CoreOptions, relocate: (dir: string) => Promise<AppInfo>): CoreParts {
  const database = openChecked(options);
  try {
    if (options.checkIntegrity) checkIntegrity(database, options.dataDir);
    // Files an import wrote before it was killed, with no committed record: removed (see library.ts).
    recoverPendingFiles({ database, dataDir: options.dataDir, settings: options.settings });
    refreshDerivedColumns(database);
    syncKnowledge(database, options.dataDir);
  } catch (e) {
    database.close();
    throw e;
  }
  // A backup on each start, in the background: the app does not wait for it (the CLI does, idle()).
  const startBackup = options.autoBackup ? createBackup(database, options.dataDir, 'start', new Date(), { skipUnchanged: true }).then(() => undefined, () => undefined) : Promise.resolve();
  const runner = options.createImportWorker
    ? workerRunner(options.createImportWorker, { dataDir: options.dataDir, databasePath: database.path, migrationsFolder: options.migrationsFolder, nativeBinding: options.nativeBinding }, () => options.settings.get())
    : inlineRunner({ database, dataDir: options.dataDir, settings: options.settings });
  // The inbox previews files through the runner: in the app that is the worker, off the main thread.
  const preview = (req: ImportRequest) => runner.run('preview', req);
  const inbox = options.watchInbox ? watchInbox({ database, dataDir: options.dataDir, settings: options.settings, downloadsDir: options.downloadsDir, preview }) : null;
  // The start scan: what it finds arrived while the app was closed (the UI's notice asks for it).
  const startScan = inbox ? inbox.scan().then(() => undefined, () => undefined) : Promise.resolve();
  const handlers = createHandlers({
    dataDir: options.dataDir,
    database,
    settings: options.settings,
    mode: options.mode,
    runner,
    shell: options.shell,
    autoBackup: options.autoBackup ?? false,
    openOptions: options,
    inbox,
    downloadsDir: options.downloadsDir,
    relocate,
    canMoveDataDir: !!options.settingsFor,
  });
  return {
    options,
    database,
    handlers,
    runner,
    idle: async () => {
      await Promise.all([startBackup, startScan]);
      await inbox?.idle();
    },
    close: () => {
      inbox?.close();
      void runner.close();
      database.close();
    },
  };
}

export function openCore(options: CoreOptions): MeisaiCore {
  const relocate = async (dir: string): Promise<AppInfo> => {
    const target = resolve(dir);
    const old = current;
    if (target === resolve(old.options.dataDir)) return old.handlers['app.info']({}) as AppInfo;
    if (!options.settingsFor) throw new ApiFailure('forbidden', 'the data folder is chosen with --data-dir here');
    if (!isAbsolute(dir.trim())) throw new ApiFailure('invalid-input', 'give the folder as a full path');
    // The inbox may be previewing a file (through the runner): let it finish first.
    await old.idle();
    if (current !== old) throw new ApiFailure('conflict', 'the data folder changed meanwhile');
    if (old.runner.busy()) throw new ApiFailure('conflict', 'an import is running; choose the folder when it has finished');
    // Anything the user made (not only imports): it would stay behind in the old folder.
    const used = old.database.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM transactions) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM cards)
           + (SELECT count(*) FROM rules) + (SELECT count(*) FROM trips) + (SELECT count(*) FROM subscription_marks) + (SELECT count(*) FROM budgets)
           + (SELECT count(*) FROM csv_profiles) + (SELECT count(*) FROM merchant_knowledge WHERE source = 'user')`,
      )
      .pluck()
      .get() as number;
    if (used > 0) throw new ApiFailure('conflict', 'the data folder can be chosen while the ledger is empty; to move a ledger, quit Meisai, move its folder and start with --data-dir');
    try {
      mkdirSync(target, { recursive: true });
    } catch (e) {
      throw new ApiFailure('failed', `cannot use ${target}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A folder that already holds a ledger (e.g. synced from another computer) keeps its settings;
    // a new one starts with the choices made so far (language, currency).
    const settings = options.settingsFor(target);
    if (!existsSync(dataPaths(target).database)) {
      const { libraryDir: _library, ...chosen } = old.options.settings.get();
      settings.update(chosen);
    }
    const next = openParts({ ...old.options, dataDir: target, settings }, relocate);
    old.close();
    current = next;
    options.rememberDataDir?.(target);
    return next.handlers['app.info']({}) as AppInfo;
  };
  let current = openParts(options, relocate);
  // Stable for the doors (IPC, HTTP, CLI) while the folder behind it can change.
  const handlers = Object.fromEntries(API_METHODS.map((m) => [m, (input: unknown) => (current.handlers[m] as (i: unknown) => unknown)(input)])) as unknown as ApiHandlers;
  return {
    get dataDir() {
      return current.options.dataDir;
    },
    get database() {
      return current.database;
    },
    get settings() {
      return current.options.settings;
    },
    handlers,
    dispatch: createDispatcher(handlers, { validateOutput: options.validateOutput ?? true }),
    idle: () => current.idle(),
    close: () => current.close(),
  };
}

/** A damaged database is refused with the newest intact backup named; nothing is changed or deleted. */
function checkIntegrity(database: OpenedDatabase, dataDir: string): void {
  let result: string;
  try {
    result = database.sqlite.pragma('quick_check', { simple: true }) as string;
  } catch (e) {
    // Damage in the schema itself stops the check from running at all.
    result = e instanceof Error ? e.message : String(e);
  }
  if (result === 'ok') return;
  throw new DatabaseDamagedError(database.path, result.split('\n').slice(0, 3).join('; '), newestGoodBackup(dataDir));
}

/** Damage can also stop the database opening at all (its schema pages hit): said the same way. */
function openChecked(options: CoreOptions): OpenedDatabase {
  const path = dataPaths(options.dataDir).database;
  try {
    return openDatabase(path, { ...options, backupDataDir: options.dataDir });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (options.checkIntegrity && /malformed|not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i.test(message)) {
      throw new DatabaseDamagedError(path, message.replace(/^Cannot open the database [^:]*: /, ''), newestGoodBackup(options.dataDir));
    }
    throw e;
  }
}
