/**
 * A text search over a large ledger finds the matching texts, then fetches their rows through the
 * search index when they are few, or else pages from a slice of the newest (or oldest) rows when they
 * hold the page, widens the slice, or reads the table straight through (services/transactions.ts); and
 * the count and totals come from their own call. Every way must give exactly the page the plain
 * definition gives: all matching rows, in order, then offset and limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/core/search';
import type { TransactionQuery } from '../../src/shared/api/contract';
import { listTransactions } from '../../src/services/transactions';
import { call, testCore } from '../helpers';

let core: ReturnType<typeof testCore>;
const ROWS = 40_000;
// Limits small enough that this ledger needs every way: words on few rows through the search index
// (rare, recent, tie); words on more rows read in date order from the first slice, a wider one
// (4 × at least), or straight through (once a slice would be a quarter of the table): common, old.
const TUNING = { searchSlice: 1_000, searchIndexRows: 500 };
type Row = { id: number; date: string; kind: string; card: number; search: string; amount: number; currency: string };
let all: Row[] = [];

beforeAll(() => {
  core = testCore();
  const { sqlite } = core.database;
  sqlite.exec(`INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Amex'), ('rakuten', '楽天')`);
  // Words by how often and where they occur: everywhere often (common), everywhere seldom (rare),
  // only in the oldest tenth (old), only in the newest hundredth (recent), and on many rows of one day (tie).
  // Row order is not date order (as after several imports), and many rows share a date.
  // Each row's search text is its own here (ids 1 + i), so the texts table is as big as the ledger.
  sqlite.exec(`
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${ROWS - 1})
    INSERT INTO search_texts (id, text)
    SELECT 1 + i, 'row ' || i
        || CASE WHEN i % 7 = 0 THEN ' common' ELSE '' END
        || CASE WHEN i % 1499 = 0 THEN ' rare' ELSE '' END
        || CASE WHEN (i * 7919) % 3000 < 300 AND i % 3 = 0 THEN ' old' ELSE '' END
        || CASE WHEN (i * 7919) % 3000 >= 2970 THEN ' recent' ELSE '' END
        || CASE WHEN (i * 7919) % 3000 = 1500 THEN ' tie' ELSE '' END
    FROM seq`);
  sqlite.exec(`
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${ROWS - 1})
    INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint, search_id)
    SELECT 1 + i % 2, date('2015-01-01', '+' || ((i * 7919) % 3000) || ' days'), 'row ' || i, 'row', 100 + i % 977, CASE WHEN i % 11 = 0 THEN 'USD' ELSE 'JPY' END,
      CASE WHEN i % 13 = 0 THEN 'payment' WHEN i % 5 = 0 THEN 'refund' ELSE 'purchase' END, i, 1 + i
    FROM seq`);
  all = sqlite.prepare('SELECT t.id, t.date, t.kind, t.card_id AS card, s.text AS search, t.amount, t.currency FROM transactions t JOIN search_texts s ON s.id = t.search_id').all() as Row[];
  // Building the ledger takes seconds on a busy machine.
}, 120_000);
afterAll(() => core.cleanup());

/** The definition, in JavaScript: every matching row, sorted by date then id, then the page. */
const sorted = new Map<string, number[]>();
function expected(q: { search: string; order?: 'asc' | 'desc'; offset?: number; limit: number; kinds?: string[]; card?: number }): number[] {
  const key = JSON.stringify({ ...q, offset: 0, limit: 0 });
  let ids = sorted.get(key);
  if (!ids) {
    const terms = searchTerms(q.search);
    const sign = q.order === 'asc' ? 1 : -1;
    ids = all
      .filter((r) => terms.every((t) => r.search.includes(t)) && (!q.kinds || q.kinds.includes(r.kind)) && (q.card === undefined || r.card === q.card))
      .sort((a, b) => sign * (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id))
      .map((r) => r.id);
    sorted.set(key, ids);
  }
  return ids.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
}

describe('a text search page over a large ledger', () => {
  it('is the same page however it is found: common, rare, old, recent and absent words, both orders, deep offsets', () => {
    for (const search of ['common', 'rare', 'old', 'recent', 'tie', 'common rare', 'nothing-like-this', '"row 11"'])
      for (const order of ['desc', 'asc'] as const)
        for (const [offset, limit] of [
          [0, 200],
          [150, 200],
          [5000, 200],
          [0, 1],
        ] as const) {
          const q = { search, order, offset, limit };
          const page = listTransactions(core.database, { ...q, sort: 'date', withCount: false }, 'ja', TUNING);
          expect(
            page.rows.map((r) => r.id),
            JSON.stringify(q),
          ).toEqual(expected(q));
          expect(page.total).toBe(-1);
        }
  });

  it('with other filters, with and without an index to narrow by', () => {
    const cases: (Parameters<typeof expected>[0] & Pick<TransactionQuery, 'kinds' | 'card'>)[] = [
      { search: 'common', kinds: ['refund'], limit: 200 },
      { search: 'rare', kinds: ['purchase', 'refund'], limit: 200, offset: 20 },
      { search: 'old', card: 2, limit: 200 },
      { search: 'common', card: 1, limit: 200, offset: 3000, order: 'asc' },
    ];
    for (const q of cases) {
      const page = listTransactions(core.database, { ...q, kinds: q.kinds as TransactionQuery['kinds'], withCount: false }, 'ja', TUNING);
      expect(
        page.rows.map((r) => r.id),
        JSON.stringify(q),
      ).toEqual(expected(q));
    }
  });

  it('counts, and sums per currency without card payments, in a call of its own', async () => {
    const filters: Pick<TransactionQuery, 'search' | 'kinds'>[] = [{}, { search: 'common' }, { search: 'rare', kinds: ['purchase'] }, { search: 'nothing-like-this' }];
    for (const filter of filters) {
      const listed = await call(core, 'transactions.list', { ...filter, limit: 1, withTotals: true });
      const counted = await call(core, 'transactions.count', { ...filter, withTotals: true });
      expect(counted).toEqual({ total: listed.total, totals: listed.totals });
      expect((await call(core, 'transactions.count', filter)).total).toBe(listed.total);
      const terms = searchTerms(filter.search ?? '');
      const rows = all.filter((r) => terms.every((t) => r.search.includes(t)) && (!filter.kinds || filter.kinds.includes(r.kind as 'purchase')));
      expect(counted.total).toBe(rows.length);
      const jpy = rows.filter((r) => r.currency === 'JPY' && r.kind !== 'payment');
      expect(counted.totals!.find((t) => t.currency === 'JPY') ?? { totalMinor: 0, count: 0 }).toMatchObject({ totalMinor: jpy.reduce((n, r) => n + r.amount, 0), count: jpy.length });
    }
  });
});
