import { describe, expect, it, vi } from 'vitest';
import { allowNavigation, allowPermission, allowRequest, isAppPage, isTrustedSender, RENDERER_CSP, secureWebPreferences, windowOpenDecision } from '../../src/main/security';
import { hardenWebContents, lockDownSession, registerIpc, type IpcEventLike, type SessionLike, type WebContentsLike } from '../../src/main/wiring';
import type { ApiHandlers } from '../../src/shared/api/contract';
import { createDispatcher } from '../../src/shared/api/dispatch';
import { API_METHODS, IPC_PREFIX } from '../../src/shared/api/methods';

const prod = { entryUrl: 'file:///opt/Meisai/resources/app.asar/out/renderer/index.html' };
const dev = { entryUrl: 'http://localhost:5173/' };

describe('desktop window security decisions', () => {
  it('turns every isolation switch on', () => {
    const p = secureWebPreferences('/x/preload.cjs');
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, navigateOnDragDrop: false });
  });

  it('keeps a strict CSP: no inline or remote scripts, no network', () => {
    expect(RENDERER_CSP).toMatch(/default-src 'none'/);
    expect(RENDERER_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(RENDERER_CSP).toMatch(/connect-src 'self'/);
  });

  it('recognises only its own page', () => {
    expect(isAppPage(prod.entryUrl, prod)).toBe(true);
    expect(isAppPage(`${prod.entryUrl}#transactions`, prod)).toBe(true);
    expect(isAppPage('file:///opt/Meisai/resources/app.asar/out/renderer/other.html', prod)).toBe(false);
    expect(isAppPage(`${prod.entryUrl}?x=1`, prod)).toBe(false);
    expect(isAppPage('file://evil-host/opt/Meisai/resources/app.asar/out/renderer/index.html', prod)).toBe(false);
    expect(isAppPage('http://localhost:5173/anything', dev)).toBe(true);
    expect(isAppPage('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPage('not a url', prod)).toBe(false);
  });

  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'file:///opt/Meisai/resources/app.asar/out/renderer/../../../../../etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings',
    'about:blank',
    '',
  ])('refuses to navigate to %s', (url) => {
    expect(allowNavigation(url, prod)).toBe(false);
  });

  it('denies every new window and every permission', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown-thing']) expect(allowPermission(p)).toBe(false);
  });

  it('lets the page load only its own files, never the network', () => {
    expect(allowRequest('file:///opt/Meisai/resources/app.asar/out/renderer/assets/index.js', prod)).toBe(true);
    expect(allowRequest('data:image/png;base64,AAAA', prod)).toBe(true);
    for (const url of [
      'https://fonts.googleapis.com/css',
      'http://127.0.0.1:8080/api',
      'ws://example.com/',
      'file:///etc/passwd',
      'file:///opt/Meisai/resources/app.asar/out/renderer/../main/index.js',
      'file:///opt/Meisai/resources/app.asar/out/renderer/%2e%2e/main/index.js',
      'file://server/share/out/renderer/index.html',
      'ftp://example.com/x',
    ]) {
      expect(allowRequest(url, prod), url).toBe(false);
    }
    expect(allowRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(allowRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(allowRequest('https://localhost:5173/', dev)).toBe(false);
  });

  it('answers IPC only from its own page in the main frame', () => {
    expect(isTrustedSender(prod.entryUrl, true, prod)).toBe(true);
    expect(isTrustedSender(prod.entryUrl, false, prod)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, prod)).toBe(false);
    expect(isTrustedSender(undefined, true, prod)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', true, prod)).toBe(false);
  });
});

