import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { openCore, type MeisaiCore } from '../src/services/app';
import { MemorySettings } from '../src/services/settings';
import type { ApiInput, ApiOutput } from '../src/shared/api/contract';
import type { ApiMethod } from '../src/shared/api/methods';

export function tempDir(prefix = 'meisai-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A core on a real SQLite file in a fresh data directory, with the real migrations. */
export function testCore(): MeisaiCore & { cleanup: () => void } {
  const dir = tempDir();
  const core = openCore({ dataDir: dir.path, settings: new MemorySettings(), mode: 'test' });
  return Object.assign(core, {
    cleanup: () => {
      core.close();
      dir.cleanup();
    },
  });
}

/** Call through the contract door, as every transport does; throws on a failed envelope. */
export async function call<M extends ApiMethod>(core: MeisaiCore, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const res = await core.dispatch(method, input);
  if (!res.ok) throw new Error(`${method}: ${res.error.code}: ${res.error.message}`);
  return res.value as ApiOutput<M>;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** Shift_JIS bytes for a few test strings, written by hand (TextEncoder cannot encode Shift_JIS). */
export const SJIS = {
  // 日付,内容,金額\r\n
  header: [0x93, 0xfa, 0x95, 0x74, 0x2c, 0x93, 0xe0, 0x97, 0x65, 0x2c, 0x8b, 0xe0, 0x8a, 0x7a, 0x0d, 0x0a],
  // テスト
  tesuto: [0x83, 0x65, 0x83, 0x58, 0x83, 0x67],
};

export function sjisFile(lines: (string | number[])[]): Uint8Array {
  const parts: number[] = [];
  for (const l of lines) parts.push(...(typeof l === 'string' ? Array.from(utf8(l)) : l));
  return Uint8Array.from(parts);
}

/** Every file under the data directory's library, as `/`-separated relative paths. */
export function libraryFiles(dataDir: string): string[] {
  const root = join(dataDir, 'library');
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(relative(root, abs).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
