import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { inferDayMonthOrder, monthOf, monthRange, parseDate } from '../../src/core/dates';

describe('parseDate — year-first forms', () => {
  it.each([
    ['2025/06/03', '2025-06-03'],
    ['2025/6/3', '2025-06-03'],
    ['2025-06-03', '2025-06-03'],
    ['2025.6.3', '2025-06-03'],
    ['2025年6月3日', '2025-06-03'],
    ['2025年06月03日', '2025-06-03'],
    ['2025年 6月 3日', '2025-06-03'],
    ['2025 年 6 月 3 日', '2025-06-03'],
    ['2025/06/03 10:15', '2025-06-03'],
    ['2025-06-03T10:15:30', '2025-06-03'],
    ['20250603', '2025-06-03'],
    ['250603', '2025-06-03'], // AEON's YYMMDD
    ['991231', '2099-12-31'],
  ])('%j → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it('is not affected by the day/month order for year-first dates', () => {
    expect(parseDate('2025/06/03', 'mdy')).toBe('2025-06-03');
    expect(parseDate('2025/06/03', 'dmy')).toBe('2025-06-03');
    expect(parseDate('250603', 'dmy')).toBe('2025-06-03');
  });

  it('tolerates leading/trailing space and the spreadsheet apostrophe', () => {
    expect(parseDate(' 2025/06/03')).toBe('2025-06-03');
    expect(parseDate('2025/06/03  ')).toBe('2025-06-03');
    expect(parseDate("'2025/06/03")).toBe('2025-06-03');
    expect(parseDate("'20250603")).toBe('2025-06-03');
  });

  it('reads full-width digits and separators', () => {
    expect(parseDate('２０２５/０６/０３')).toBe('2025-06-03');
    expect(parseDate('２０２５／６／３')).toBe('2025-06-03');
    expect(parseDate('２０２５年６月３日')).toBe('2025-06-03');
    expect(parseDate('２５０６０３')).toBe('2025-06-03');
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseDate('2024/02/29')).toBe('2024-02-29');
    expect(parseDate('2025/02/29')).toBeNull();
    expect(parseDate('2000/02/29')).toBe('2000-02-29');
    expect(parseDate('2100/02/29')).toBeNull();
  });

  it.each(['2025/02/30', '2025/04/31', '2025/13/01', '2025/00/10', '2025/06/00', '2025/06/32', '250230', '20251301', '1899/12/31', '2201/01/01'])(
    'rejects the impossible date %j',
    (raw) => {
      expect(parseDate(raw)).toBeNull();
    },
  );

  it.each(['', '   ', "'", 'yesterday', '2025/06', '06/03', '2025/06/03/01', '2025063', '12345', '2025-06-03x', '1234567890'])('rejects %j', (raw) => {
    expect(parseDate(raw)).toBeNull();
  });
});

describe('parseDate — day and month first', () => {
  it('reads MM/DD/YYYY with mdy and DD/MM/YYYY with dmy', () => {
    expect(parseDate('01/13/2025', 'mdy')).toBe('2025-01-13');
    expect(parseDate('13/01/2025', 'dmy')).toBe('2025-01-13');
    expect(parseDate('01/02/2025', 'mdy')).toBe('2025-01-02');
    expect(parseDate('01/02/2025', 'dmy')).toBe('2025-02-01');
    expect(parseDate('1/2/2025', 'mdy')).toBe('2025-01-02');
    expect(parseDate('01-02-2025', 'dmy')).toBe('2025-02-01');
    expect(parseDate('01.02.2025 08:30', 'dmy')).toBe('2025-02-01');
  });

  it('treats the default order (ymd) like mdy for NN/NN/YYYY', () => {
    expect(parseDate('01/13/2025')).toBe('2025-01-13');
  });

  it('rejects a day/month that is impossible in the chosen order', () => {
    expect(parseDate('13/01/2025', 'mdy')).toBeNull();
    expect(parseDate('01/13/2025', 'dmy')).toBeNull();
    expect(parseDate('13/13/2025', 'mdy')).toBeNull();
    expect(parseDate('13/13/2025', 'dmy')).toBeNull();
    expect(parseDate('02/30/2025', 'mdy')).toBeNull();
    expect(parseDate('30/02/2025', 'dmy')).toBeNull();
  });

  it('returns only well-formed ISO dates or null for arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('ymd', 'mdy', 'dmy') as fc.Arbitrary<'ymd' | 'mdy' | 'dmy'>, (s, order) => {
        const r = parseDate(s, order);
        if (r !== null) {
          expect(r).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${r}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every valid date printed as YYYY/M/D, YYYYMMDD and DD/MM/YYYY', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-') as [string, string, string];
        expect(parseDate(`${y}/${+m}/${+day}`)).toBe(iso);
        expect(parseDate(`${y}${m}${day}`)).toBe(iso);
        expect(parseDate(`${day}/${m}/${y}`, 'dmy')).toBe(iso);
        expect(parseDate(`${m}/${day}/${y}`, 'mdy')).toBe(iso);
      }),
    );
  });
});

describe('inferDayMonthOrder', () => {
  it('answers mdy when a second part exceeds 12', () => {
    expect(inferDayMonthOrder(['01/02/2025', '01/13/2025'])).toBe('mdy');
  });

  it('answers dmy when a first part exceeds 12', () => {
    expect(inferDayMonthOrder(['01/02/2025', '13/01/2025'])).toBe('dmy');
    expect(inferDayMonthOrder(['３１/０１/２０２５'])).toBe('dmy');
  });

  it('answers null when the column never tells', () => {
    expect(inferDayMonthOrder([])).toBeNull();
    expect(inferDayMonthOrder(['01/02/2025', '03/04/2025'])).toBeNull();
    expect(inferDayMonthOrder(['2025/06/13', '2025/06/30'])).toBeNull();
    expect(inferDayMonthOrder(['', 'n/a'])).toBeNull();
  });

  it('answers null when the column contradicts itself', () => {
    expect(inferDayMonthOrder(['13/01/2025', '01/13/2025'])).toBeNull();
  });
});

describe('monthOf and monthRange', () => {
  it('takes the YYYY-MM of an ISO date', () => {
    expect(monthOf('2025-06-03')).toBe('2025-06');
  });

  it.each([
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2025-02', '2025-02-01', '2025-02-28'],
    ['2100-02', '2100-02-01', '2100-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['2025-12', '2025-12-01', '2025-12-31'],
    ['2025-01', '2025-01-01', '2025-01-31'],
    ['2025-04', '2025-04-01', '2025-04-30'],
  ])('%s runs from %s to %s', (month, from, to) => {
    expect(monthRange(month)).toEqual({ from, to });
  });

  it.each(['2025-6', '2025/06', '202506', '', '2025-06-01'])('throws for the malformed month %j', (month) => {
    expect(() => monthRange(month)).toThrow(RangeError);
  });
});

describe('fixes found in review', () => {
  it('monthRange refuses months outside 01-12', () => {
    expect(() => monthRange('2025-13')).toThrow(RangeError);
    expect(() => monthRange('2025-00')).toThrow(RangeError);
  });
  it("parseDate accepts a space before Vpass's leading apostrophe", () => {
    expect(parseDate(" '2025/06/03")).toBe('2025-06-03');
  });
});
