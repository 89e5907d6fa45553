import { describe, expect, it } from 'vitest';
import { localISODate } from '../../src/core/dates';
import { couldRecur, detectSubscription, findSubscriptions, nextDate, type Charge } from '../../src/core/subscriptions';

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
/** Dates from a first date and the gaps in days between charges. */
const gaps = (first: string, steps: number[]) => {
  const out = [first];
  for (const g of steps) {
    const d = new Date(`${out.at(-1)!}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + g);
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
};
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

  it('tracks a subscription added by hand from its only charge: the next date comes from the cadence', () => {
    expect(detectSubscription(charges(['2025-06-10']), '2025-06-20', 'monthly')).toMatchObject({ cadence: 'monthly', charges: 1, firstDate: '2025-06-10', lastDate: '2025-06-10', nextDate: '2025-07-10', stopped: false, monthlyCost: 1490, annualCost: 17880 });
    expect(detectSubscription(charges(['2025-03-31'], 5900), '2025-04-30', 'yearly')).toMatchObject({ nextDate: '2026-03-31', annualCost: 5900, priceHistory: [{ date: '2025-03-31', amount: 5900, currency: 'JPY' }] });
    // Still stopped when the card's statements go on without it.
    expect(detectSubscription(charges(['2025-06-10']), '2025-08-30', 'monthly')!.stopped).toBe(true);
    // Without the user's cadence one charge is nothing.
    expect(detectSubscription(charges(['2025-06-10']), '2025-06-20')).toBeNull();
  });

  it('does not take two purchases a year apart at different prices for a yearly plan', () => {
    expect(detectSubscription(charges(['2024-03-10', '2025-03-08'], [5000, 12800]), '2025-04-01')).toBeNull();
    expect(findSubscriptions(charges(['2024-03-10', '2025-03-08'], [5000, 12800]), '2025-04-01')).toEqual([]);
    // Three charges need one price too; with four or more a change is followed.
    expect(detectSubscription(charges(monthly(10, '2025-01', 3), [980, 980, 1200]), '2025-03-20')).toBeNull();
    // The same price a year apart still is one.
    expect(detectSubscription(charges(['2024-03-10', '2025-03-08'], 12800), '2025-04-01')).toMatchObject({ cadence: 'yearly' });
  });

  it('does not take same-price visits 5–9 days apart for a weekly subscription; a real one keeps its weekday', () => {
    const visits = gaps('2025-04-01', [5, 9, 6, 8, 9, 5, 7, 8]);
    expect(detectSubscription(charges(visits, 650), '2025-06-01')).toBeNull();
    expect(findSubscriptions(charges(visits, 650), '2025-06-01')).toEqual([]);
    // Every gap 6–8 days but hardly ever a week to the day: still visits.
    expect(detectSubscription(charges(gaps('2025-04-01', [6, 8, 6, 8, 6, 8, 7]), 650), '2025-06-01')).toBeNull();
    // A weekly plan whose charge once posts a day late.
    expect(detectSubscription(charges(gaps('2025-04-01', [7, 7, 8, 6, 7, 7]), 650), '2025-05-20')).toMatchObject({ cadence: 'weekly' });
  });

  it('finds two services at one merchant key by their prices', () => {
    const icloud = charges(monthly(3), 400, { description: 'APPLE.COM/BILL' });
    const music = charges(monthly(20), 1080, { description: 'APPLE.COM/BILL' });
    const found = findSubscriptions([...icloud, ...music], '2025-06-25');
    expect(found.map((s) => [s.cadence, s.amount, s.charges])).toEqual([
      ['monthly', 400, 6],
      ['monthly', 1080, 6],
    ]);
  });

  it('finds a subscription among occasional shopping at the same merchant', () => {
    const prime = charges(monthly(5, '2025-01', 8), 600, { description: 'AMAZON' });
    const shopping = charges(['2025-01-19', '2025-02-27', '2025-04-02', '2025-05-14', '2025-07-08'], [3480, 1200, 5600, 640, 2980], { description: 'AMAZON' });
    const found = findSubscriptions([...shopping, ...prime], '2025-08-10');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ cadence: 'monthly', amount: 600, charges: 8, priceChanged: false, stopped: false });
    // A one-off at the same shop between two price changes leaves the chain whole.
    const chain = charges(monthly(25, '2025-01', 6), [980, 980, 1080, 1080, 1280, 1280]);
    const oneOff = charges(['2025-03-10'], 5000);
    expect(findSubscriptions([...chain, ...oneOff], '2025-06-30').map((s) => s.chargeIds)).toEqual([chain.map((c) => c.id)]);
  });

  it('keeps a price that rose twice (980 → 1,080 → 1,280) as one subscription with its price changes', () => {
    const found = findSubscriptions(charges(monthly(25), [980, 980, 1080, 1080, 1280, 1280]), '2025-06-30');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ cadence: 'monthly', amount: 1280, charges: 6, priceChanged: true });
    expect(found[0]!.priceHistory.map((p) => [p.date, p.amount])).toEqual([
      ['2025-01-25', 980],
      ['2025-03-25', 1080],
      ['2025-05-25', 1280],
    ]);
    // Two amounts that go on side by side are two services, not a price change.
    const a = charges(monthly(1), 980);
    const b = charges(monthly(15, '2025-03', 4), 1280);
    expect(findSubscriptions([...a, ...b], '2025-06-20').map((s) => [s.amount, s.charges, s.priceHistory.length])).toEqual([
      [980, 6, 1],
      [1280, 4, 1],
    ]);
  });

  it('takes billed-only foreign amounts within about ±10 % as one price', () => {
    const s = detectSubscription(charges(monthly(5), [1523, 1498, 1610, 1540, 1455, 1580], { description: 'OPENAI *CHATGPT' }), '2025-06-20')!;
    expect(s).toMatchObject({ cadence: 'monthly', amount: 1580, floating: true, priceChanged: false });
    expect(s.priceHistory).toHaveLength(1);
    expect(findSubscriptions(charges(monthly(5), [1523, 1498, 1610, 1540, 1455, 1580]), '2025-06-20')).toHaveLength(1);
    // A purchase at a similar amount days after a charge is not the next charge.
    const withPurchase = findSubscriptions([...charges(monthly(5), [1523, 1498, 1610, 1540, 1455, 1580]), ...charges(['2025-03-08'], 1560)], '2025-06-20');
    expect(withPurchase.map((x) => [x.charges, x.floating])).toEqual([[6, true]]);
    // A real price rise still shows through the rate's wobble.
    const rise = detectSubscription(charges(monthly(5), [1523, 1498, 1540, 2010, 1985, 2040]), '2025-06-20')!;
    expect(rise.priceHistory.map((p) => p.amount)).toEqual([1523, 2010]);
    // A fixed domestic price that rises 8 % is a price change, not a wobble.
    expect(detectSubscription(charges(monthly(5), [980, 980, 980, 980, 1060, 1060]), '2025-06-20')).toMatchObject({ floating: false, priceChanged: true });
  });

  it('keeps the usual day of the month for the next date', () => {
    expect(nextDate('2025-02-28', 'monthly', 31)).toBe('2025-03-31');
    expect(nextDate('2024-02-29', 'yearly', 29)).toBe('2025-02-28');
    expect(nextDate('2025-11-30', 'quarterly', 30)).toBe('2026-02-28');
  });
});

describe('the review date', () => {
  it('is the local calendar date: a review saved in Japan at 01:30 is that day, not UTC’s yesterday', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(localISODate(new Date('2025-03-31T16:30:00Z'))).toBe('2025-04-01');
      expect(localISODate(new Date('2025-03-31T14:59:00Z'))).toBe('2025-03-31');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
