/** Runs imports for import-sandbox.ts in a worker thread, on its own connection to the data folder. */
import { parentPort } from 'node:worker_threads';
import { openCore, type MeisaiCore } from '../../src/services/app';
import { MemorySettings } from '../../src/services/settings';

export type SandboxJob = { id: number; kind: 'preview' | 'commit'; dataDir: string; name: string; data: Uint8Array } | { id: number; kind: 'spin' };

let open: { dataDir: string; core: MeisaiCore } | null = null;
const port = parentPort!;
port.on('message', async (job: SandboxJob) => {
  if (job.kind === 'spin') {
    // The harness's own test: a parser that never returns.
    for (;;);
  }
  if (open?.dataDir !== job.dataDir) {
    open?.core.close();
    open = { dataDir: job.dataDir, core: openCore({ dataDir: job.dataDir, settings: new MemorySettings(), mode: 'test' }) };
  }
  const res = await open.core.dispatch(job.kind === 'preview' ? 'import.preview' : 'import.commit', { files: [{ name: job.name, data: job.data }] });
  port.postMessage({ id: job.id, res });
});
