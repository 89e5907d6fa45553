/**
 * Recurring-charge detection, pure. A merchant's charges (normalised key, one billed currency) are
 * first split into runs — one per service: two subscriptions at one merchant, or a subscription
 * and occasional shopping, come apart by amount, while a price change (a new amount replacing the
 * old one at the cadence) stays in its run. Each run then becomes a subscription (cadence, current
 * amount, next date, costs, price history, status) or nothing.
 * Tolerant of day-of-month drift and month ends, price changes and foreign subscriptions whose
 * billed amount moves with the rate (their original amount is compared instead; where the
 * statement gives only the billed amount, amounts within about ±10 % are one price); frequent
 * irregular purchases at one shop are not subscriptions; card payments never reach here.
 */
import { addDays, addMonths, addYears, differenceInCalendarDays, format, isLastDayOfMonth, parseISO } from 'date-fns';

export type Cadence = 'weekly' | 'monthly' | 'quarterly' | 'yearly';
export type SubscriptionStatus = 'active' | 'stopped' | 'price-changed' | 'new';

export interface Charge {
  id: number;
  date: string;
  /** Billed amount, minor units of `currency`. */
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  cardId: number;
  categoryId: number | null;
  description: string;
}

export interface Detected {
  cadence: Cadence;
  /** The last charge's billed amount (minor units). */
  amount: number;
  currency: string;
  /** For foreign subscriptions: the last charge's amount in its own currency. */
  originalAmount: number | null;
  originalCurrency: string | null;
  firstDate: string;
  lastDate: string;
  nextDate: string;
  charges: number;
  /** Billed cost per month and per year at the current amount (minor units). */
  monthlyCost: number;
  annualCost: number;
  /** Each price the subscription has had, from its first charge at that price. */
  priceHistory: { date: string; amount: number; currency: string }[];
  /** The price changed at the last charge or the one before. */
  priceChanged: boolean;
  /**
   * The billed amount floats (a foreign charge billed only in the home currency): amounts within
   * about ±10 % of each other are one price.
   */
  floating: boolean;
  /** Expected charges are missing: the card's later statements do not have them. */
  stopped: boolean;
  cardId: number;
  categoryId: number | null;
  description: string;
  chargeIds: number[];
}

const WINDOWS: Record<Cadence, { min: number; max: number; days: number; perYear: number }> = {
  weekly: { min: 5, max: 9, days: 7, perYear: 52 },
  monthly: { min: 26, max: 35, days: 30.44, perYear: 12 },
  quarterly: { min: 84, max: 98, days: 91.3, perYear: 4 },
  yearly: { min: 350, max: 380, days: 365.25, perYear: 1 },
};
const CADENCES = Object.keys(WINDOWS) as Cadence[];

/** Billed-only amounts this close (relative) are one price that moves with the exchange rate. */
export const FLOAT_TOLERANCE = 0.1;
/** With only two or three charges the price must hold (a tight tolerance, for rate moves). */
const FEW_TOLERANCE = 0.05;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const days = (a: string, b: string) => differenceInCalendarDays(parseISO(b), parseISO(a));
const byDate = (a: Charge, b: Charge) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1);

/** The amount a charge is compared by: its own-currency amount when foreign, else the billed one. */
export function priceKey(c: Charge): string {
  return c.originalAmount !== null && c.originalCurrency ? `${c.originalCurrency}:${c.originalAmount}` : String(c.amount);
}

const billedOnly = (c: Charge) => c.originalAmount === null || !c.originalCurrency;
const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));

/**
 * Billed-only amounts that differ from one charge to the next (rarely the same twice in a row):
 * a price that moves with the rate, compared with a tolerance rather than exactly.
 */
export function isFloating(charges: readonly Charge[]): boolean {
  if (charges.length < 2 || !charges.every(billedOnly)) return false;
  let same = 0;
  for (let i = 1; i < charges.length; i++) if (charges[i]!.amount === charges[i - 1]!.amount) same++;
  return same / (charges.length - 1) < 0.5;
}

/** Consecutive charges at one price (within the tolerance when floating). */
function priceLevels(charges: readonly Charge[], floating: boolean): { date: string; billed: number; index: number; count: number }[] {
  const levels: { date: string; billed: number; index: number; count: number }[] = [];
  charges.forEach((c, index) => {
    const prev = charges[index - 1];
    const same = prev !== undefined && (floating ? near(prev.amount, c.amount, FLOAT_TOLERANCE) : priceKey(prev) === priceKey(c));
    if (same) levels.at(-1)!.count++;
    else levels.push({ date: c.date, billed: c.amount, index, count: 1 });
  });
  return levels;
}

/** The cadence whose window holds this gap in days, if any. */
function cadenceOf(gap: number): Cadence | undefined {
  return CADENCES.find((c) => gap >= WINDOWS[c].min && gap <= WINDOWS[c].max);
}

