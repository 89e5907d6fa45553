/**
 * Desktop entry: one sandboxed window on the built UI, the API contract over IPC, and nothing on
 * the network. The only file that imports `electron`, with the preload.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { openLedger, type Ledger } from '../services/recovery';
import { rememberDataDir, resolveDataDir } from '../services/data-dir';
import { secureWebPreferences, type AppOrigin } from './security';
import { hardenWebContents, lockDownSession, registerIpc } from './wiring';
import { recoverOnStart } from './recovery';
import { ElectronStoreSettings } from './settings-store';
// electron-vite bundles the worker module and hands back a factory for it.
import createImportWorker from '../services/import-worker?nodeWorker';
// …and the parser thread of parallel imports, which the import worker starts: bundled, its path.
import parseWorkerPath from '../services/import-parse-worker?modulePath';

app.enableSandbox();

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const entryFile = join(import.meta.dirname, '../renderer/index.html');
const origin: AppOrigin = { entryUrl: devUrl ?? pathToFileURL(entryFile).href };

let ledger: Ledger | null = null;

function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Meisai',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  hardenWebContents(win.webContents, origin);
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(entryFile);
}

app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, origin));

app.whenReady().then(async () => {
  const explicit = flag('--data-dir') ?? process.env.MEISAI_DATA_DIR;
  try {
    const dataDir = resolveDataDir(flag('--data-dir'), process.env, app.getPath('userData'));
    // A damaged database is not an error here: the dialog below offers the newest intact backup.
    ledger = openLedger({
      dataDir,
      settings: new ElectronStoreSettings(dataDir),
      mode: 'desktop',
      checkIntegrity: true,
      autoBackup: true,
      validateOutput: !app.isPackaged,
      migrationsFolder: app.isPackaged ? join(process.resourcesPath, 'drizzle') : undefined,
      nativeBinding: process.env.MEISAI_SQLITE_BINDING,
      createImportWorker: (setup) => createImportWorker({ workerData: { ...setup, parseWorker: parseWorkerPath } }),
      watchInbox: true,
      downloadsDir: process.env.MEISAI_DOWNLOADS_DIR ?? app.getPath('downloads'),
      // The first-run guide may choose another data folder, remembered for the next start; not when
      // the folder was given explicitly (the next start would open that one again).
      ...(explicit ? {} : { settingsFor: (dir: string) => new ElectronStoreSettings(dir), rememberDataDir: (dir: string) => rememberDataDir(dir, app.getPath('userData')) }),
      // Library files open with the system's viewer; paths come from the library, never the page.
      shell: { open: async (p) => (await shell.openPath(p)) === '', reveal: (p) => shell.showItemInFolder(p) },
    });
    const locale = new ElectronStoreSettings(dataDir).get().locale;
    const open = await recoverOnStart(
      ledger,
      locale,
      async (p) => (await dialog.showMessageBox({ type: 'error', title: 'Meisai', message: p.message, detail: p.detail, buttons: p.buttons, defaultId: p.restore ?? p.quit, cancelId: p.quit, noLink: true })).response,
      (title, message) => dialog.showErrorBox(title, message),
    );
    if (!open) {
      app.exit(1);
      return;
    }
  } catch (e) {
    dialog.showErrorBox('Meisai cannot open its data', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  lockDownSession(session.defaultSession, origin);
  registerIpc(ipcMain, ledger.dispatch, origin);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => ledger?.close());
