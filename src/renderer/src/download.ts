import type { ApiClient } from '../../shared/api/client';

/** Save bytes from the API as a file the user downloads (web mode, and "export" everywhere). */
export function downloadBytes(name: string, mimeType: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Open a library document with the system (desktop) or, where that is not possible, download it. */
export async function openDocument(api: ApiClient, id: number, reveal = false): Promise<void> {
  const r = await api.call('files.open', { id, reveal });
  if (!r.opened) {
    const f = await api.call('files.read', { id });
    downloadBytes(f.name, f.mimeType, f.data);
  }
}
