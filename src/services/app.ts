/**
 * The running core: database + settings + data directory, and the API handlers over them. Every
 * door (desktop IPC, web mode, CLI, tests) builds exactly this and talks to it through `dispatch`.
 */
import type { AppInfo, ApiHandlers } from '../shared/api/contract';
import { createDispatcher, type Dispatch } from '../shared/api/dispatch';
import { listCards } from './cards';
import { dataPaths } from './data-dir';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './db/open';
import { inspectFile, listImports, undoImport } from './imports';
import { inlineRunner, workerRunner, type ImportRunner, type WorkerSetup } from './import-runner';
import type { Worker } from 'node:worker_threads';
import { deleteProfile, listProfiles } from './profiles';
import type { SettingsStore } from './settings';
import { listTransactions } from './transactions';
import { APP_VERSION } from './version';

export interface MeisaiCore {
  dataDir: string;
  database: OpenedDatabase;
  settings: SettingsStore;
  handlers: ApiHandlers;
  dispatch: Dispatch;
  close(): void;
}

export interface CoreOptions extends OpenOptions {
  dataDir: string;
  settings: SettingsStore;
  mode: AppInfo['mode'];
  validateOutput?: boolean;
  /** Run imports in a worker thread made by this factory (web mode, desktop); else inline. */
  createImportWorker?: (setup: WorkerSetup) => Worker;
}

export function createHandlers(deps: { dataDir: string; database: OpenedDatabase; settings: SettingsStore; mode: AppInfo['mode']; runner: ImportRunner }): ApiHandlers {
  const { database, settings, dataDir, runner } = deps;
  const importDeps = { database, dataDir, homeCurrency: () => settings.get().homeCurrency };
  return {
    'app.info': () => ({ version: APP_VERSION, mode: deps.mode, dataDir, databasePath: database.path, schemaVersion: database.schemaVersion }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'cards.list': () => listCards(database.db),
    'import.preview': (req) => runner.run('preview', req),
    'import.commit': (req) => runner.run('commit', req),
    'import.progress': () => runner.progress(),
    'import.inspect': ({ file }) => inspectFile(file),
    'imports.list': () => listImports(importDeps),
    'imports.undo': ({ id }) => undoImport(importDeps, id),
    'profiles.list': () => listProfiles(database.db),
    'profiles.delete': ({ id }) => deleteProfile(database.db, id),
    'transactions.list': (q) => listTransactions(database, q),
  };
}

export function openCore(options: CoreOptions): MeisaiCore {
  const database = openDatabase(dataPaths(options.dataDir).database, options);
  const homeCurrency = () => options.settings.get().homeCurrency;
  const runner = options.createImportWorker
    ? workerRunner(options.createImportWorker, { dataDir: options.dataDir, databasePath: database.path, migrationsFolder: options.migrationsFolder, nativeBinding: options.nativeBinding }, homeCurrency)
    : inlineRunner({ database, dataDir: options.dataDir, homeCurrency });
  const handlers = createHandlers({ dataDir: options.dataDir, database, settings: options.settings, mode: options.mode, runner });
  return {
    dataDir: options.dataDir,
    database,
    settings: options.settings,
    handlers,
    dispatch: createDispatcher(handlers, { validateOutput: options.validateOutput ?? true }),
    close: () => {
      void runner.close();
      database.close();
    },
  };
}
