/**
 * Exposes exactly the API's named verbs to the page — no raw ipcRenderer, nothing else.
 * Each verb resolves to the same result envelope web mode returns.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, IPC_PREFIX } from '../shared/api/methods';

const verbs = Object.fromEntries(API_METHODS.map((m) => [m, (input: unknown) => ipcRenderer.invoke(IPC_PREFIX + m, input)]));

contextBridge.exposeInMainWorld('meisai', Object.freeze(verbs));
