/**
 * The import worker thread: its own connection to the same database, the same import service,
 * progress messages back to the main thread. See import-runner.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportProgress, ImportRequest, Settings } from '../shared/api/contract';
import { MemorySettings } from './settings';
import { ApiFailure } from '../shared/api/dispatch';
import { openDatabase } from './db/open';
import type { ImportKind, WorkerMessage, WorkerSetup } from './import-runner';
import { startParseWorker, useParseWorker } from './import-parallel';
import { runImport } from './imports';

const setup = workerData as WorkerSetup;
if (setup.parseWorker) useParseWorker(setup.parseWorker);
// Started with the app, so that no import waits for it (see import-parallel.ts).
void startParseWorker();
const database = openDatabase(setup.databasePath, { migrationsFolder: setup.migrationsFolder, nativeBinding: setup.nativeBinding });
const port = parentPort!;

port.on('message', async (m: { id: number; kind: ImportKind; req: ImportRequest; settings: Settings }) => {
  const send = (msg: WorkerMessage) => port.postMessage(msg);
  // The main thread owns the settings; each job brings the values in force when it started.
  const deps = { database, dataDir: setup.dataDir, settings: new MemorySettings(m.settings), onProgress: (progress: ImportProgress) => send({ id: m.id, progress }) };
  try {
    const result = await runImport(deps, m.kind, m.req);
    send({ id: m.id, result });
  } catch (e) {
    send({ id: m.id, error: { code: e instanceof ApiFailure ? e.code : 'failed', message: e instanceof Error ? e.message : String(e) } });
  }
});
