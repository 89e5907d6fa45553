/**
 * Web mode runs imports in a worker thread: while a big file imports, the API keeps answering and
 * reports progress. Uses the real `src/web/main.ts` process (the worker needs its module loader).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amexJpCsv } from '../../bench/generate';
import { fromWireJson, toWireJson } from '../../src/shared/api/wire';
import { startWebApp, type WebApp } from '../e2e/harness';

let app: WebApp;
let base: string;
let token: string;

beforeAll(async () => {
  app = await startWebApp();
  const u = new URL(app.url);
  base = u.origin;
  token = /token=([\w-]+)/.exec(u.hash)![1]!;
});
afterAll(async () => {
  await app?.stop();
});

async function api(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: toWireJson(input) });
  return fromWireJson(await res.text()) as never;
}

describe('a big import in web mode', () => {
  it('imports in a worker, answering progress and other calls meanwhile', async () => {
    const rows = 150_000;
    const data = amexJpCsv(rows);
    expect(data.length).toBeGreaterThan(8 * 1024 * 1024); // the streaming path
    const importing = api('import.commit', { files: [{ name: 'big-amex.csv', data }] });
    const seen: { phase: string; done: number; total: number }[] = [];
    let answeredMeanwhile = false;
    let finished = false;
    void importing.then(() => (finished = true));
    while (!finished) {
      const p = await api('import.progress', {});
      if (p.ok && p.value) seen.push(p.value as never);
      const info = await api('app.info', {});
      if (info.ok && !finished) answeredMeanwhile = true;
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await importing;
    expect(result.error?.message ?? 'ok').toBe('ok');
    expect(result.value).toMatchObject({ files: [{ status: 'imported', rows, inserted: rows, format: 'amex-jp', encoding: 'shift_jis' }] });
    expect(answeredMeanwhile).toBe(true);
    // Progress went through reading and writing with byte counts of the whole file.
    expect(seen.some((p) => p.phase === 'reading' && p.total === data.length && p.done > 0)).toBe(true);
    expect(seen.some((p) => p.phase === 'writing')).toBe(true);
    expect((await api('import.progress', {})).value).toBeNull();
    const list = await api('transactions.list', { limit: 1 });
    expect(list.value).toMatchObject({ total: rows });
  });
});
