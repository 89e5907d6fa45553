/** `npm run web`: the same app in a browser, served on 127.0.0.1 with a per-run token. */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { openLedger } from '../services/recovery';
import { dataPaths, rememberDataDir, resolveDataDir } from '../services/data-dir';
import { JsonFileSettings } from '../services/settings';
import { findRendererDir, startWebServer } from './server';

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean' },
    },
  });
  const rendererDir = findRendererDir(dirname(fileURLToPath(import.meta.url)));
  if (!rendererDir) {
    process.stderr.write('meisai: the UI is not built yet; run `npm run build` (npm run web does this for you).\n');
    process.exit(1);
  }
  const dataDir = resolveDataDir(values['data-dir']);
  // A damaged database does not stop web mode: the page offers the newest intact backup (recovery.ts).
  const ledger = openLedger({
    dataDir,
    settings: new JsonFileSettings(dataPaths(dataDir).settings),
    mode: 'web',
    checkIntegrity: true,
    autoBackup: true,
    // Imports run in a worker thread so the API keeps answering (progress) during big ones.
    createImportWorker: (setup) => new Worker(new URL('./import-worker.mjs', import.meta.url), { workerData: setup }),
    watchInbox: true,
    // The first-run guide may choose another data folder, remembered for the next start; not when
    // the folder was given explicitly (the next start would open that one again).
    ...(values['data-dir'] || process.env.MEISAI_DATA_DIR ? {} : { settingsFor: (dir: string) => new JsonFileSettings(dataPaths(dir).settings), rememberDataDir: (dir: string) => rememberDataDir(dir) }),
  });
  const server = await startWebServer({ dispatch: ledger.dispatch, rendererDir, port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`Meisai is running in web mode at ${server.url}\n`);
  process.stderr.write(`Data directory: ${dataDir}\nOpen the address above in your browser (it carries this run's access token). Ctrl+C stops.\n`);
  const damaged = ledger.damaged();
  if (damaged) process.stderr.write(`The database ${damaged.databasePath} is damaged (${damaged.problem}). The page offers ${damaged.backup ? `to restore ${damaged.backup.name}` : 'no intact backup'}; nothing is deleted.\n`);
  if (values.open) {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [server.url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  }
  const stop = async () => {
    await server.close();
    ledger.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`meisai: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