// The hooks the app installs, driven through fakes of ipcMain, a webContents and a session.
describe('desktop wiring', () => {
  function ipc() {
    const handlers = new Map<string, (event: IpcEventLike, input: unknown) => unknown>();
    const list = vi.fn(() => ({ rows: [], total: 0 }));
    const api = Object.fromEntries(API_METHODS.map((m) => [m, () => Promise.reject(new Error(`${m} should not run`))])) as unknown as ApiHandlers;
    api['transactions.list'] = list as unknown as ApiHandlers['transactions.list'];
    registerIpc({ handle: (channel, listener) => handlers.set(channel, listener) }, createDispatcher(api), prod);
    const own = { senderFrame: { url: prod.entryUrl, parent: null } };
    return { handlers, list, own, call: (event: IpcEventLike, input: unknown) => Promise.resolve(handlers.get(`${IPC_PREFIX}transactions.list`)!(event, input)) };
  }

  it('answers every API method over IPC, and nothing else', () => {
    const { handlers } = ipc();
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map((m) => IPC_PREFIX + m).sort());
  });

  it('refuses IPC from a foreign page, a sub-frame or an unknown sender before it reaches the API', async () => {
    const { call, list } = ipc();
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: prod.entryUrl, parent: {} } },
      { senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
      { senderFrame: null },
      {},
    ]) {
      expect(await call(event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(list).not.toHaveBeenCalled();
  });

  it('rejects malformed input from its own page, and answers well-formed input', async () => {
    const { call, list, own } = ipc();
    for (const input of [{ month: 'June' }, { limit: -1 }, 'text', [1, 2], { sort: { $gt: '' } }]) {
      expect(await call(own, input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(list).not.toHaveBeenCalled();
    expect(await call(own, { month: '2025-06' })).toEqual({ ok: true, value: { rows: [], total: 0 } });
    expect(list).toHaveBeenCalledTimes(1);
  });

  function contents() {
    const listeners = new Map<string, ((event: { preventDefault(): void }, url: string) => void)[]>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const fake: WebContentsLike = {
      on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      setWindowOpenHandler: (h) => {
        openHandler = h;
      },
    };
    hardenWebContents(fake, prod);
    const emit = (event: string, url = '') => {
      const e = { preventDefault: vi.fn() };
      for (const l of listeners.get(event) ?? []) l(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { emit, open: (url: string) => openHandler!({ url }) };
  }

  it('keeps the window on its page: navigation and redirects away are stopped, webviews refused', () => {
    const { emit } = contents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', `${prod.entryUrl}?x=1`]) {
      expect(emit('will-navigate', url), url).toBe(true);
      expect(emit('will-redirect', url), url).toBe(true);
    }
    expect(emit('will-navigate', `${prod.entryUrl}#settings`)).toBe(false);
    expect(emit('will-attach-webview')).toBe(true);
  });

  it('opens no new window, whatever it is asked to open', () => {
    const { open } = contents();
    for (const url of ['https://example.com/', prod.entryUrl, 'about:blank']) expect(open(url)).toEqual({ action: 'deny' });
  });

  it('denies every permission and loads nothing from the network; every response carries the CSP', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
    let before: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | null = null;
    let headers: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    lockDownSession(
      {
        setPermissionRequestHandler: (h) => (request = h),
        setPermissionCheckHandler: (h) => (check = h),
        webRequest: { onBeforeRequest: (l) => (before = l), onHeadersReceived: (l) => (headers = l) },
      },
      prod,
    );
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const granted = vi.fn();
      request!({}, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
      expect(check!({}, permission)).toBe(false);
    }
    const cancelled = (url: string) => {
      const cb = vi.fn();
      before!({ url }, cb);
      return (cb.mock.calls[0]![0] as { cancel: boolean }).cancel;
    };
    for (const url of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:8080/api', 'file:///etc/passwd']) expect(cancelled(url), url).toBe(true);
    expect(cancelled('file:///opt/Meisai/resources/app.asar/out/renderer/assets/index.js')).toBe(false);
    const cb = vi.fn();
    headers!({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    expect(cb.mock.calls[0]![0]).toMatchObject({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [RENDERER_CSP], 'X-Content-Type-Options': ['nosniff'] } });
  });
});
