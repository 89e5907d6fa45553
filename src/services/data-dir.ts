/**
 * Where Meisai keeps its data (database, settings, imported files). By default the desktop app's
 * user-data folder, computed here the way Electron does so the CLI and web mode find the same data;
 * `--data-dir DIR` or MEISAI_DATA_DIR override it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { writeJsonFile } from './settings';

export const APP_DIR_NAME = 'Meisai';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}

/**
 * `--data-dir`, then MEISAI_DATA_DIR, then the folder the user chose in the app (remembered in
 * `<base>/location.json`; an error if it has gone missing), then `base` itself (the default folder).
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, base = defaultDataDir()): string {
  if (flag) return resolve(flag);
  if (env.MEISAI_DATA_DIR) return resolve(env.MEISAI_DATA_DIR);
  const chosen = readLocation(base);
  if (chosen === null) return base;
  // Never fall back to an empty ledger when the chosen folder is away (an unplugged drive, a sync
  // folder not there yet): the user would think their data gone.
  if (!existsSync(chosen)) throw new Error(`The data folder chosen earlier, ${chosen}, is not there. Connect the drive it is on, or start with --data-dir FOLDER (the choice is kept in ${locationFile(base)}).`);
  return chosen;
}

function readLocation(base: string): string | null {
  try {
    const dir = (JSON.parse(readFileSync(locationFile(base), 'utf8')) as { dataDir?: unknown }).dataDir;
    return typeof dir === 'string' && isAbsolute(dir) ? dir : null;
  } catch {
    return null;
  }
}

const locationFile = (base: string) => join(base, 'location.json');

/** Remember the chosen data folder for the next start (the default folder keeps only this pointer). */
export function rememberDataDir(dir: string, base = defaultDataDir()): void {
  writeJsonFile(locationFile(base), { dataDir: dir });
}

export const dataPaths = (dataDir: string) => ({
  database: join(dataDir, 'meisai.sqlite'),
  settings: join(dataDir, 'settings.json'),
  /** The document library's default folder (Settings can move it). */
  library: join(dataDir, 'library'),
});
