/**
 * Where Meisai keeps its data (database, settings, imported files). By default the desktop app's
 * user-data folder, computed here the way Electron does so the CLI and web mode find the same data;
 * `--data-dir DIR` or MEISAI_DATA_DIR override it.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'Meisai';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.MEISAI_DATA_DIR) return resolve(env.MEISAI_DATA_DIR);
  return defaultDataDir();
}

export const dataPaths = (dataDir: string) => ({
  database: join(dataDir, 'meisai.sqlite'),
  settings: join(dataDir, 'settings.json'),
  /** The document library's default folder (Settings can move it). */
  library: join(dataDir, 'library'),
});
