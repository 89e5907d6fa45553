/**
 * Decode a statement file's bytes. Strict UTF-8 first (BOM stripped), then UTF-16 by BOM, then
 * CP932 through the WHATWG `shift_jis` decoder (which is CP932: ①, ㈱, 髙 and ～ survive). Generic
 * charset sniffers are not used: they have answered `cp500` for CP932 files.
 */

export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis';

export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncodingId; bom: boolean }
  | { ok: false; message: string; line: number | null };

function lineAtOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The first line that neither UTF-8 nor CP932 can decode, to point the user at it. */
function firstUndecodableLine(bytes: Uint8Array): number | null {
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const chunk = bytes.subarray(start, i);
      if (tryDecode('utf-8', chunk) === null && tryDecode('shift_jis', chunk) === null) return line;
      line++;
      start = i + 1;
    }
  }
  return null;
}

export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, message: 'the file is empty', line: null };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    if (text !== null) return { ok: true, text, encoding: 'utf-16le', bom: true };
    return { ok: false, message: 'the file starts like UTF-16 but is not valid UTF-16', line: null };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    if (text !== null) return { ok: true, text, encoding: 'utf-16be', bom: true };
    return { ok: false, message: 'the file starts like UTF-16 but is not valid UTF-16', line: null };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      message: 'this is not a text file (it contains binary data); statements are CSV text or PDF',
      line: lineAtOffset(body, nul),
    };
  }
  const utf8 = tryDecode('utf-8', body);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8', bom };
  if (!bom) {
    const sjis = tryDecode('shift_jis', body);
    if (sjis !== null) return { ok: true, text: sjis, encoding: 'shift_jis', bom: false };
  }
  return {
    ok: false,
    message: 'the text is neither UTF-8 nor Shift_JIS (CP932); the file may be damaged or in another encoding',
    line: firstUndecodableLine(body),
  };
}
