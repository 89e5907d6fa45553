import { describe, expect, it } from 'vitest';
import { isScaled, MAX_SCROLL_HEIGHT, maxVirtualOffset, offsetForIndex, rowTop, scrollSpace, toReal, toVirtual, visibleRange } from '../../src/renderer/src/views/transactions/scroll-space';

describe('scaled scroll space for the transactions table', () => {
  it('is the plain row space while it fits', () => {
    const s = scrollSpace(1000, 40, 400);
    expect(isScaled(s)).toBe(false);
    expect(s.realHeight).toBe(40_000);
    expect(toVirtual(s, 1234)).toBe(1234);
    expect(toReal(s, 1234)).toBe(1234);
    expect(rowTop(s, 30, 1200, 1200)).toBe(1200);
  });

  it('caps a million rows below the browser limit and maps the ends to the first and last rows', () => {
    const s = scrollSpace(1_000_000, 40, 400);
    expect(isScaled(s)).toBe(true);
    expect(s.realHeight).toBe(MAX_SCROLL_HEIGHT);
    const bottom = s.realHeight - s.viewport;
    expect(toVirtual(s, bottom)).toBe(40_000_000 - 400);
    expect(toVirtual(s, 0)).toBe(0);
    // Out-of-range scroll positions (elastic scrolling) are clamped.
    expect(toVirtual(s, bottom + 50)).toBe(maxVirtualOffset(s));
    const range = visibleRange(s, toVirtual(s, bottom), 2)!;
    expect(range.last).toBe(999_999);
    // The last row ends exactly at the bottom of the content.
    expect(rowTop(s, 999_999, bottom, toVirtual(s, bottom)) + 40).toBe(s.realHeight);
    // Half-way down the scrollbar is half-way through the rows.
    expect(visibleRange(s, toVirtual(s, bottom / 2), 0)!.first).toBe(Math.floor((40_000_000 - 400) / 2 / 40));
  });

  it('round-trips positions and brings a row into view with the least movement', () => {
    const s = scrollSpace(1_000_000, 40, 400);
    expect(toVirtual(s, toReal(s, 123_456))).toBeCloseTo(123_456, 6);
    expect(offsetForIndex(s, 999_999, 0)).toBe(maxVirtualOffset(s));
    expect(offsetForIndex(s, 0, 5000)).toBe(0);
    // Already in view: no movement.
    expect(offsetForIndex(s, 130, 5000)).toBe(5000);
    // Below the view: just enough to show it at the bottom.
    expect(offsetForIndex(s, 200, 5000)).toBe(201 * 40 - 400);
    expect(offsetForIndex(s, 200, 5000, 'start')).toBe(8000);
  });

  it('has nothing to show without rows', () => {
    expect(visibleRange(scrollSpace(0, 40, 400), 0, 5)).toBeNull();
  });
});
