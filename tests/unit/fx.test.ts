import { describe, expect, it } from 'vitest';
import { convertAtRate, formatPrintedRate, formatRate, fxBreakdown, impliedRate, isValidRate, parseRate } from '../../src/core/fx';

describe('rates', () => {
  it('parses printed rates exactly, refusing what is not a positive decimal', () => {
    expect(parseRate('152.30')).toEqual({ num: 15230n, den: 100n });
    expect(parseRate('１５２．３')).toEqual({ num: 1523n, den: 10n });
    expect(parseRate('0')).toBeNull();
    expect(parseRate('-1.2')).toBeNull();
    expect(parseRate('abc')).toBeNull();
    expect(isValidRate('0.0000001')).toBe(true);
    expect(isValidRate('1.0000000000001')).toBe(false);
  });

  it('converts with each currency’s minor units (JPY 0, USD 2, KWD 3), rounding half away from zero', () => {
    expect(convertAtRate(1000, 'USD', '152.30', 'JPY')).toBe(1523); // $10.00 → ¥1,523
    expect(convertAtRate(999, 'USD', '152.35', 'JPY')).toBe(1522); // 9.99 × 152.35 = 1521.9765
    expect(convertAtRate(-1000, 'USD', '152.35', 'JPY')).toBe(-1524); // refunds round the same way
    expect(convertAtRate(1500, 'JPY', '0.0066', 'USD')).toBe(990); // ¥1,500 → $9.90
    expect(convertAtRate(1234, 'KWD', '3.25', 'USD')).toBe(401); // 1.234 KWD → $4.0105
    expect(convertAtRate(1000, 'USD', 'x', 'JPY')).toBeNull();
  });

  it('shows the implied rate and the conversion fee beyond the printed rate', () => {
    expect(impliedRate(1560, 'JPY', 1000, 'USD')).toBeCloseTo(156, 10);
    const b = fxBreakdown({ amount: 1560, currency: 'JPY', originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.30' })!;
    expect(b).toMatchObject({ printed: 152.3, atPrintedRate: 1523, fee: 37 });
    expect(b.feeShare).toBeCloseTo(37 / 1523, 10);
    expect(fxBreakdown({ amount: 1523, currency: 'JPY', originalAmount: 1000, originalCurrency: 'USD', fxRate: null })).toMatchObject({ implied: 152.3, fee: null });
    expect(fxBreakdown({ amount: 500, currency: 'JPY', originalAmount: null, originalCurrency: null, fxRate: null })).toBeNull();
  });

  it('counts a refund credited above the printed rate as a gain, and one credited below as a cost', () => {
    // $10.00 back at 150.00 would be ¥1,500: credited ¥1,504 is ¥4 in the cardholder's favour.
    const gain = fxBreakdown({ amount: -1504, currency: 'JPY', originalAmount: -1000, originalCurrency: 'USD', fxRate: '150.00' })!;
    expect(gain).toMatchObject({ atPrintedRate: -1500, fee: -4 });
    expect(gain.feeShare).toBeCloseTo(-4 / 1500, 10);
    // Credited ¥1,496: ¥4 lost to the conversion, as a charge billed ¥1,504 would have.
    expect(fxBreakdown({ amount: -1496, currency: 'JPY', originalAmount: -1000, originalCurrency: 'USD', fxRate: '150.00' })).toMatchObject({ fee: 4 });
    expect(fxBreakdown({ amount: 1504, currency: 'JPY', originalAmount: 1000, originalCurrency: 'USD', fxRate: '150.00' })).toMatchObject({ fee: 4 });
  });
});

describe('rates for people', () => {
  it('shows a printed rate with every digit it was printed with, in the locale', () => {
    expect(formatPrintedRate('151.4510', 'ja-JP')).toBe('151.4510');
    expect(formatPrintedRate('１５１．３５１', 'en-US')).toBe('151.351');
    expect(formatPrintedRate('1234.5', 'en-US')).toBe('1,234.5');
    expect(formatPrintedRate('1234.5', 'de-DE')).toBe('1.234,5');
    expect(formatPrintedRate('0.006623', 'en-US')).toBe('0.006623');
    expect(formatPrintedRate('n/a', 'en-US')).toBe('n/a');
  });

  it('shows an implied rate below 1 with significant digits, not four zeros', () => {
    expect(formatRate(3280 / 21.5, 'ja-JP')).toBe('152.5581');
    // $9.90 for ¥1,500 (a USD home currency paying in yen).
    expect(formatRate(9.9 / 1500, 'en-US')).toBe('0.0066');
    expect(formatRate(10 / 1501, 'en-US')).toBe('0.00666223');
    expect(formatRate(0.00012345678, 'en-US')).toBe('0.000123457');
    expect(formatRate(1.5, 'de-DE')).toBe('1,5000');
  });
});
