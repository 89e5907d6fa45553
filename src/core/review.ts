/**
 * Month arithmetic of the monthly review: months apart, a card's billing month (請求月) from its
 * closing day (締め日) and payment month (支払月), payment dates, and the transaction filter behind
 * every figure of the review (so a click lists exactly the rows a total adds up).
 * The database computes the billing month in SQL (services/billing.ts); `billingMonthOf` is the
 * same rule in TypeScript, and a test holds the two together.
 */
import type { TransactionFilter } from '../shared/api/contract';

/** `YYYY-MM` plus n months (n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  return `${String(year).padStart(4, '0')}-${String(total - year * 12 + 1).padStart(2, '0')}`;
}

/** Number of days in a `YYYY-MM` month. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The closing day that means 末日 (the end of every month). */
export const END_OF_MONTH = 31;

export interface BillingCycle {
  /** 締め日, 1–31; 31 (or any day past the month's end) closes on the last day. Null: not set. */
  closingDay: number | null;
  /** Months from the closing month to the payment month: 0 当月, 1 翌月, 2 翌々月, 3. */
  paymentMonthOffset: number;
}

/**
 * The billing month of a usage date: the statement's own payment month when the file said so;
 * else usage up to the closing day is closed that month and usage after it the next month, and
 * paid `paymentMonthOffset` months after closing; a card without a closing day bills by usage month.
 */
export function billingMonthOf(date: string, card: BillingCycle, statementMonth: string | null = null): string {
  if (statementMonth) return statementMonth;
  const usage = date.slice(0, 7);
  if (card.closingDay === null) return usage;
  const day = Number(date.slice(8, 10));
  return shiftMonth(usage, (day > card.closingDay ? 1 : 0) + card.paymentMonthOffset);
}

/** The payment date of a billing month: the card's payment day, or the month's last day when shorter (31 → 末日). */
export function paymentDateOf(billingMonth: string, paymentDay: number): string {
  return `${billingMonth}-${String(Math.min(paymentDay, daysInMonth(billingMonth))).padStart(2, '0')}`;
}

/** The first payment on or after `today` (`YYYY-MM-DD`) for a card paying on `paymentDay`. */
export function nextPayment(today: string, paymentDay: number): { billingMonth: string; paymentDate: string } {
  const month = today.slice(0, 7);
  const date = paymentDateOf(month, paymentDay);
  if (date >= today) return { billingMonth: month, paymentDate: date };
  const next = shiftMonth(month, 1);
  return { billingMonth: next, paymentDate: paymentDateOf(next, paymentDay) };
}

/** A date as `YYYY-MM-DD` in the local time zone (not UTC: 1 July 08:00 in Tokyo is still 1 July). */
export function localDate(d: Date = new Date()): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What the review counts as spending: every kind but card payments. */
export const SPENDING_KINDS = ['purchase', 'refund', 'fee', 'other'] as const satisfies TransactionFilter['kinds'];

/**
 * The rows behind a figure of the review: the month by the view's basis, spending only, in the
 * review's currency, narrowed by `extra` (a category, card, cardholder, merchant…).
 */
export function reviewFilter(scope: { month: string; basis: 'usage' | 'billing'; currency: string }, extra: TransactionFilter = {}): TransactionFilter {
  return { ...(scope.basis === 'billing' ? { billingMonth: scope.month } : { month: scope.month }), kinds: [...SPENDING_KINDS], currency: scope.currency, ...extra };
}
