import { describe, it, expect } from 'vitest';
import { allowedHosts, checkRequest, RENDERER_CSP, tokensEqual, type RequestFacts } from '../../src/web/guard';

const PORT = 43117;
const TOKEN = 'tok_ABCdef0123456789-xyzXYZ789_ab'; // 32 characters of the base64url alphabet
const server = { port: PORT, token: TOKEN };

/** A same-origin API call from our own page; override one fact per test. */
function api(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    method: 'POST',
    path: '/api/transactions.list',
    host: `127.0.0.1:${PORT}`,
    origin: `http://127.0.0.1:${PORT}`,
    authorization: `Bearer ${TOKEN}`,
    secFetchSite: 'same-origin',
    ...overrides,
  };
}

/** A top-level page load typed into the address bar. */
function page(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return { method: 'GET', path: '/', host: `localhost:${PORT}`, origin: undefined, authorization: undefined, secFetchSite: 'none', ...overrides };
}

const rejected = (req: RequestFacts) => {
  const d = checkRequest(req, server);
  if (d.ok) throw new Error(`expected ${JSON.stringify(req)} to be rejected`);
  return d;
};

describe('checkRequest — accepted requests', () => {
  it('accepts an API call with the token from 127.0.0.1 and from localhost', () => {
    expect(checkRequest(api(), server)).toEqual({ ok: true });
    expect(checkRequest(api({ host: `localhost:${PORT}`, origin: `http://localhost:${PORT}` }), server)).toEqual({ ok: true });
  });

  it('accepts an API call without Origin or Sec-Fetch-Site (e.g. the CLI)', () => {
    expect(checkRequest(api({ origin: undefined, secFetchSite: undefined }), server)).toEqual({ ok: true });
  });

  it('accepts page and asset loads without a token', () => {
    expect(checkRequest(page(), server)).toEqual({ ok: true });
    expect(checkRequest(page({ path: '/assets/index-abc.js', secFetchSite: 'same-origin', host: `127.0.0.1:${PORT}` }), server)).toEqual({ ok: true });
    expect(checkRequest(page({ method: 'HEAD' }), server)).toEqual({ ok: true });
    expect(checkRequest(page({ secFetchSite: undefined }), server)).toEqual({ ok: true });
  });

  it('accepts the Host header in any letter case', () => {
    expect(checkRequest(page({ host: `LOCALHOST:${PORT}` }), server)).toEqual({ ok: true });
  });
});

describe('checkRequest — Host (DNS rebinding)', () => {
  it.each([
    ['evil.com', 'evil.com'],
    ['evil.com with our port', `evil.com:${PORT}`],
    ['127.0.0.1 with another port', `127.0.0.1:${PORT + 1}`],
    ['localhost with another port', `localhost:${PORT - 1}`],
    ['127.0.0.1 without a port', '127.0.0.1'],
    ['localhost without a port', 'localhost'],
    ['a rebinding name that starts like ours', `127.0.0.1:${PORT}.evil.com`],
    ['our host as a subdomain', `localhost.evil.com:${PORT}`],
    ['a host with credentials', `user@127.0.0.1:${PORT}`],
    ['IPv6 loopback', `[::1]:${PORT}`],
    ['0.0.0.0', `0.0.0.0:${PORT}`],
    ['a port with a leading zero', `127.0.0.1:0${PORT}`],
    ['a trailing dot', `localhost.:${PORT}`],
    ['surrounding spaces', ` 127.0.0.1:${PORT} `],
    ['empty', ''],
  ])('rejects %s', (_name, host) => {
    expect(rejected(api({ host }))).toMatchObject({ status: 403, reason: 'foreign Host header' });
    expect(rejected(page({ host }))).toMatchObject({ status: 403 });
  });

  it('rejects a missing Host header', () => {
    expect(rejected(api({ host: undefined }))).toMatchObject({ status: 403, reason: 'foreign Host header' });
    expect(rejected(page({ host: undefined })).status).toBe(403);
  });
});

