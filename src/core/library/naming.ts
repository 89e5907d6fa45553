/**
 * Names inside the document library. Everything here is pure: a pattern and facts in, a
 * library-relative path out — sanitised so that no merchant text, card name or pattern can ever
 * point outside the library (no separators, no `..`, no device names, NFC) or be too long for a
 * file system (names bounded in characters and in UTF-8 bytes, never cut inside a character).
 */

/** The default layout: `2025/2025-06/<card>/2025-06_<card>_statement.pdf`. */
export const DEFAULT_STATEMENT_PATTERN = '{yyyy}/{yyyy}-{mm}/{card}/{yyyy}-{mm}_{card}_statement';
/** Receipts sit beside the statement: `2025/2025-06/<card>/receipts/2025-06-12_<merchant>_1980JPY`. */
export const DEFAULT_RECEIPT_PATTERN = '{yyyy}/{yyyy}-{mm}/{card}/receipts/{date}_{merchant}_{amount}';

export const PATTERN_FIELDS = ['yyyy', 'mm', 'card', 'date', 'merchant', 'amount', 'kind'] as const;
export type PatternField = (typeof PATTERN_FIELDS)[number];

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_SEGMENT = 80;
/**
 * UTF-8 bytes per segment. File systems allow 255; the rest is room for a `-N` suffix (a taken
 * name) and the `.<pid>.partial` of a file being written.
 */
export const MAX_SEGMENT_BYTES = 200;
/** What a file system accepts in one name: the limit an existing name is checked against. */
const FS_SEGMENT_BYTES = 255;
const MAX_PATH = 240;

/** UTF-8 length of well-formed text. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The longest prefix of whole code points (surrogate pairs stay whole) within both limits. */
function cut(s: string, maxChars: number, maxBytes: number): string {
  let out = '';
  let chars = 0;
  let bytes = 0;
  for (const ch of s) {
    const b = utf8Bytes(ch);
    if (chars + 1 > maxChars || bytes + b > maxBytes) break;
    out += ch;
    chars++;
    bytes += b;
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const trimEnds = (s: string) => s.replace(/^[.\s]+|[.\s]+$/g, '');

/**
 * One path segment from untrusted text: NFC, no control or bidi characters or lone surrogates, no
 * path separators or characters Windows forbids, no leading/trailing dots or spaces, not `.`/`..`,
 * not a device name, at most 80 characters and 200 UTF-8 bytes (cut between whole characters).
 * Never empty.
 */
export function sanitizeSegment(raw: string, fallback = '_', maxBytes = MAX_SEGMENT_BYTES): string {
  let s = trimEnds(
    raw
      .replace(LONE_SURROGATE, '')
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/[\s\u3000]+/gu, ' ')
      .trim(),
  );
  if (s.length > MAX_SEGMENT || utf8Bytes(s) > maxBytes) s = trimEnds(cut(s, MAX_SEGMENT, maxBytes));
  if (!s || s === '.' || s === '..') s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  return s;
}

/** Validate a user's pattern: known fields only, no absolute path, no `..`. Returns a message or null. */
export function checkPattern(pattern: string): string | null {
  if (!pattern.trim()) return 'the pattern is empty';
  if (/^[\\/]|^[a-z]:/i.test(pattern)) return 'the pattern must be relative to the library';
  if (pattern.split(/[\\/]/).some((seg) => seg === '..' || seg === '.')) return 'the pattern may not contain . or ..';
  for (const m of pattern.matchAll(/\{([^}]*)\}/g)) if (!(PATTERN_FIELDS as readonly string[]).includes(m[1]!)) return `unknown field {${m[1]}}`;
  return null;
}

/**
 * Render a pattern to a library-relative path (`/`-separated). Each field value is sanitised as a
 * segment part, and every resulting segment is sanitised again, so values cannot add folders.
 */
export function renderPattern(pattern: string, values: Partial<Record<PatternField, string>>, extension: string): string {
  const problem = checkPattern(pattern);
  if (problem) throw new RangeError(problem);
  const segments = pattern.split(/[\\/]+/).filter(Boolean);
  const out = segments.map((seg) => sanitizeSegment(seg.replace(/\{(\w+)\}/g, (_m, k: string) => sanitizeSegment(values[k as PatternField] ?? '', '_').replace(/_+$/, '') || '_')));
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
  const last = out.length - 1;
  // Leave room for the extension and a `-N` suffix within the segment limits.
  out[last] = `${trimEnds(cut(out[last]!, MAX_SEGMENT - ext.length - 5, MAX_SEGMENT_BYTES - ext.length - 1)) || '_'}${ext ? `.${ext}` : ''}`;
  // A path too long overall: the longest folder name is shortened (between whole characters), again
  // until it fits or nothing shorter can be made.
  const length = () => out.reduce((n, seg) => n + seg.length, out.length - 1);
  while (length() > MAX_PATH && last > 0) {
    const i = out.slice(0, last).reduce((best, seg, k) => (seg.length > out[best]!.length ? k : best), 0);
    const chars = Array.from(out[i]!);
    let next = trimEnds(chars.slice(0, Math.max(1, chars.length - (length() - MAX_PATH))).join('')) || '_';
    if (RESERVED.test(next)) next = `_${next}`;
    if (next.length >= out[i]!.length) break;
    out[i] = next;
  }
  return out.join('/');
}

/** `name.pdf` → `name-2.pdf`, for a path already taken. */
export function withSuffix(path: string, n: number): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? `${path.slice(0, dot)}-${n}${path.slice(dot)}` : `${path}-${n}`;
}

/** Is a library-relative path safe to join under the library root? */
export function isSafeRelative(path: string): boolean {
  if (!path || path.startsWith('/') || /^[a-z]:/i.test(path) || path.includes('\\')) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && sanitizeSegment(seg, '_', FS_SEGMENT_BYTES) === seg);
}

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}