/** The cadence a run's charges suggest (median gap), if they have one. */
function runCadence(charges: readonly Charge[]): Cadence | undefined {
  if (charges.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < charges.length; i++) gaps.push(days(charges[i - 1]!.date, charges[i]!.date));
  return cadenceOf(median(gaps));
}

/** The nearest cadence to the charges' usual gap (for a confirmation saved without one). */
export function guessCadence(charges: readonly Charge[]): Cadence | null {
  const sorted = [...charges].sort(byDate);
  if (sorted.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(days(sorted[i - 1]!.date, sorted[i]!.date));
  const mid = median(gaps);
  return CADENCES.reduce((best, c) => (Math.abs(Math.log(mid / WINDOWS[c].days)) < Math.abs(Math.log(mid / WINDOWS[best].days)) ? c : best), 'monthly' as Cadence);
}

/** The next expected date: monthly and longer keep the day of month (clamped at month ends). */
export function nextDate(last: string, cadence: Cadence, anchorDay: number): string {
  const d = parseISO(last);
  if (cadence === 'weekly') return format(addDays(d, 7), 'yyyy-MM-dd');
  const next = cadence === 'yearly' ? addYears(d, 1) : addMonths(d, cadence === 'quarterly' ? 3 : 1);
  // Back to the usual day where the month has it (a charge on the 31st moved to the 30th returns).
  const lastDay = new Date(next.getFullYear(), next.getMonth() + 1, 0).getDate();
  next.setDate(Math.min(anchorDay, lastDay));
  return format(next, 'yyyy-MM-dd');
}

/**
 * A subscription from one run of charges (any order), or null when they do not recur. `asOf` is
 * the latest date the card's statements cover: later missing charges mean it stopped. `forced` is
 * the user's cadence (added by hand or confirmed): then the charges need not look regular, and
 * one charge is enough.
 */
export function detectSubscription(input: readonly Charge[], asOf: string, forced?: Cadence): Detected | null {
  const charges = [...input].sort(byDate);
  if (charges.length === 0 || (!forced && charges.length < 2)) return null;
  const intervals: number[] = [];
  for (let i = 1; i < charges.length; i++) intervals.push(days(charges[i - 1]!.date, charges[i]!.date));
  const floating = isFloating(charges);
  const levels = priceLevels(charges, floating);
  const cadence = forced ?? cadenceOf(median(intervals));
  if (!cadence) return null;
  const w = WINDOWS[cadence];
  if (!forced) {
    // Yearly needs two charges; the rest three, so two coffees a month apart are not a subscription.
    if (charges.length < (cadence === 'yearly' ? 2 : 3)) return null;
    // Regular: most gaps fit the cadence (a skipped or doubled month is tolerated, a shop visited
    // at random is not). Weekly charges come on the same weekday: visits 5–9 days apart at random
    // are not a weekly subscription.
    const fits = cadence === 'weekly' ? (d: number) => d >= 6 && d <= 8 : (d: number) => d >= w.min && d <= w.max;
    if (intervals.filter(fits).length / intervals.length < 0.75) return null;
    if (cadence === 'weekly' && intervals.filter((d) => d === 7).length / intervals.length < 0.5) return null;
    // Two or three charges: one price (two purchases a year apart are not a yearly plan that
    // changed its price).
    if (charges.length <= 3) {
      const keys = new Set(charges.map(priceKey));
      const amounts = charges.map((c) => c.amount);
      if (keys.size > 1 && !(charges.every(billedOnly) && near(Math.min(...amounts), Math.max(...amounts), FEW_TOLERANCE))) return null;
    }
    // Stable price: it changes rarely, and each price between the first and the current one held
    // for at least two charges (a different amount every time is shopping).
    if (levels.length > Math.max(2, Math.ceil(charges.length / 2))) return null;
    if (levels.slice(1, -1).some((l) => l.count < 2)) return null;
  }
  const last = charges.at(-1)!;
  const history = levels.map((r) => ({ date: r.date, amount: r.billed, currency: last.currency }));
  // The usual day of the month; charges always on a month's last day stay on the last day.
  const recent = charges.slice(-3);
  const monthEnd = recent.every((c) => isLastDayOfMonth(parseISO(c.date)));
  const anchorDay = monthEnd ? 31 : Math.round(median(recent.map((c) => Number(c.date.slice(8, 10)))));
  const next = nextDate(last.date, cadence, anchorDay);
  // Stopped: the card's statements run past the next expected date plus some slack.
  const grace = Math.max(7, Math.round(w.days * 0.25));
  const stopped = days(next, asOf) > grace;
  const monthlyCost = Math.round((Math.abs(last.amount) * w.perYear) / 12);
  return {
    cadence,
    amount: last.amount,
    currency: last.currency,
    originalAmount: last.originalAmount,
    originalCurrency: last.originalCurrency,
    firstDate: charges[0]!.date,
    lastDate: last.date,
    nextDate: next,
    charges: charges.length,
    monthlyCost,
    annualCost: Math.abs(last.amount) * w.perYear,
    priceHistory: history,
    priceChanged: levels.length > 1 && levels.at(-1)!.index >= charges.length - 2,
    floating,
    stopped,
    cardId: last.cardId,
    categoryId: last.categoryId,
    description: last.description,
    chargeIds: charges.map((c) => c.id),
  };
}

/** The same price: exactly (by the compared amount), or within the tolerance for floating runs. */
function samePrice(run: readonly Charge[], c: Charge): boolean {
  const last = run.at(-1)!;
  if (priceKey(last) === priceKey(c)) return true;
  return billedOnly(last) && billedOnly(c) && (run.length === 1 || isFloating(run)) && near(last.amount, c.amount, FLOAT_TOLERANCE);
}

/** Compared amounts of two charges as numbers on one scale (own currency when both have it). */
function ratio(a: Charge, b: Charge): number {
  const same = !billedOnly(a) && !billedOnly(b) && a.originalCurrency === b.originalCurrency;
  const x = same ? a.originalAmount! : a.amount;
  const y = same ? b.originalAmount! : b.amount;
  return x === 0 ? Infinity : y / x;
}

/**
 * Split one merchant's charges into runs, one per service. In date order, a charge joins the run
 * whose current price it has; failing that, a run it continues at a new price — at the run's
 * cadence, within half to double the amount, and only when the old price does not go on (a new
 * amount replacing the old one is a price change; two amounts interleaving are two services);
 * otherwise it starts a run of its own (a one-off purchase stays alone).
 */
export function splitRuns(input: readonly Charge[]): Charge[][] {
  const charges = [...input].sort(byDate);
  const runs: Charge[][] = [];
  // Does the run's current price recur after charge i, where the run's cadence expects it next?
  const continues = (run: readonly Charge[], i: number, cadence: Cadence) => {
    const last = run.at(-1)!;
    const w = WINDOWS[cadence];
    for (let j = i + 1; j < charges.length; j++) {
      const gap = days(last.date, charges[j]!.date);
      if (gap > 2 * w.max) break;
      if (gap >= w.min && samePrice(run, charges[j]!)) return true;
    }
    return false;
  };
  charges.forEach((c, i) => {
    // The run at exactly this price (the latest, when several); else one it floats with.
    const latest = (candidates: Charge[][]) => candidates.reduce<Charge[] | undefined>((b, r) => (!b || b.at(-1)!.date <= r.at(-1)!.date ? r : b), undefined);
    const key = priceKey(c);
    // Floating (within the tolerance, not exact) only at a gap the run's cadence allows: a purchase
    // at a similar amount days after a charge is not the next charge.
    const gapFits = (run: readonly Charge[]) => {
      const gap = days(run.at(-1)!.date, c.date);
      const cadence = runCadence(run);
      return cadence ? gap >= WINDOWS[cadence].min && gap <= WINDOWS[cadence].max : cadenceOf(gap) !== undefined;
    };
    const floats = runs.filter((r) => priceKey(r.at(-1)!) !== key && samePrice(r, c) && gapFits(r));
    let best = latest(runs.filter((r) => priceKey(r.at(-1)!) === key)) ?? latest(floats.filter((r) => r.length > 1)) ?? latest(floats);
    if (!best) {
      for (const run of runs) {
        if (run.length < 2) continue;
        const cadence = runCadence(run);
        if (!cadence) continue;
        const gap = days(run.at(-1)!.date, c.date);
        const r = ratio(run.at(-1)!, c);
        if (gap < WINDOWS[cadence].min || gap > WINDOWS[cadence].max || !(r >= 0.5 && r <= 2)) continue;
        if (continues(run, i, cadence)) continue;
        if (!best || best.at(-1)!.date <= run.at(-1)!.date) best = run;
      }
    }
    if (best) best.push(c);
    else runs.push([c]);
  });
  return runs;
}

/** Every subscription among one merchant's charges (each run detected on its own). */
export function findSubscriptions(charges: readonly Charge[], asOf: string): Detected[] {
  return splitRuns(charges)
    .map((run) => detectSubscription(run, asOf))
    .filter((d): d is Detected => d !== null);
}

/**
 * Cheap first pass over per-merchant aggregates: could these charges recur? At most about one a
 * week over their span (daily shopping is not a subscription), and at least two.
 */
export function couldRecur(count: number, firstDate: string, lastDate: string): boolean {
  if (count < 2) return false;
  const span = days(firstDate, lastDate);
  return span >= 5 && count <= span / 6 + 1.5;
}
