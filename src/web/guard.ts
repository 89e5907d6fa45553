/**
 * Who may talk to web mode. Pure decisions, tested with hostile requests: only this machine's
 * loopback host names with our port (against DNS rebinding), no foreign Origin, and the per-run
 * token on every API call. No CORS headers are ever sent.
 */
import { timingSafeEqual } from 'node:crypto';

export interface RequestFacts {
  method: string;
  path: string;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  secFetchSite: string | undefined;
}

export type GuardDecision = { ok: true } | { ok: false; status: 400 | 401 | 403 | 405; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(req: RequestFacts, server: { port: number; token: string }): GuardDecision {
  const hosts = allowedHosts(server.port);
  if (!req.host || !hosts.includes(req.host.toLowerCase())) return { ok: false, status: 403, reason: 'foreign Host header' };
  if (req.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(req.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  if (req.secFetchSite !== undefined && !['same-origin', 'none'].includes(req.secFetchSite)) {
    return { ok: false, status: 403, reason: 'cross-site request' };
  }
  if (req.path.startsWith('/api/')) {
    if (req.method !== 'POST') return { ok: false, status: 405, reason: 'API calls are POST' };
    const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(req.authorization ?? '');
    if (!m || !tokensEqual(m[1]!, server.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
    return { ok: true };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return { ok: false, status: 405, reason: 'method not allowed' };
  return { ok: true };
}

/** Content Security Policy for the renderer, the same in web mode and in the desktop window. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
