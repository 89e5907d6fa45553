/**
 * Money as integer minor units plus an ISO 4217 code. The number of minor digits comes from the
 * currency (JPY 0, USD 2, KWD 3) — never assume /100. Parsing goes straight from text to integers,
 * never through floating point.
 */

import { ISO_4217 } from './currencies';

/** An active ISO 4217 code (the static table in ./currencies, never the runtime's ICU). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Object.hasOwn(ISO_4217, code);
}

/** Number of minor-unit digits of an ISO 4217 currency, as the standard lists it (IQD 3, CLF 4). */
export function minorUnits(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`Unknown currency code: ${currency}`);
  return ISO_4217[currency]!;
}

/** Minor units → major units as a JS number, for JSON output and charts (never for sums). */
export function toMajor(minor: number, currency: string): number {
  const d = minorUnits(currency);
  return d === 0 ? minor : Number((minor / 10 ** d).toFixed(d));
}

/** Major units (as printed, e.g. "10.5") → minor units; throws when the precision does not fit. */
export function majorToMinor(major: number | string, currency: string): number {
  const r = parseAmount(String(major), currency);
  if (!r.ok) throw new RangeError(r.reason);
  return r.minor;
}

export type AmountResult = { ok: true; minor: number } | { ok: false; reason: string };

const NEGATIVE_MARKS = /^[-−‐‑–—△▲]/u;

/**
 * Parse an amount as statements print it: `1,234`, `"\2,974"`, `￥1,234`, `-12,000`, `(12.50)`,
 * `１，２３４`, `△500`, `500-`, `1 234,50` is NOT accepted (ambiguous decimal comma).
 */
// The common case, tried before any Unicode normalisation: 1234, -1,234, 12.50.
const PLAIN_AMOUNT = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

export function parseAmount(raw: string, currency: string): AmountResult {
  const plain = PLAIN_AMOUNT.exec(raw);
  if (plain) {
    const digits = minorUnits(currency);
    const frac = plain[3] ?? '';
    if (frac.length <= digits || !/[^0]/.test(frac.slice(digits))) {
      const minor = Number(plain[2]!.replace(/,/g, '') + frac.slice(0, digits).padEnd(digits, '0'));
      if (Number.isSafeInteger(minor)) return { ok: true, minor: plain[1] && minor !== 0 ? -minor : minor };
    }
  }
  let s = raw.normalize('NFKC').trim();
  if (s === '') return { ok: false, reason: 'empty amount' };
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Currency signs and words around the number.
  s = s.replace(/^[¥￥\\$€£]|円$|[¥￥\\$€£]$/gu, '').trim();
  s = s.replace(/^(JPY|USD|EUR|GBP)\s*|\s*(JPY|USD|EUR|GBP)$/g, '');
  if (NEGATIVE_MARKS.test(s)) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  if (/[-−]$/.test(s)) {
    negative = !negative;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/^[¥￥\\$€£]/u, '').trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return { ok: false, reason: `not an amount: "${raw.trim()}"` };
  s = s.replace(/,/g, '');
  const [intPart = '0', fracPart = ''] = s.split('.');
  const digits = minorUnits(currency);
  let frac = fracPart;
  if (frac.length > digits) {
    const extra = frac.slice(digits);
    if (/[^0]/.test(extra)) return { ok: false, reason: `"${raw.trim()}" has more decimals than ${currency} allows (${digits})` };
    frac = frac.slice(0, digits);
  }
  frac = frac.padEnd(digits, '0');
  const minor = Number(intPart + frac);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `amount out of range: "${raw.trim()}"` };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

/** Format minor units for people, per locale and per currency. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatMajor(toMajor(minor, currency), currency, locale);
}

/** Format major units for people, with the currency's ISO minor digits (Intl alone uses CLDR's). */
export function formatMajor(major: number, currency: string, locale: string): string {
  const d = isCurrencyCode(currency) ? minorUnits(currency) : 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d }).format(major);
}

/** Minor units → plain decimal text without grouping (`-1234.50`), for CSV exports. */
export function minorToDecimalString(minor: number, currency: string): string {
  const d = minorUnits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor));
  if (d === 0) return sign + abs;
  const padded = abs.padStart(d + 1, '0');
  return `${sign}${padded.slice(0, -d)}.${padded.slice(-d)}`;
}
