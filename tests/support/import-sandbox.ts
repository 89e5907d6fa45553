/**
 * Imports run in a worker thread with a hard time limit: a parser that hangs (or loops) on a
 * hostile file is stopped — the worker is terminated, the next job gets a fresh one — and the
 * test fails with the file named, instead of the whole suite freezing.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ApiResult, FileResult } from '../../src/shared/api/contract';
import type { SandboxJob } from './import-sandbox-worker';

type Envelope = ApiResult<{ files: FileResult[] }>;
type Job = SandboxJob extends infer J ? (J extends unknown ? Omit<J, 'id'> : never) : never;

export class ImportSandbox {
  private worker: Worker | null = null;
  private nextId = 1;

  private ensure(): Worker {
    // A path, not `new URL(…, import.meta.url)`: Vite would take that for a worker to bundle.
    this.worker ??= new Worker(join(import.meta.dirname, 'import-sandbox-entry.mjs'));
    return this.worker;
  }

  /** Runs one job; rejects (and stops the worker) when it has not answered within `limitMs`. */
  private job(job: Job, label: string, limitMs: number): Promise<Envelope> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Envelope>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (m: { id: number; res: Envelope }) => {
        if (m.id !== id) return;
        done();
        resolve(m.res);
      };
      const onError = (e: Error) => {
        done();
        this.worker = null;
        reject(new Error(`${label}: the import crashed its thread: ${e.message}`));
      };
      const timer = setTimeout(() => {
        done();
        this.worker = null;
        void worker.terminate();
        reject(new Error(`${label}: no answer within ${limitMs} ms (the importer hangs on it); stopped`));
      }, limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ ...job, id });
    });
  }

  run(dataDir: string, kind: 'preview' | 'commit', name: string, data: Uint8Array, limitMs: number): Promise<Envelope> {
    return this.job({ kind, dataDir, name, data }, name, limitMs);
  }

  /** For the harness's own test: a job that never ends. */
  spin(limitMs: number): Promise<Envelope> {
    return this.job({ kind: 'spin' }, 'spin', limitMs);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
