/**
 * Rows for the virtualised table, fetched a page at a time as they scroll into view, so a
 * million-row ledger never travels to the renderer at once. A new filter, sort or data version
 * starts a fresh cache; answers for an older one are dropped. The first page is shown as soon as it
 * arrives; counting every match (a pass over all of them for a text search) is a separate call that
 * fills the total in after.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../../../shared/api/client';
import type { Transaction, TransactionQuery } from '../../../../shared/api/contract';

export const PAGE = 200;

export interface RowCache {
  /**
   * Rows the table has: every matching row once counted; while counting, the first page's (or, for
   * the same filter after an edit, the previous count, so the table keeps its length and scroll).
   * Null before the first page.
   */
  total: number | null;
  /** The matching rows are still being counted (`total` is provisional). */
  counting: boolean;
  totals: { currency: string; totalMinor: number; count: number }[];
  row: (index: number) => Transaction | undefined;
  /** Ask for the rows in [start, end] (indexes); pages not yet loaded are fetched. */
  ensure: (start: number, end: number) => void;
  /** A loaded row by id (the detail panel shows rows the user has seen). */
  byId: (id: number) => Transaction | undefined;
}

export function useRowCache(api: ApiClient, query: Omit<TransactionQuery, 'limit' | 'offset'>, version: string, onError: (e: unknown) => void): RowCache {
  const key = JSON.stringify(query) + `#${version}`;
  const pages = useRef(new Map<number, Transaction[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  const [totals, setTotals] = useState<RowCache['totals']>([]);
  // The generation whose count has arrived (it may beat the first page), and the last count per filter.
  const counted = useRef(0);
  const lastCount = useRef<{ query: string; total: number } | null>(null);
  const queryKey = JSON.stringify(query);
  const [, setTick] = useState(0);
  // Bumped when a fresh first page arrives, so the visible range is asked for again even when the
  // total did not change (after an edit, a sort, a filter with as many rows).
  const [epoch, setEpoch] = useState(0);

  const fetchPage = useCallback(
    (page: number, gen: number, first = false) => {
      pending.current.add(page);
      api
        // No page counts the matching rows: `transactions.count` does, so the first page never waits for it.
        .call('transactions.list', { ...query, limit: PAGE, offset: page * PAGE, withCount: false })
        .then((res) => {
          if (gen !== generation.current) return;
          pages.current.set(page, res.rows);
          pending.current.delete(page);
          if (first) {
            if (counted.current !== gen) {
              // A short first page is every match; a full one is a lower bound until the count arrives.
              const full = res.rows.length === PAGE;
              const previous = lastCount.current?.query === queryKey ? lastCount.current.total : 0;
              setTotal(full ? Math.max(PAGE, previous) : res.rows.length);
              setCounting(full);
            }
            setEpoch((n) => n + 1);
          }
          setTick((n) => n + 1);
        })
        .catch((e: unknown) => {
          pending.current.delete(page);
          if (gen === generation.current) onError(e);
        });
    },
    // The query is captured through `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, onError],
  );

  useEffect(() => {
    const gen = ++generation.current;
    // Keep showing the old rows until the new first page arrives (no flash of emptiness).
    const timer = setTimeout(() => {
      pages.current = new Map();
      pending.current = new Set();
      fetchPage(0, gen, true);
      // The count and the totals need a pass over every matching row: asked after the first page
      // (the core answers in order), the count alone first since it is the cheaper of the two.
      // (The sort in the query does not matter to a count and is dropped by the contract.)
      api
        .call('transactions.count', query)
        .then((res) => {
          if (gen !== generation.current) return;
          counted.current = gen;
          lastCount.current = { query: queryKey, total: res.total };
          setTotal(res.total);
          setCounting(false);
        })
        .catch((e: unknown) => gen === generation.current && onError(e));
      api
        .call('transactions.count', { ...query, withTotals: true })
        .then((res) => gen === generation.current && setTotals(res.totals ?? []))
        .catch((e: unknown) => gen === generation.current && onError(e));
    }, 120);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const ensure = useCallback(
    (start: number, end: number) => {
      const gen = generation.current;
      for (let p = Math.floor(Math.max(0, start) / PAGE); p <= Math.floor(Math.max(0, end) / PAGE); p++) {
        if (!pages.current.has(p) && !pending.current.has(p) && total !== null && p * PAGE < total) fetchPage(p, gen);
      }
    },
    // epoch: re-run for the same range once a new generation's first page is in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fetchPage, total, epoch],
  );

  return {
    total,
    counting,
    totals,
    row: (i) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE],
    ensure,
    byId: (id) => {
      for (const rows of pages.current.values()) {
        const r = rows.find((x) => x.id === id);
        if (r) return r;
      }
      return undefined;
    },
  };
}
