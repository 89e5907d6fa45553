/**
 * Web mode: the built renderer and the API contract over HTTP, bound to 127.0.0.1 only.
 * `POST /api/<method>` with `Authorization: Bearer <token>` and a wire-JSON body; answers the
 * same result envelope as Electron IPC.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Dispatch } from '../shared/api/dispatch';
import { fromWireJson, toWireJson } from '../shared/api/wire';
import { checkRequest, RENDERER_CSP } from './guard';

export interface WebServer {
  url: string;
  /** The address the server is bound to, as the socket reports it: always 127.0.0.1. */
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest request body accepted (an import carries whole files). */
  maxBodyBytes?: number;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

class BodyTooLarge extends Error {
  constructor() {
    super('the request is too large');
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Stop collecting but keep the connection, so the client gets a proper answer.
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function findRendererDir(start: string): string | null {
  let dir = resolve(start);
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'out', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = resolve(dir, '..');
  }
  return null;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  const limit = options.maxBodyBytes ?? 768 * 1024 * 1024;
  let port = 0;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const decision = checkRequest(
        {
          method: req.method ?? 'GET',
          path: url.pathname,
          host: req.headers.host,
          origin: req.headers.origin,
          authorization: req.headers.authorization,
          secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
        },
        { port, token },
      );
      if (!decision.ok) return send(res, decision.status, decision.reason, 'text/plain; charset=utf-8');
      if (url.pathname.startsWith('/api/')) {
        const method = safeDecode(url.pathname.slice('/api/'.length));
        if (method === null) return send(res, 400, toWireJson({ ok: false, error: { code: 'invalid-input', message: 'malformed method name' } }), 'application/json');
        let input: unknown;
        try {
          const body = await readBody(req, limit);
          input = body.length ? fromWireJson(body.toString('utf8')) : {};
        } catch (e) {
          return send(res, e instanceof BodyTooLarge ? 413 : 400, toWireJson({ ok: false, error: { code: 'invalid-input', message: (e as Error).message } }), 'application/json');
        }
        const result = await options.dispatch(method, input);
        return send(res, 200, toWireJson(result), 'application/json');
      }
      // Static files of the built renderer; never outside its folder.
      const decoded = safeDecode(url.pathname);
      if (decoded === null) return send(res, 400, 'bad request', 'text/plain');
      const rel = normalize(decoded).replace(/^[/\\]+/, '');
      let file = resolve(root, rel || 'index.html');
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden', 'text/plain');
      if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      return send(res, 200, readFileSync(file), type, { 'Cache-Control': 'no-cache' });
    } catch (e) {
      if (!res.headersSent) send(res, 500, 'internal error', 'text/plain');
      process.stderr.write(`web: ${(e as Error).message}\n`);
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    host: bound.address,
    port,
    token,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
