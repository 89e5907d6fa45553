import { describe, expect, it } from 'vitest';
import { allowNavigation, allowPermission, allowRequest, isAppPage, isTrustedSender, RENDERER_CSP, secureWebPreferences, windowOpenDecision } from '../../src/main/security';

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
