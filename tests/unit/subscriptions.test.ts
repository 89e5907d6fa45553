import { describe, expect, it } from 'vitest';
import { couldRecur, detectSubscription, nextDate, type Charge } from '../../src/core/subscriptions';

let id = 1;
function charges(dates: string[], amount: number | number[] = 1490, extra: Partial<Charge> = {}): Charge[] {
  return dates.map((date, i) => ({
    id: id++,
    date,
    amount: Array.isArray(amount) ? amount[i]! : amount,
    currency: 'JPY',
    originalAmount: null,
    originalCurrency: null,
    cardId: 1,
    categoryId: null,
    description: 'NETFLIX.COM',
    ...extra,
  }));
}
const monthly = (day: number, from = '2025-01', n = 6) =>
  Array.from({ length: n }, (_, i) => {
    const [y, m] = from.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  });

describe('detecting a subscription', () => {
  it('finds a monthly charge with day-of-month drift and month ends, with its costs and next date', () => {
    const s = detectSubscription(charges(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30']), '2025-06-30')!;
    expect(s).toMatchObject({ cadence: 'monthly', amount: 1490, monthlyCost: 1490, annualCost: 17880, firstDate: '2025-01-31', lastDate: '2025-06-30', nextDate: '2025-07-31', charges: 6, stopped: false, priceChanged: false });
    const drift = detectSubscription(charges(['2025-01-03', '2025-02-05', '2025-03-02', '2025-04-04', '2025-05-03']), '2025-05-10')!;
    expect(drift.cadence).toBe('monthly');
  });

  it('finds weekly, quarterly and yearly cadences', () => {
    expect(detectSubscription(charges(['2025-05-01', '2025-05-08', '2025-05-15', '2025-05-22', '2025-05-29'], 500), '2025-06-01')).toMatchObject({ cadence: 'weekly', monthlyCost: Math.round((500 * 52) / 12), annualCost: 26000, nextDate: '2025-06-05' });
    expect(detectSubscription(charges(['2024-01-10', '2024-04-10', '2024-07-10', '2024-10-10']), '2024-10-31')).toMatchObject({ cadence: 'quarterly', nextDate: '2025-01-10' });
    expect(detectSubscription(charges(['2023-03-15', '2024-03-15'], 5900), '2024-04-01')).toMatchObject({ cadence: 'yearly', annualCost: 5900, nextDate: '2025-03-15' });
  });

  it('follows a price change and flags it while it is recent', () => {
    const s = detectSubscription(charges(monthly(10), [990, 990, 990, 990, 1490, 1490]), '2025-06-20')!;
    expect(s.priceHistory).toEqual([
      { date: '2025-01-10', amount: 990, currency: 'JPY' },
      { date: '2025-05-10', amount: 1490, currency: 'JPY' },
    ]);
    expect(s).toMatchObject({ amount: 1490, priceChanged: true });
    expect(detectSubscription(charges(monthly(10, '2025-01', 9), [990, 990, 990, 990, 1490, 1490, 1490, 1490, 1490]), '2025-09-20')!.priceChanged).toBe(false);
  });

  it('compares a foreign subscription by its own currency, not the billed amount that moves with the rate', () => {
    const s = detectSubscription(charges(monthly(5), [1523, 1498, 1540, 1511, 1560, 1533], { originalAmount: 999, originalCurrency: 'USD' }), '2025-06-20')!;
    expect(s).toMatchObject({ cadence: 'monthly', originalAmount: 999, amount: 1533, priceChanged: false });
    expect(s.priceHistory).toHaveLength(1);
  });

  it('is stopped when the card’s later statements lack the expected charges', () => {
    expect(detectSubscription(charges(monthly(10)), '2025-07-15')!.stopped).toBe(false);
    expect(detectSubscription(charges(monthly(10)), '2025-08-25')!.stopped).toBe(true);
  });

  it('is not fooled by frequent irregular purchases at one shop, or by two visits', () => {
    const konbini = ['2025-01-02', '2025-01-03', '2025-01-07', '2025-01-08', '2025-01-15', '2025-01-16', '2025-01-22', '2025-02-01', '2025-02-03', '2025-02-20'];
    expect(detectSubscription(charges(konbini, [398, 512, 230, 980, 150, 398, 640, 120, 310, 98]), '2025-03-01')).toBeNull();
    expect(couldRecur(konbini.length, '2025-01-02', '2025-02-20')).toBe(false);
    // Monthly-ish dates but a different amount every time: shopping, not a subscription.
    expect(detectSubscription(charges(monthly(12), [3400, 1200, 8800, 560, 2300, 4100]), '2025-07-01')).toBeNull();
    expect(detectSubscription(charges(['2025-01-10', '2025-02-10']), '2025-03-01')).toBeNull();
    // Irregular gaps: 10, 45, 90 days.
    expect(detectSubscription(charges(['2025-01-01', '2025-01-11', '2025-02-25', '2025-05-26']), '2025-06-01')).toBeNull();
  });

  it('takes a cadence the user chose for a subscription added by hand', () => {
    expect(detectSubscription(charges(['2025-01-10', '2025-02-10']), '2025-03-01', 'monthly')).toMatchObject({ cadence: 'monthly', nextDate: '2025-03-10' });
  });

  it('keeps the usual day of the month for the next date', () => {
    expect(nextDate('2025-02-28', 'monthly', 31)).toBe('2025-03-31');
    expect(nextDate('2024-02-29', 'yearly', 29)).toBe('2025-02-28');
    expect(nextDate('2025-11-30', 'quarterly', 30)).toBe('2026-02-28');
  });
});
