import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatMajor,
  formatMoney,
  isCurrencyCode,
  majorToMinor,
  minorToDecimalString,
  minorUnits,
  parseAmount,
  toMajor,
} from '../../src/core/money';
import { currencyCodes } from '../../src/core/currencies';

/** The minor value of a successful parse; fails the test with the reason otherwise. */
function minorOf(raw: string, currency = 'JPY'): number {
  const r = parseAmount(raw, currency);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse as ${currency}, got: ${r.reason}`);
  return r.minor;
}

describe('minorUnits', () => {
  it('knows the minor digits of JPY, USD and KWD', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
  });

  it('gives the same answer when asked twice (cache)', () => {
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('JPY')).toBe(0);
  });

  // ISO 4217's list, where Intl/CLDR (and so this runtime's ICU) disagrees or does not know the code.
  it.each([
    ['IQD', 3],
    ['HUF', 2],
    ['IDR', 2],
    ['COP', 2],
    ['PKR', 2],
    ['IRR', 2],
    ['LAK', 2],
    ['YER', 2],
    ['CLF', 4],
    ['UYW', 4],
    ['ISK', 0],
    ['KRW', 0],
    ['VND', 0],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
  ])('takes %s from the ISO 4217 table: %d digits', (code, digits) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(minorUnits(code)).toBe(digits);
  });

  it('does not ask the runtime: the answers stand with Intl gone', () => {
    const saved = globalThis.Intl;
    try {
      // @ts-expect-error -- simulating a runtime without ICU data
      globalThis.Intl = undefined;
      expect(minorUnits('IQD')).toBe(3);
      expect(isCurrencyCode('UYW')).toBe(true);
      expect(parseAmount('1.5', 'IQD')).toEqual({ ok: true, minor: 1500 });
    } finally {
      globalThis.Intl = saved;
    }
  });

  it('lists every active code once, common ones first, with a valid minor unit', () => {
    const codes = currencyCodes();
    expect(codes.slice(0, 3)).toEqual(['JPY', 'USD', 'EUR']);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(150);
    for (const c of codes) {
      expect(c).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(minorUnits(c));
    }
    // Historical codes and funds without a minor unit are not currencies a card bills in.
    for (const c of ['XAU', 'XDR', 'XXX', 'DEM', 'FRF', 'HRK']) expect(isCurrencyCode(c)).toBe(false);
  });

  it.each(['usd', 'US', 'JPYY', '', '123', 'J P', '円'])('throws a RangeError for the malformed code %j', (code) => {
    expect(() => minorUnits(code)).toThrow(RangeError);
    expect(isCurrencyCode(code)).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1,234', 1234],
    ['12,345,678', 12345678],
    ['0', 0],
    ['500', 500],
    ['+500', 500],
    ['  1,234  ', 1234],
  ])('parses plain amount %j', (raw, minor) => {
    expect(minorOf(raw)).toBe(minor);
  });

  it('accepts the yen sign as CP932 decoding yields it: a backslash', () => {
    expect(minorOf('\\2,974')).toBe(2974);
    expect(minorOf('-\\50,000')).toBe(-50000);
  });

  it.each([
    ['￥1,234', 1234],
    ['¥1,234', 1234],
    ['¥-500', -500],
    ['-¥500', -500],
    ['1234円', 1234],
    ['1,234円', 1234],
    ['JPY 1,000', 1000],
    ['1,000 JPY', 1000],
  ])('strips currency signs and words: %j', (raw, minor) => {
    expect(minorOf(raw)).toBe(minor);
  });

  it.each([
    ['-12,000', -12000],
    ['△500', -500],
    ['▲1,000', -1000],
    ['500-', -500],
    ['−500', -500], // U+2212 minus sign
    ['(1,000)', -1000],
    ['(¥1,000)', -1000],
  ])('reads negative notation %j', (raw, minor) => {
    expect(minorOf(raw)).toBe(minor);
  });

  it('reads full-width digits, comma and minus (NFKC)', () => {
    expect(minorOf('１，２３４')).toBe(1234);
    expect(minorOf('－１，０００')).toBe(-1000);
    expect(minorOf('１２３４円')).toBe(1234);
  });

  it('reads USD with cents, including accounting parentheses', () => {
    expect(minorOf('(12.50)', 'USD')).toBe(-1250);
    expect(minorOf('12.5', 'USD')).toBe(1250);
    expect(minorOf('$1,000.00', 'USD')).toBe(100000);
    expect(minorOf('12', 'USD')).toBe(1200);
    expect(minorOf('0.05', 'USD')).toBe(5);
    expect(minorOf('-0.05', 'USD')).toBe(-5);
  });

  it('reads KWD with three decimals', () => {
    expect(minorOf('1.234', 'KWD')).toBe(1234);
    expect(minorOf('1.2', 'KWD')).toBe(1200);
    const r = parseAmount('1.2345', 'KWD');
    expect(r.ok).toBe(false);
  });

  it('rejects more decimals than the currency has, but accepts trailing zeros', () => {
    const bad = parseAmount('10.5', 'JPY');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/decimals/);
    expect(minorOf('10.0', 'JPY')).toBe(10);
    expect(minorOf('10.000', 'JPY')).toBe(10);
    expect(parseAmount('12.505', 'USD').ok).toBe(false);
    expect(minorOf('12.500', 'USD')).toBe(1250);
  });

  it('never returns negative zero', () => {
    expect(Object.is(minorOf('-0'), 0)).toBe(true);
    expect(Object.is(minorOf('(0)'), 0)).toBe(true);
    expect(Object.is(minorOf('0-'), 0)).toBe(true);
  });

  it.each(['1,23', '1,2345', '12,34,567', '1 234', '1 234,50', '.5', '5.', '1.2.3', '1e5', 'Infinity', 'NaN', '0x10', 'abc', '¥', '-', '()', '12a', '--5'])(
    'rejects non-amount %j',
    (raw) => {
      const r = parseAmount(raw, 'JPY');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    },
  );

  it('rejects empty and blank input as "empty amount"', () => {
    for (const raw of ['', '   ', '\u3000']) {
      const r = parseAmount(raw, 'JPY');
      expect(r).toEqual({ ok: false, reason: 'empty amount' });
    }
  });

  it('rejects amounts beyond the safe integer range instead of losing precision', () => {
    expect(parseAmount('99999999999999999999', 'JPY').ok).toBe(false);
    expect(parseAmount('9007199254740993', 'JPY').ok).toBe(false);
    // 90,071,992,547,409.92 USD is 9007199254740992 cents: just past the safe range.
    expect(parseAmount('90071992547409.92', 'USD').ok).toBe(false);
    expect(minorOf('9007199254740991', 'JPY')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('never throws on arbitrary strings, and a success is always a safe integer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('JPY', 'USD', 'KWD'), (s, cur) => {
        const r = parseAmount(s, cur);
        if (r.ok) expect(Number.isSafeInteger(r.minor)).toBe(true);
        else expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings made of amount-like characters', () => {
    const chars = fc.constantFrom(...'0123456789,.-+()¥￥\\$円△▲ １２，．－'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (s) => {
        const r = parseAmount(s, 'USD');
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(Number.isSafeInteger(r.minor)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every safe integer through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('JPY', 'USD', 'KWD'), (minor, cur) => {
        expect(minorOf(minorToDecimalString(minor, cur), cur)).toBe(minor);
      }),
    );
  });
});

describe('majorToMinor', () => {
  it('converts printed major units and throws when precision does not fit', () => {
    expect(majorToMinor('10.5', 'USD')).toBe(1050);
    expect(majorToMinor(3, 'KWD')).toBe(3000);
    expect(() => majorToMinor('10.5', 'JPY')).toThrow(RangeError);
  });
});

describe('toMajor', () => {
  it('divides by the currency’s own power of ten', () => {
    expect(toMajor(1234, 'JPY')).toBe(1234);
    expect(toMajor(1234, 'USD')).toBe(12.34);
    expect(toMajor(-5, 'USD')).toBe(-0.05);
    expect(toMajor(1234, 'KWD')).toBe(1.234);
    expect(toMajor(10, 'USD')).toBe(0.1);
  });
});

describe('formatMoney', () => {
  it('formats JPY in Japanese without decimals', () => {
    const s = formatMoney(123456, 'JPY', 'ja');
    expect(s).toContain('123,456');
    expect(s).not.toContain('.');
    expect(s).toBe(new Intl.NumberFormat('ja', { style: 'currency', currency: 'JPY' }).format(123456));
  });

  it('formats USD cents as dollars in en-US', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
  });

  it('does not divide JPY by 100 in en-US', () => {
    const s = formatMoney(123456, 'JPY', 'en-US');
    expect(s).toContain('123,456');
    expect(s).not.toContain('1,234.56');
  });

  it('formats USD in Japanese with cents', () => {
    expect(formatMoney(123456, 'USD', 'ja')).toContain('1,234.56');
  });

  it('formats KWD with three decimals', () => {
    expect(formatMoney(1234, 'KWD', 'en-US')).toContain('1.234');
  });

  it('formats with the ISO minor digits, not CLDR\'s (IQD 3, HUF 2, CLF 4)', () => {
    expect(formatMoney(1500, 'IQD', 'en-US')).toContain('1.500');
    expect(formatMoney(123456, 'HUF', 'en-US')).toContain('1,234.56');
    expect(formatMoney(12345, 'CLF', 'en-US')).toContain('1.2345');
    expect(formatMajor(12.5, 'USD', 'en-US')).toBe('$12.50');
  });
});

describe('minorToDecimalString', () => {
  it.each([
    [1234, 'JPY', '1234'],
    [-1234, 'JPY', '-1234'],
    [0, 'JPY', '0'],
    [123450, 'USD', '1234.50'],
    [-123450, 'USD', '-1234.50'],
    [5, 'USD', '0.05'],
    [-5, 'USD', '-0.05'],
    [-50, 'USD', '-0.50'],
    [0, 'USD', '0.00'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [-1, 'KWD', '-0.001'],
    [1234567, 'KWD', '1234.567'],
  ])('%d %s → %j', (minor, cur, text) => {
    expect(minorToDecimalString(minor, cur)).toBe(text);
  });
});

describe('currency codes must exist', () => {
  it('refuses well-formed codes that are not ISO 4217 currencies', () => {
    expect(isCurrencyCode('ABC')).toBe(false);
    expect(() => minorUnits('ABC')).toThrow(RangeError);
    expect(isCurrencyCode('KWD')).toBe(true);
  });
});
