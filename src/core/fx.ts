/**
 * Foreign-currency arithmetic: what a charge cost against what the printed rate says it should
 * have cost. Exact: amounts are integer minor units, rates decimal text, products done in BigInt.
 */
import { minorUnits } from './money';

/** A printed rate as an exact fraction (`152.30` → 15230 / 100); null when it is not a positive decimal. */
export function parseRate(rate: string): { num: bigint; den: bigint } | null {
  const s = rate.normalize('NFKC').trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  const num = BigInt(m[1]! + frac);
  if (num === 0n) return null;
  return { num, den: 10n ** BigInt(frac.length) };
}

/** True for a rate text Meisai can store (positive decimal, at most 12 decimals). */
export function isValidRate(rate: string): boolean {
  const r = parseRate(rate);
  return r !== null && r.den <= 10n ** 12n;
}

function roundDiv(n: bigint, d: bigint): bigint {
  // Half away from zero, as issuers round converted amounts.
  const neg = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const q = (a * 2n + b) / (b * 2n);
  return neg ? -q : q;
}

/**
 * The billed amount the printed rate implies: original × rate, in the billed currency's minor units
 * (rounded half away from zero). `original` is in minor units of `originalCurrency`.
 */
export function convertAtRate(original: number, originalCurrency: string, rate: string, billedCurrency: string): number | null {
  const r = parseRate(rate);
  if (!r) return null;
  const shift = minorUnits(billedCurrency) - minorUnits(originalCurrency);
  let num = BigInt(original) * r.num;
  let den = r.den;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  return Number(roundDiv(num, den));
}

/** Billed ÷ original in major units: the rate the charge actually came to (always positive). */
export function impliedRate(billed: number, billedCurrency: string, original: number, originalCurrency: string): number | null {
  if (original === 0) return null;
  const b = Math.abs(billed) / 10 ** minorUnits(billedCurrency);
  const o = Math.abs(original) / 10 ** minorUnits(originalCurrency);
  return b / o;
}

export interface FxBreakdown {
  /** Billed ÷ original (major units). */
  implied: number | null;
  /** The printed rate as a number, for display. */
  printed: number | null;
  /** Original × printed rate, in billed minor units. */
  atPrintedRate: number | null;
  /**
   * What the conversion cost beyond the printed rate (minor units of billed): billed − that for a
   * charge, |that| − |credited| for a refund; negative when it came out in the cardholder's favour.
   */
  fee: number | null;
  /** The fee as a share of the amount at the printed rate (0.02 = 2 %). */
  feeShare: number | null;
}

export function fxBreakdown(t: { amount: number; currency: string; originalAmount: number | null; originalCurrency: string | null; fxRate: string | null }): FxBreakdown | null {
  if (t.originalAmount === null || !t.originalCurrency) return null;
  const implied = impliedRate(t.amount, t.currency, t.originalAmount, t.originalCurrency);
  const at = t.fxRate ? convertAtRate(t.originalAmount, t.originalCurrency, t.fxRate, t.currency) : null;
  // What the conversion cost: a charge cost more than the printed rate says when it billed more; a
  // refund cost more when it credited less. (A refund credited above the printed rate is a gain.)
  const fee = at === null ? null : t.amount < 0 ? Math.abs(at) - Math.abs(t.amount) : Math.abs(t.amount) - Math.abs(at);
  return {
    implied,
    printed: t.fxRate ? Number(t.fxRate) : null,
    atPrintedRate: at,
    fee,
    feeShare: at === null || at === 0 || fee === null ? null : fee / Math.abs(at),
  };
}

/**
 * A printed rate for people: every digit it was printed with (`151.4510` stays four decimals), in
 * the locale's grouping and decimal mark. Text that is not a plain decimal is shown as it is.
 */
export function formatPrintedRate(rate: string, locale: string): string {
  const s = rate.normalize('NFKC').trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return rate;
  const digits = Math.min(m[2]?.length ?? 0, 20);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(s));
}

/**
 * A computed rate (billed ÷ original) for people: four decimals from 1 up (152.5581), six
 * significant digits below 1, where four decimals would say nothing (¥ → $: 0.00666667).
 */
export function formatRate(rate: number, locale: string): string {
  const options: Intl.NumberFormatOptions = Math.abs(rate) >= 1 ? { minimumFractionDigits: 4, maximumFractionDigits: 4 } : { maximumSignificantDigits: 6 };
  return new Intl.NumberFormat(locale, options).format(rate);
}