describe('checkRequest — Origin and Sec-Fetch-Site', () => {
  it.each([
    ['a foreign site', 'http://evil.com'],
    ['"null" (sandboxed frame, file://)', 'null'],
    ['https on our host', `https://127.0.0.1:${PORT}`],
    ['our other loopback name on another port', `http://localhost:${PORT + 1}`],
    ['a look-alike suffix', `http://127.0.0.1:${PORT}.evil.com`],
    ['a trailing slash', `http://127.0.0.1:${PORT}/`],
    ['an empty origin', ''],
  ])('rejects Origin %s', (_name, origin) => {
    expect(rejected(api({ origin }))).toMatchObject({ status: 403, reason: 'foreign Origin' });
  });

  it('checks Origin before the token: a valid token does not save a foreign Origin', () => {
    expect(rejected(api({ origin: 'http://evil.com', authorization: `Bearer ${TOKEN}` })).status).toBe(403);
  });

  it('accepts either loopback name as Origin when the Host is the other one', () => {
    expect(checkRequest(api({ host: `127.0.0.1:${PORT}`, origin: `http://localhost:${PORT}` }), server).ok).toBe(true);
  });

  it.each(['cross-site', 'same-site', 'bogus', ''])('rejects Sec-Fetch-Site %j', (secFetchSite) => {
    expect(rejected(api({ secFetchSite }))).toMatchObject({ status: 403, reason: 'cross-site request' });
    expect(rejected(page({ secFetchSite })).status).toBe(403);
  });
});

describe('checkRequest — API token and methods', () => {
  it('rejects an API call without a token', () => {
    expect(rejected(api({ authorization: undefined }))).toMatchObject({ status: 401 });
    expect(rejected(api({ authorization: '' })).status).toBe(401);
  });

  it('rejects a wrong token of the same length', () => {
    const wrong = TOKEN.slice(0, -1) + (TOKEN.endsWith('b') ? 'c' : 'b');
    expect(wrong).toHaveLength(TOKEN.length);
    expect(rejected(api({ authorization: `Bearer ${wrong}` }))).toMatchObject({ status: 401 });
  });

  it('rejects tokens of a different length (prefix, extension) without throwing', () => {
    expect(rejected(api({ authorization: `Bearer ${TOKEN.slice(0, 20)}` })).status).toBe(401);
    expect(rejected(api({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect(rejected(api({ authorization: `Bearer ${TOKEN}${TOKEN}${TOKEN}${TOKEN}${TOKEN}` })).status).toBe(401);
  });

  it.each([
    ['another scheme', `Basic ${TOKEN}`],
    ['lower-case scheme', `bearer ${TOKEN}`],
    ['no space', `Bearer${TOKEN}`],
    ['two spaces', `Bearer  ${TOKEN}`],
    ['trailing junk', `Bearer ${TOKEN} x`],
    ['the bare token', TOKEN],
    ['a comma-joined second header', `Bearer ${TOKEN}, Bearer ${TOKEN}`],
  ])('rejects an Authorization header with %s', (_name, authorization) => {
    expect(rejected(api({ authorization })).status).toBe(401);
  });

  it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])('rejects %s on /api/ with 405 even with the token', (method) => {
    expect(rejected(api({ method }))).toMatchObject({ status: 405 });
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('rejects %s on a static path', (method) => {
    expect(rejected(page({ method, path: '/index.html' }))).toMatchObject({ status: 405 });
    expect(rejected(page({ method, path: '/' })).status).toBe(405);
  });

  it('requires the token on every /api/ path, including unknown methods', () => {
    expect(rejected(api({ path: '/api/nope', authorization: undefined })).status).toBe(401);
    expect(checkRequest(api({ path: '/api/nope' }), server).ok).toBe(true);
  });
});

describe('tokensEqual', () => {
  it('is true only for identical strings', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.toUpperCase(), TOKEN)).toBe(false);
    expect(tokensEqual('a', 'b')).toBe(false);
    expect(tokensEqual('', '')).toBe(true);
  });

  it('returns false (does not throw) for different lengths', () => {
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN, TOKEN.slice(1))).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('compares bytes, so equal UTF-16 length with different UTF-8 length is not equal', () => {
    expect(tokensEqual('é', 'e')).toBe(false);
    expect(tokensEqual('éa', 'éb')).toBe(false);
  });
});

describe('allowedHosts and CSP', () => {
  it('lists exactly the two loopback names with the port', () => {
    expect(allowedHosts(8080)).toEqual(['127.0.0.1:8080', 'localhost:8080']);
  });

  it('forbids framing, inline script and foreign connections', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("connect-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
