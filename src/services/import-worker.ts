/**
 * The import worker thread: its own connection to the same database, the same import service,
 * progress messages back to the main thread. See import-runner.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportProgress, ImportRequest } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { openDatabase } from './db/open';
import type { ImportKind, WorkerMessage, WorkerSetup } from './import-runner';
import { commitImport, previewImport } from './imports';

const setup = workerData as WorkerSetup;
const database = openDatabase(setup.databasePath, { migrationsFolder: setup.migrationsFolder, nativeBinding: setup.nativeBinding });
const port = parentPort!;

port.on('message', (m: { id: number; kind: ImportKind; req: ImportRequest; homeCurrency: string }) => {
  const send = (msg: WorkerMessage) => port.postMessage(msg);
  const deps = { database, dataDir: setup.dataDir, homeCurrency: () => m.homeCurrency, onProgress: (progress: ImportProgress) => send({ id: m.id, progress }) };
  try {
    const result = m.kind === 'preview' ? previewImport(deps, m.req) : commitImport(deps, m.req);
    send({ id: m.id, result });
  } catch (e) {
    send({ id: m.id, error: { code: e instanceof ApiFailure ? e.code : 'failed', message: e instanceof Error ? e.message : String(e) } });
  }
});
