import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/web/server';
import { fromWireJson, toWireJson } from '../../src/shared/api/wire';
import { tempDir, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
let server: WebServer;
let renderer: ReturnType<typeof tempDir>;

beforeAll(async () => {
  core = testCore();
  renderer = tempDir();
  mkdirSync(join(renderer.path, 'assets'));
  writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Meisai</title>');
  writeFileSync(join(renderer.path, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ dispatch: core.dispatch, rendererDir: renderer.path });
});
afterAll(async () => {
  await server.close();
  core.cleanup();
  renderer.cleanup();
});

function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

describe('web mode server', () => {
  it('listens on loopback only, with a fresh random token in the URL fragment', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{32}$`));
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    // The socket itself is bound to 127.0.0.1 (not 0.0.0.0 or ::): other machines cannot reach it.
    expect(server.host).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      const refused = await new Promise<string>((resolve) => {
        const req = request({ host: external.address, port: server.port, path: '/', timeout: 5000 }, () => resolve('answered'));
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
        req.end();
      });
      expect(refused).not.toBe('answered');
    }
  });

  it('answers API calls with the token, through the same contract', async () => {
    const res = await send({ method: 'POST', path: '/api/import.commit', headers: auth(), body: toWireJson({ files: [{ name: 'a.csv', data: utf8('date,description,amount\n2025-06-01,A,10\n') }] }) });
    expect(res.status).toBe(200);
    expect(fromWireJson(res.body)).toMatchObject({ ok: true, value: { files: [{ status: 'imported', inserted: 1 }] } });
    const list = await send({ method: 'POST', path: '/api/transactions.list', headers: auth(), body: '{}' });
    expect(fromWireJson(list.body)).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('validates input and reports unknown methods in the envelope', async () => {
    const bad = await send({ method: 'POST', path: '/api/transactions.list', headers: auth(), body: '{"month":"June"}' });
    expect(fromWireJson(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await send({ method: 'POST', path: '/api/db.dropEverything', headers: auth(), body: '{}' });
    expect(fromWireJson(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const garbage = await send({ method: 'POST', path: '/api/app.info', headers: auth(), body: '{not json' });
    expect(garbage.status).toBe(400);
  });

  it.each([
    ['no token', {}, 401],
    ['a wrong token', { Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401],
    ['a foreign Host (DNS rebinding)', { Authorization: 'Bearer TOKEN', Host: 'evil.example:PORT' }, 403],
    ['a foreign Origin', { Authorization: 'Bearer TOKEN', Origin: 'http://evil.example' }, 403],
    ['a cross-site fetch', { Authorization: 'Bearer TOKEN', 'Sec-Fetch-Site': 'cross-site' }, 403],
  ])('refuses an API call with %s', async (_label, headers, status) => {
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('TOKEN', server.token).replace('PORT', String(server.port))]));
    const res = await send({ method: 'POST', path: '/api/app.info', headers: h, body: '{}' });
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body).not.toMatch(/databasePath/);
  });

  it('answers an oversized body with 413 and an envelope', async () => {
    const small = await startWebServer({ dispatch: core.dispatch, rendererDir: renderer.path, maxBodyBytes: 1000 });
    try {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: small.port, method: 'POST', path: '/api/app.info', headers: { Host: `127.0.0.1:${small.port}`, Authorization: `Bearer ${small.token}` } }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end('x'.repeat(5000));
      });
      expect(res.status).toBe(413);
      expect(fromWireJson(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await small.close();
    }
  });

  it('never answers a CORS preflight', async () => {
    const res = await send({ method: 'OPTIONS', path: '/api/app.info', headers: { Origin: `http://127.0.0.1:${server.port}`, 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(405);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the UI with a strict CSP and nothing outside its folder', async () => {
    const index = await send({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toMatch(/Meisai/);
    expect(String(index.headers['content-security-policy'])).toMatch(/default-src 'none'/);
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect((await send({ path: '/assets/app.js' })).body).toBe('console.log(1)');
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/../../package.json', '/..%2f..%2fpackage.json']) {
      const res = await send({ path });
      expect(res.body).not.toMatch(/"name"/);
    }
    expect((await send({ path: '/', headers: { Host: 'evil.example' } })).status).toBe(403);
  });
});
