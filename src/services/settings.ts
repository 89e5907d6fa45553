/**
 * Settings through one small interface. The desktop app backs it with electron-store; web mode, the
 * CLI and the tests with a JSON file. Both write `<data dir>/settings.json`, so they share settings.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_RECEIPT_PATTERN, DEFAULT_STATEMENT_PATTERN } from '../core/library/naming';
import { Settings } from '../shared/api/contract';

export const DEFAULT_SETTINGS: Settings = {
  locale: 'ja',
  homeCurrency: 'JPY',
  libraryDir: null,
  statementPattern: DEFAULT_STATEMENT_PATTERN,
  receiptPattern: DEFAULT_RECEIPT_PATTERN,
  ruleLearning: 'offer',
  merchantKnowledge: true,
  inbox: true,
  inboxDir: null,
  onboarded: false,
};

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/** Keep only valid values; anything unreadable falls back to the default for that key. */
export function sanitizeSettings(raw: unknown): Settings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = Settings.shape[key].safeParse(obj[key]);
    if (field.success) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

/** Write then rename: a crash never leaves half a file (settings, the remembered data folder). */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

export class JsonFileSettings implements SettingsStore {
  constructor(readonly path: string) {}

  get(): Settings {
    try {
      return sanitizeSettings(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  update(patch: Partial<Settings>): Settings {
    const next = sanitizeSettings({ ...this.get(), ...patch });
    writeJsonFile(this.path, next);
    return next;
  }
}

/** In-memory settings for tests. */
export class MemorySettings implements SettingsStore {
  private value: Settings;
  constructor(initial: Partial<Settings> = {}) {
    this.value = sanitizeSettings({ ...DEFAULT_SETTINGS, ...initial });
  }
  get(): Settings {
    return { ...this.value };
  }
  update(patch: Partial<Settings>): Settings {
    this.value = sanitizeSettings({ ...this.value, ...patch });
    return this.get();
  }
}
