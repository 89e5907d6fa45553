/**
 * Virtual rows of a fixed height in a scroll container, for any number of rows: past the browser's
 * maximum element height the scroll space is scaled (scroll-space.ts), so every row — the last of a
 * million too — is reachable by wheel, keyboard and scrollbar. The wheel moves by virtual pixels,
 * so it scrolls rows at the usual pace however large the ledger is.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isScaled, maxVirtualOffset, offsetForIndex, rowTop, scrollSpace, toReal, toVirtual, visibleRange } from './scroll-space';

export interface ScaledRows {
  /** Callback ref for the scroll container. */
  ref: (el: HTMLDivElement | null) => void;
  /** Height of the content inside the scroll container (real px). */
  height: number;
  /** Rows to render and where (real px from the top of the content). */
  items: { index: number; top: number }[];
  first: number;
  last: number;
  scrollToIndex: (index: number, align?: 'auto' | 'start') => void;
}

type Position = { real: number; pinned: { real: number; virtual: number } | null };

export function useScaledRows(count: number, rowHeight: number, overscan = 12): ScaledRows {
  // The element in state (listeners follow it) and in a ref (scrolled imperatively).
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const elRef = useRef<HTMLDivElement | null>(null);
  const ref = useCallback((node: HTMLDivElement | null) => {
    elRef.current = node;
    setEl(node);
  }, []);
  const [viewport, setViewport] = useState(0);
  // A position this hook scrolled to is kept exactly (`pinned`): the real scrollTop it becomes is
  // rounded, and mapping it back would land a pixel or two away from the row asked for.
  const [pos, setPos] = useState<Position>({ real: 0, pinned: null });
  const space = useMemo(() => scrollSpace(count, rowHeight, viewport), [count, rowHeight, viewport]);
  const virtual = pos.pinned && Math.abs(pos.pinned.real - pos.real) < 1 ? Math.min(pos.pinned.virtual, maxVirtualOffset(space)) : toVirtual(space, pos.real);

  const latest = useRef({ space, virtual });
  useLayoutEffect(() => {
    latest.current = { space, virtual };
  });

  useEffect(() => {
    if (!el) return;
    // The observer reports the size once at once, then on every change.
    const ro = new ResizeObserver(() => {
      setViewport(el.clientHeight);
      setPos((p) => (p.real === el.scrollTop ? p : { real: el.scrollTop, pinned: null }));
    });
    ro.observe(el);
    const onScroll = () => {
      const real = el.scrollTop;
      setPos((p) => (p.pinned && Math.abs(p.pinned.real - real) < 1 ? { ...p, real } : { real, pinned: null }));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, [el]);

  const scrollToVirtual = useCallback((target: number) => {
    const node = elRef.current;
    if (!node) return;
    const { space: s } = latest.current;
    const v = Math.min(Math.max(0, target), maxVirtualOffset(s));
    node.scrollTop = toReal(s, v);
    const real = node.scrollTop;
    latest.current = { space: s, virtual: v };
    setPos({ real, pinned: { real, virtual: v } });
  }, []);

  // When scaled, the wheel moves through the rows by virtual pixels (else a notch would skip rows).
  useEffect(() => {
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { space: s, virtual: v } = latest.current;
      if (!isScaled(s) || e.ctrlKey || e.deltaY === 0) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? s.rowHeight : e.deltaMode === 2 ? s.viewport : 1;
      if (e.deltaX) elRef.current?.scrollBy({ left: e.deltaX * unit });
      scrollToVirtual(v + e.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [el, scrollToVirtual]);

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'start' = 'auto') => {
      const { space: s, virtual: v } = latest.current;
      const next = offsetForIndex(s, index, v, align);
      if (next !== v || align === 'start') scrollToVirtual(next);
    },
    [scrollToVirtual],
  );

  const range = visibleRange(space, virtual, overscan);
  const items: ScaledRows['items'] = [];
  if (range) for (let i = range.first; i <= range.last; i++) items.push({ index: i, top: rowTop(space, i, pos.real, virtual) });
  return { ref, height: space.realHeight, items, first: range?.first ?? 0, last: range?.last ?? 0, scrollToIndex };
}
