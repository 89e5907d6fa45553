/**
 * Where imports run. Inline (tests, CLI): in this thread. In a worker thread (web mode, desktop):
 * a big file is parsed and written off the main thread, so the API keeps answering — including
 * `import.progress`, which the UI polls for its progress bar — while the import works.
 */
import type { Worker } from 'node:worker_threads';
import type { FileResult, ImportProgress, ImportRequest, Settings } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { runImport, type ImportDeps } from './imports';

export type ImportKind = 'preview' | 'commit';

export interface ImportRunner {
  run(kind: ImportKind, req: ImportRequest): Promise<{ files: FileResult[] }>;
  progress(): ImportProgress | null;
  /** A job is running or waiting. */
  busy(): boolean;
  close(): Promise<void>;
}

/** What the worker needs to open its own connection to the same database. */
export interface WorkerSetup {
  dataDir: string;
  databasePath: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  /** The parser thread of parallel imports, where it is not beside the sources (the desktop build). */
  parseWorker?: string;
}

export type WorkerMessage =
  | { id: number; progress: ImportProgress }
  | { id: number; result: { files: FileResult[] } }
  | { id: number; error: { code: string; message: string } };

export function inlineRunner(deps: ImportDeps): ImportRunner {
  let current: ImportProgress | null = null;
  let running = 0;
  const tracked: ImportDeps = { ...deps, onProgress: (p) => (current = p) };
  return {
    async run(kind, req) {
      running++;
      try {
        return await runImport(tracked, kind, req);
      } finally {
        running--;
        current = null;
      }
    },
    progress: () => current,
    busy: () => running > 0,
    close: async () => {},
  };
}

/**
 * One long-lived worker; jobs run one after another (SQLite has one writer anyway). The file
 * bytes are transferred, not copied. Settings can change between jobs, so each job carries them.
 */
export function workerRunner(createWorker: (setup: WorkerSetup) => Worker, setup: WorkerSetup, settings: () => Settings): ImportRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  let current: ImportProgress | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let closed = false;
  const pending = new Map<number, { resolve: (v: { files: FileResult[] }) => void; reject: (e: unknown) => void }>();

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = createWorker(setup);
    w.on('message', (m: WorkerMessage) => {
      if ('progress' in m) {
        current = m.progress;
        return;
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      current = null;
      if (!p) return;
      if ('result' in m) p.resolve(m.result);
      else p.reject(new ApiFailure(m.error.code as never, m.error.message));
    });
    // Jobs run one at a time, so whatever is pending belongs to this worker. Events from a worker
    // that has already been replaced are ignored; any end of the current one fails its job.
    const fail = (e: unknown) => {
      if (worker !== w) return;
      worker = null;
      current = null;
      for (const p of pending.values()) p.reject(e instanceof Error ? e : new Error(String(e)));
      pending.clear();
      void w.terminate();
    };
    w.on('error', (e) => fail(new Error(`the import worker failed (${e instanceof Error ? e.message : String(e)}); the file's transaction was rolled back`)));
    w.on('exit', (code) => fail(new Error(`the import worker stopped (exit code ${code}); the file's transaction was rolled back`)));
    worker = w;
    return w;
  };

  const job = (kind: ImportKind, req: ImportRequest) =>
    new Promise<{ files: FileResult[] }>((resolve, reject) => {
      // A closed runner starts no worker (it would open the database of a folder no longer in use).
      if (closed) throw new ApiFailure('conflict', 'the ledger was closed before this import started; nothing was imported');
      const w = ensure();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const transfer = req.files.map((f) => f.data.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      w.postMessage({ id, kind, req, settings: settings() }, [...new Set(transfer)]);
    });

  // Start the worker now, so the first import does not wait for it.
  setImmediate(() => {
    if (closed) return;
    try {
      ensure();
    } catch {
      // reported again on first use
    }
  });

  return {
    run(kind, req) {
      queued++;
      const next = queue.then(() => job(kind, req)).finally(() => queued--);
      queue = next.catch(() => undefined);
      return next;
    },
    progress: () => current,
    busy: () => queued > 0,
    close: async () => {
      closed = true;
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
