/** Desktop settings through electron-store, in the same `<data dir>/settings.json` the CLI reads. */
import Store from 'electron-store';
import { DEFAULT_SETTINGS, sanitizeSettings, type SettingsStore } from '../services/settings';
import type { Settings } from '../shared/api/contract';

export class ElectronStoreSettings implements SettingsStore {
  private store: Store<Settings>;
  constructor(dataDir: string) {
    this.store = new Store<Settings>({ cwd: dataDir, name: 'settings', defaults: DEFAULT_SETTINGS, clearInvalidConfig: false });
  }
  get(): Settings {
    return sanitizeSettings(this.store.store);
  }
  update(patch: Partial<Settings>): Settings {
    const next = sanitizeSettings({ ...this.get(), ...patch });
    this.store.set(next);
    return next;
  }
}
