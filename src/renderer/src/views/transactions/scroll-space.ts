/**
 * Scroll space for a table of fixed-height rows that may be taller than a browser lets an element
 * be (Chrome stops near 33.5M px: 1,000,000 rows × 40 px is 40M). The rows live in a *virtual*
 * space (row i starts at i × rowHeight); the scroll container holds at most `maxHeight` px (the
 * *real* space), and a real scroll position maps to a virtual one proportionally, so the top of the
 * scrollbar is the first row and its bottom is the last. Below the cap both spaces are the same.
 */

/** Well below every engine's maximum element height (Chrome ~33.5M, Firefox ~17.9M). */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScrollSpace {
  rows: number;
  rowHeight: number;
  /** Height of the visible area. */
  viewport: number;
  /** rows × rowHeight. */
  virtualHeight: number;
  /** The scroll container's content height: the virtual height, capped. */
  realHeight: number;
}

export function scrollSpace(rows: number, rowHeight: number, viewport: number, maxHeight = MAX_SCROLL_HEIGHT): ScrollSpace {
  const virtualHeight = Math.max(0, rows) * rowHeight;
  return { rows: Math.max(0, rows), rowHeight, viewport: Math.max(0, viewport), virtualHeight, realHeight: Math.min(virtualHeight, maxHeight) };
}

/** The furthest a scroll position can go, in virtual px. */
export function maxVirtualOffset(s: ScrollSpace): number {
  return Math.max(0, s.virtualHeight - s.viewport);
}

function maxRealOffset(s: ScrollSpace): number {
  return Math.max(0, s.realHeight - s.viewport);
}

/** True when the real space is smaller than the virtual one (a pixel of scrollbar is more than a pixel of rows). */
export function isScaled(s: ScrollSpace): boolean {
  return s.realHeight < s.virtualHeight;
}

export function toVirtual(s: ScrollSpace, real: number): number {
  const maxReal = maxRealOffset(s);
  if (!isScaled(s) || maxReal === 0) return clamp(real, 0, maxVirtualOffset(s));
  return clamp((real / maxReal) * maxVirtualOffset(s), 0, maxVirtualOffset(s));
}

export function toReal(s: ScrollSpace, virtual: number): number {
  const maxVirtual = maxVirtualOffset(s);
  if (!isScaled(s) || maxVirtual === 0) return clamp(virtual, 0, maxRealOffset(s));
  return clamp((virtual / maxVirtual) * maxRealOffset(s), 0, maxRealOffset(s));
}

/** Rows to render for a virtual scroll position: those in view plus `overscan` on each side. */
export function visibleRange(s: ScrollSpace, virtual: number, overscan: number): { first: number; last: number } | null {
  if (s.rows === 0) return null;
  const top = Math.floor(virtual / s.rowHeight);
  const bottom = Math.ceil((virtual + Math.max(s.viewport, s.rowHeight)) / s.rowHeight) - 1;
  return { first: clamp(top - overscan, 0, s.rows - 1), last: clamp(bottom + overscan, 0, s.rows - 1) };
}

/**
 * Where a row sits inside the scroll container (real px) when the container is at `real` and that
 * stands for `virtual`: at the same distance from the top of the view as in the virtual space.
 */
export function rowTop(s: ScrollSpace, index: number, real: number, virtual: number): number {
  return real + index * s.rowHeight - virtual;
}

/** The virtual position that brings a row into view, moving as little as possible (`auto`) or to the top (`start`). */
export function offsetForIndex(s: ScrollSpace, index: number, virtual: number, align: 'auto' | 'start' = 'auto'): number {
  const i = clamp(index, 0, Math.max(0, s.rows - 1));
  const start = i * s.rowHeight;
  const end = start + s.rowHeight;
  let next = virtual;
  if (align === 'start' || start < virtual) next = start;
  else if (end > virtual + s.viewport) next = end - s.viewport;
  return clamp(next, 0, maxVirtualOffset(s));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
