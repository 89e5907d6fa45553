/**
 * Names inside the document library. Everything here is pure: a pattern and facts in, a
 * library-relative path out — sanitised so that no merchant text, card name or pattern can ever
 * point outside the library (no separators, no `..`, no device names, bounded lengths, NFC).
 */

/** The default layout: `2025/2025-06/<card>/2025-06_<card>_statement.pdf`. */
export const DEFAULT_STATEMENT_PATTERN = '{yyyy}/{yyyy}-{mm}/{card}/{yyyy}-{mm}_{card}_statement';
/** Receipts sit beside the statement: `2025/2025-06/<card>/receipts/2025-06-12_<merchant>_1980JPY`. */
export const DEFAULT_RECEIPT_PATTERN = '{yyyy}/{yyyy}-{mm}/{card}/receipts/{date}_{merchant}_{amount}';

export const PATTERN_FIELDS = ['yyyy', 'mm', 'card', 'date', 'merchant', 'amount', 'kind'] as const;
export type PatternField = (typeof PATTERN_FIELDS)[number];

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_SEGMENT = 80;
const MAX_PATH = 240;

/**
 * One path segment from untrusted text: NFC, no control or bidi characters, no path separators or
 * characters Windows forbids, no leading/trailing dots or spaces, not `.`/`..`, not a device name,
 * at most 80 characters. Never empty.
 */
export function sanitizeSegment(raw: string, fallback = '_'): string {
  let s = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/[\s\u3000]+/gu, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (s.length > MAX_SEGMENT) s = Array.from(s).slice(0, MAX_SEGMENT).join('').replace(/[.\s]+$/g, '');
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
  // Leave room for the extension and a `-N` suffix within the segment limit.
  out[last] = `${Array.from(out[last]!).slice(0, MAX_SEGMENT - ext.length - 5).join('')}${ext ? `.${ext}` : ''}`;
  let path = out.join('/');
  if (path.length > MAX_PATH) path = `${out.slice(0, -1).join('/').slice(0, MAX_PATH - out[last]!.length - 1)}/${out[last]}`;
  return path;
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
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && sanitizeSegment(seg) === seg);
}

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}
