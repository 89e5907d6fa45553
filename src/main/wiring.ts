/**
 * The desktop window's hooks, wired to the decisions in security.ts — without importing
 * `electron`: each takes the few methods it uses of ipcMain, a webContents or a session, so tests
 * drive the very code the app runs with fakes (no Electron binary is needed to test it).
 */
import type { Dispatch } from '../shared/api/dispatch';
import { API_METHODS, IPC_PREFIX } from '../shared/api/methods';
import { allowNavigation, allowPermission, allowRequest, isTrustedSender, securityHeaders, windowOpenDecision, type AppOrigin } from './security';

/** The part of an IPC event the sender check reads. */
export interface IpcEventLike {
  senderFrame?: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => unknown): void;
}

/**
 * One handler per API method. A call from anything but the app's own page in the main frame is
 * refused before it reaches the API; input is checked against the contract by `dispatch`.
 */
export function registerIpc(ipc: IpcMainLike, dispatch: Dispatch, origin: AppOrigin): void {
  for (const method of API_METHODS) {
    ipc.handle(IPC_PREFIX + method, (event, input) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame?.parent === null, origin)) {
        return { ok: false, error: { code: 'forbidden', message: 'request from an untrusted page' } };
      }
      return dispatch(method, input);
    });
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Any web contents (the window, and any other that gets created): no navigation away, no new windows, no webviews. */
export function hardenWebContents(contents: WebContentsLike, origin: AppOrigin): void {
  contents.setWindowOpenHandler(() => windowOpenDecision());
  const guard = (e: PreventableEvent, url: string) => {
    if (!allowNavigation(url, origin)) e.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (e) => e.preventDefault());
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
    onHeadersReceived(listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void): void;
  };
}

/** The session: every permission denied, nothing loaded but the app's own files, the CSP on every response. */
export function lockDownSession(ses: SessionLike, origin: AppOrigin): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowRequest(details.url, origin) }));
  ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: { ...details.responseHeaders, ...securityHeaders() } }));
}
