/** Month arithmetic of the monthly review: months apart, billing months (締め日・支払月), payment dates. */
import { describe, expect, it } from 'vitest';
import { billingMonthOf, daysInMonth, END_OF_MONTH, localDate, nextPayment, paymentDateOf, reviewFilter, shiftMonth } from '../../src/core/review';

describe('shiftMonth', () => {
  it('moves across year ends both ways', () => {
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-06', -12)).toBe('2024-06');
    expect(shiftMonth('2025-06', -18)).toBe('2023-12');
    expect(shiftMonth('2025-11', 14)).toBe('2027-01');
    expect(shiftMonth('2025-03', 0)).toBe('2025-03');
    expect(shiftMonth('2000-01', -25)).toBe('1997-12');
  });

  it('knows the length of every month, leap Februaries included', () => {
    expect(['2025-01', '2025-02', '2024-02', '1900-02', '2000-02', '2025-04', '2025-12'].map(daysInMonth)).toEqual([31, 28, 29, 28, 29, 30, 31]);
  });
});

describe('billing month', () => {
  const card = (closingDay: number | null, paymentMonthOffset = 1) => ({ closingDay, paymentMonthOffset });

  it('15日締め翌月10日払い: usage up to the 15th is next month’s bill, after it the month after', () => {
    expect(billingMonthOf('2025-06-15', card(15))).toBe('2025-07');
    expect(billingMonthOf('2025-06-16', card(15))).toBe('2025-08');
    expect(billingMonthOf('2025-12-20', card(15))).toBe('2026-02');
  });

  it('末日締め (closing day 31): the whole month closes together, in 30-day months and February too', () => {
    for (const date of ['2025-01-31', '2025-02-28', '2024-02-29', '2025-04-30', '2025-04-01']) {
      expect(billingMonthOf(date, card(END_OF_MONTH))).toBe(shiftMonth(date.slice(0, 7), 1));
    }
    // 30日締め: the 31st is already the next cycle, February closes on its last day.
    expect(billingMonthOf('2025-05-31', card(30))).toBe('2025-07');
    expect(billingMonthOf('2025-02-28', card(30))).toBe('2025-03');
  });

  it('applies the payment month offset: 当月, 翌月, 翌々月, three months', () => {
    expect([0, 1, 2, 3].map((o) => billingMonthOf('2025-06-10', card(15, o)))).toEqual(['2025-06', '2025-07', '2025-08', '2025-09']);
    expect([0, 1, 2, 3].map((o) => billingMonthOf('2025-06-20', card(15, o)))).toEqual(['2025-07', '2025-08', '2025-09', '2025-10']);
    expect(billingMonthOf('2025-11-20', card(END_OF_MONTH, 2))).toBe('2026-01');
  });

  it('without a closing day bills by usage month; a statement’s own payment month wins over the cycle', () => {
    expect(billingMonthOf('2025-06-20', card(null, 2))).toBe('2025-06');
    expect(billingMonthOf('2025-02-20', card(15), '2025-07')).toBe('2025-07');
  });
});

describe('payment dates', () => {
  it('clamps the payment day to the month’s end (31 → 末日)', () => {
    expect(paymentDateOf('2025-07', 10)).toBe('2025-07-10');
    expect(paymentDateOf('2025-02', 31)).toBe('2025-02-28');
    expect(paymentDateOf('2024-02', 30)).toBe('2024-02-29');
    expect(paymentDateOf('2025-04', 31)).toBe('2025-04-30');
  });

  it('finds the next payment on or after today, whatever month is viewed', () => {
    expect(nextPayment('2025-07-10', 10)).toEqual({ billingMonth: '2025-07', paymentDate: '2025-07-10' });
    expect(nextPayment('2025-07-11', 10)).toEqual({ billingMonth: '2025-08', paymentDate: '2025-08-10' });
    expect(nextPayment('2025-12-28', 27)).toEqual({ billingMonth: '2026-01', paymentDate: '2026-01-27' });
    expect(nextPayment('2025-02-28', 31)).toEqual({ billingMonth: '2025-02', paymentDate: '2025-02-28' });
    expect(nextPayment('2025-01-31', 30)).toEqual({ billingMonth: '2025-02', paymentDate: '2025-02-28' });
  });
});

describe('local dates and review filters', () => {
  it('reads the local calendar day, not the UTC one', () => {
    const tz = process.env.TZ;
    try {
      // 00:30 in Tokyo on 1 July is still 30 June in UTC; the local day is what the user sees.
      process.env.TZ = 'Asia/Tokyo';
      expect(localDate(new Date(2025, 6, 1, 0, 30))).toBe('2025-07-01');
      process.env.TZ = 'America/Los_Angeles';
      expect(localDate(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('lists the spending of the month by its basis, in the review’s currency', () => {
    expect(reviewFilter({ month: '2025-07', basis: 'billing', currency: 'USD' }, { card: 3 })).toEqual({ billingMonth: '2025-07', kinds: ['purchase', 'refund', 'fee', 'other'], currency: 'USD', card: 3 });
    expect(reviewFilter({ month: '2025-07', basis: 'usage', currency: 'JPY' })).toEqual({ month: '2025-07', kinds: ['purchase', 'refund', 'fee', 'other'], currency: 'JPY' });
  });
});
