/**
 * Recurring-charge detection, pure: the charges of one merchant (normalised key) in one currency
 * → a subscription (cadence, current amount, next date, costs, price history, status) or nothing.
 * Tolerant of day-of-month drift and month ends, price changes and foreign subscriptions whose
 * billed amount moves with the rate (their original amount is compared instead); frequent
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
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
 * A subscription from one merchant's charges (any order), or null when they do not recur. `asOf`
 * is the latest date the card's statements cover: later missing charges mean it stopped.
 */
export function detectSubscription(input: readonly Charge[], asOf: string, forced?: Cadence): Detected | null {
  const charges = [...input].sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
  if (charges.length < 2) return null;
  const intervals: number[] = [];
  for (let i = 1; i < charges.length; i++) intervals.push(differenceInCalendarDays(parseISO(charges[i]!.date), parseISO(charges[i - 1]!.date)));
  const mid = median(intervals);
  const cadence = forced ?? (Object.keys(WINDOWS) as Cadence[]).find((c) => mid >= WINDOWS[c].min && mid <= WINDOWS[c].max);
  if (!cadence) return null;
  const w = WINDOWS[cadence];
  if (!forced) {
    // Yearly needs two charges; the rest three, so two coffees a month apart are not a subscription.
    if (charges.length < (cadence === 'yearly' ? 2 : 3)) return null;
    // Regular: most gaps fit the cadence (a skipped or doubled month is tolerated, a shop visited
    // at random is not).
    const fitting = intervals.filter((d) => d >= w.min && d <= w.max).length;
    if (fitting / intervals.length < 0.75) return null;
    // Stable price: the compared amount (original currency when foreign) changes rarely.
    const runs = priceRuns(charges).length;
    if (runs > Math.max(2, Math.ceil(charges.length / 3))) return null;
  }
  const last = charges.at(-1)!;
  const history = priceRuns(charges).map((r) => ({ date: r.date, amount: r.billed, currency: last.currency }));
  // The usual day of the month; charges always on a month's last day stay on the last day.
  const recent = charges.slice(-3);
  const monthEnd = recent.every((c) => isLastDayOfMonth(parseISO(c.date)));
  const anchorDay = monthEnd ? 31 : Math.round(median(recent.map((c) => Number(c.date.slice(8, 10)))));
  const next = nextDate(last.date, cadence, anchorDay);
  // Stopped: the card's statements run past the next expected date plus some slack.
  const grace = Math.max(7, Math.round(w.days * 0.25));
  const stopped = differenceInCalendarDays(parseISO(asOf), parseISO(next)) > grace;
  const runs = priceRuns(charges);
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
    priceChanged: runs.length > 1 && runs.at(-1)!.index >= charges.length - 2,
    stopped,
    cardId: last.cardId,
    categoryId: last.categoryId,
    description: last.description,
    chargeIds: charges.map((c) => c.id),
  };
}

/** Consecutive charges at one price. Foreign charges compare their own-currency amount. */
function priceRuns(charges: readonly Charge[]): { date: string; billed: number; index: number }[] {
  const runs: { date: string; billed: number; index: number; key: number }[] = [];
  charges.forEach((c, index) => {
    const key = c.originalAmount ?? c.amount;
    if (runs.length === 0 || runs.at(-1)!.key !== key) runs.push({ date: c.date, billed: c.amount, index, key });
  });
  return runs;
}

/**
 * Cheap first pass over per-merchant aggregates: could these charges recur? At most about one a
 * week over their span (daily shopping is not a subscription), and at least two.
 */
export function couldRecur(count: number, firstDate: string, lastDate: string): boolean {
  if (count < 2) return false;
  const span = differenceInCalendarDays(parseISO(lastDate), parseISO(firstDate));
  return span >= 5 && count <= span / 6 + 1.5;
}
