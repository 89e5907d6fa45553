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

/** Compared amounts of two charges as numbers on one scale (own currency when both have it). */
function ratio(a: Charge, b: Charge): number {
  const same = !billedOnly(a) && !billedOnly(b) && a.originalCurrency === b.originalCurrency;
  const x = same ? a.originalAmount! : a.amount;
  const y = same ? b.originalAmount! : b.amount;
  return x === 0 ? Infinity : y / x;
}

/** Days since the epoch of an ISO date (calendar arithmetic without Date objects per comparison). */
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** A run being built: its charges (indices), and what is asked of it often, kept up to date. */
interface Building {
  idx: number[];
  /** Consecutive charges at exactly the same billed amount; every charge billed-only. */
  same: number;
  billedOnly: boolean;
  /** The cadence its gaps suggest; undefined: none (yet); recomputed as it grows. */
  cadence: Cadence | undefined;
  /** Its gaps in days, sorted (for the median). */
  gaps: number[];
}

/**
 * Split one merchant's charges into runs, one per service. In date order, a charge joins the run
 * whose current price it has; failing that, a floating run (billed-only, within the tolerance) at
 * the run's cadence; failing that, a run it continues at a new price — at the run's cadence, within
 * half to double the amount, and only when the old price does not go on (a new amount replacing
 * the old one is a price change; two amounts interleaving are two services); otherwise it starts a
 * run of its own (a one-off purchase stays alone). Near-linear: a shop's thousands of charges split
 * in milliseconds.
 */
export function splitRuns(input: readonly Charge[]): Charge[][] {
  const charges = [...input].sort(byDate);
  const day = charges.map((c) => dayNumber(c.date));
  const keys = charges.map(priceKey);
  // Where each price occurs (indices in date order), for looking ahead.
  const at = new Map<string, number[]>();
  keys.forEach((k, i) => (at.get(k) ?? at.set(k, []).get(k)!).push(i));
  const runs: Building[] = [];
  // Runs by their current price.
  const byPrice = new Map<string, Building[]>();
  const lastOf = (r: Building) => r.idx[r.idx.length - 1]!;
  const floating = (r: Building) => r.billedOnly && (r.idx.length === 1 || (r.idx.length >= 2 && r.same / (r.idx.length - 1) < 0.5));
  const fitsRun = (r: Building, gap: number) => (r.cadence ? gap >= WINDOWS[r.cadence].min && gap <= WINDOWS[r.cadence].max : r.idx.length === 1 && cadenceOf(gap) !== undefined);
  // Does the run's current price recur after charge i, where the run's cadence expects it next?
  const continues = (r: Building, i: number) => {
    const w = WINDOWS[r.cadence!];
    const last = lastOf(r);
    const hit = (j: number) => {
      const gap = day[j]! - day[last]!;
      return gap >= w.min && gap <= 2 * w.max;
    };
    if (!floating(r)) {
      const list = at.get(keys[last]!)!;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! <= i) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length && day[list[k]!]! - day[last]! <= 2 * w.max; k++) if (hit(list[k]!)) return true;
      return false;
    }
    for (let j = i + 1; j < charges.length && day[j]! - day[last]! <= 2 * w.max; j++) {
      if (hit(j) && billedOnly(charges[j]!) && near(charges[last]!.amount, charges[j]!.amount, FLOAT_TOLERANCE)) return true;
    }
    return false;
  };
  const later = (a: Building | undefined, b: Building) => (!a || lastOf(a) <= lastOf(b) ? b : a);
  charges.forEach((c, i) => {
    const key = keys[i]!;
    // The run at exactly this price (the latest, when several).
    let best = (byPrice.get(key) ?? []).reduce<Building | undefined>(later, undefined);
    // Else one it floats with, at a gap the run's cadence allows (a purchase at a similar amount
    // days after a charge is not the next charge), an established run first.
    if (!best && billedOnly(c)) {
      let established: Building | undefined;
      let single: Building | undefined;
      for (const r of runs) {
        const last = lastOf(r);
        if (!floating(r) || !billedOnly(charges[last]!) || !near(charges[last]!.amount, c.amount, FLOAT_TOLERANCE) || !fitsRun(r, day[i]! - day[last]!)) continue;
        if (r.idx.length > 1) established = later(established, r);
        else single = later(single, r);
      }
      best = established ?? single;
    }
    if (!best) {
      for (const r of runs) {
        if (r.idx.length < 2 || !r.cadence) continue;
        const last = lastOf(r);
        const gap = day[i]! - day[last]!;
        const q = ratio(charges[last]!, c);
        if (gap < WINDOWS[r.cadence].min || gap > WINDOWS[r.cadence].max || !(q >= 0.5 && q <= 2)) continue;
        if (continues(r, i)) continue;
        best = later(best, r);
      }
    }
    if (!best) {
      const r: Building = { idx: [i], same: 0, billedOnly: billedOnly(c), cadence: undefined, gaps: [] };
      runs.push(r);
      (byPrice.get(key) ?? byPrice.set(key, []).get(key)!).push(r);
      return;
    }
    const last = lastOf(best);
    const oldKey = keys[last]!;
    if (oldKey !== key) {
      const list = byPrice.get(oldKey)!;
      list.splice(list.indexOf(best), 1);
      (byPrice.get(key) ?? byPrice.set(key, []).get(key)!).push(best);
    }
    if (charges[last]!.amount === c.amount) best.same++;
    best.billedOnly &&= billedOnly(c);
    const gap = day[i]! - day[last]!;
    const g = best.gaps;
    let lo = 0;
    let hi = g.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g[mid]! <= gap) lo = mid + 1;
      else hi = mid;
    }
    g.splice(lo, 0, gap);
    best.idx.push(i);
    const m = g.length >> 1;
    best.cadence = cadenceOf(g.length % 2 ? g[m]! : (g[m - 1]! + g[m]!) / 2);
  });
  return runs.map((r) => r.idx.map((i) => charges[i]!));
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
