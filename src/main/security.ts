/**
 * The desktop window's security decisions as pure functions (no `electron` import), so they can be
 * tested with hostile inputs: what the window may load, navigate to, open, ask for, and who may
 * call the API over IPC.
 */
import { RENDERER_CSP } from '../web/guard';

export { RENDERER_CSP };

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

/** Where the UI comes from: the built `index.html` (file:) or, in development, the Vite server. */
export interface AppOrigin {
  /** `file:///…/out/renderer/index.html` or `http://localhost:5173/` */
  entryUrl: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Directory URL of the entry (`file:///…/out/renderer/`) or the dev server's origin. */
function appRoot(origin: AppOrigin): { scheme: 'file' | 'http'; prefix: string } | null {
  const u = parse(origin.entryUrl);
  if (!u) return null;
  if (u.protocol === 'file:') return { scheme: 'file', prefix: u.href.slice(0, u.href.lastIndexOf('/') + 1) };
  if ((u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1'))) return { scheme: 'http', prefix: `${u.origin}/` };
  return null;
}

/** Is this URL the app's own page (ignoring the fragment)? */
export function isAppPage(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  const e = parse(origin.entryUrl);
  if (!u || !e) return false;
  u.hash = '';
  e.hash = '';
  if (e.protocol === 'file:') return u.protocol === 'file:' && u.host === '' && u.pathname === e.pathname && u.search === '';
  return u.origin === e.origin;
}

/** Navigation away from the app page is always refused (links, redirects, dropped files). */
export function allowNavigation(url: string, origin: AppOrigin): boolean {
  return isAppPage(url, origin);
}

/** New windows (window.open, target=_blank) are always refused. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Camera, notifications, geolocation, clipboard reads, … — Meisai needs none. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/**
 * May the renderer fetch this URL? Only the app's own files (and data:/blob: images it makes
 * itself, plus devtools). Everything on the network is refused: Meisai never goes online.
 */
export function allowRequest(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  const root = appRoot(origin);
  if (!u || !root) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
  if (root.scheme === 'file') {
    if (u.protocol !== 'file:' || u.host !== '') return false;
    // Compare decoded, normalised paths so `..` and %2e%2e cannot climb out of the renderer folder.
    const normalised = new URL(u.href).href;
    let path: string;
    try {
      path = decodeURIComponent(u.pathname);
    } catch {
      return false; // malformed escapes are not our files
    }
    return normalised.startsWith(root.prefix) && !path.split('/').includes('..');
  }
  if (u.protocol === 'ws:' && `http://${u.host}/` === root.prefix) return true; // Vite HMR in development
  return u.href.startsWith(root.prefix);
}

/** IPC is answered only for the app's own page in the main frame of our window. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, origin: AppOrigin): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAppPage(frameUrl, origin);
}

/** Headers added to every response the window receives. */
export function securityHeaders(): Record<string, string[]> {
  return {
    'Content-Security-Policy': [RENDERER_CSP],
    'X-Content-Type-Options': ['nosniff'],
  };
}
