/**
 * The renderer's only way to the core. In the desktop app the preload exposes the API's verbs over
 * IPC; in web mode the same verbs go over HTTP with this run's token. Both derive from the contract.
 */
import { createApiClient, type ApiClient, type Invoke } from '../../shared/api/client';
import type { ApiResult } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/methods';
import { fromWireJson, toWireJson } from '../../shared/api/wire';

type PreloadApi = Record<ApiMethod, (input: unknown) => Promise<ApiResult<unknown>>>;

declare global {
  interface Window {
    meisai?: PreloadApi;
  }
}

const TOKEN_KEY = 'meisai.token';

/** Web mode hands the token in the URL fragment; keep it for this tab and take it out of the address bar. */
function webToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return m[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpInvoke(token: string | null): Invoke {
  return async (method, input) => {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
      body: toWireJson(input ?? {}),
    });
    if (res.status === 401) return { ok: false, error: { code: 'forbidden', message: 'This page has no valid access token. Open the address printed by `npm run web`.' } };
    if (!res.ok) return { ok: false, error: { code: 'failed', message: `${res.status} ${await res.text()}` } };
    return fromWireJson(await res.text()) as ApiResult<unknown>;
  };
}

export function createRendererApi(): { api: ApiClient; transport: 'ipc' | 'http' } {
  const preload = window.meisai;
  if (preload) return { api: createApiClient((m, i) => preload[m](i)), transport: 'ipc' };
  return { api: createApiClient(httpInvoke(webToken())), transport: 'http' };
}
