/**
 * Subscriptions from the stored transactions (core/subscriptions.ts decides), the user's marks
 * (confirm / dismiss / add by hand) and the saved quarterly reviews.
 */
import { categoryDisplayName } from '../core/categories';
import { couldRecur, detectSubscription, type Cadence, type Charge } from '../core/subscriptions';
import { toMajor } from '../core/money';
import type { Locale, Subscription, SubscriptionOverview, SubscriptionReview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';
import { shiftMonth } from './review';

type Sqlite = OpenedDatabase['sqlite'];
type Mark = { key: string; merchant: string; currency: string; state: 'confirmed' | 'dismissed' | 'manual'; cadence: Cadence | null };

/** Card payments and refunds are never charges of a subscription. */
const CHARGE_KINDS = "kind IN ('purchase', 'fee')";

export const subscriptionKey = (currency: string, merchant: string) => `${currency}:${merchant}`;

function latestReview(sqlite: Sqlite): SubscriptionReview | null {
  const r = sqlite.prepare('SELECT id, reviewed_at AS date, note, items FROM subscription_reviews ORDER BY reviewed_at DESC, id DESC LIMIT 1').get() as { id: number; date: string; note: string | null; items: string } | undefined;
  return r ? { id: r.id, date: r.date, note: r.note, items: JSON.parse(r.items) as SubscriptionReview['items'] } : null;
}

/** How far back detection looks, in months before the latest transaction. */
export const WINDOW_MONTHS = 25;

export function listSubscriptions(database: OpenedDatabase, locale: Locale, opts: { asOf?: string; since?: string } = {}): SubscriptionOverview {
  const { sqlite } = database;
  const marks = new Map((sqlite.prepare('SELECT key, merchant, currency, state, cadence FROM subscription_marks').all() as Mark[]).map((m) => [m.key, m]));
  // First pass inside SQLite: per merchant and currency, how many charges over what span. Daily
  // shopping (far more than one charge a week) never reaches JavaScript.
  // The review looks at the last two years (and a month): enough for yearly charges to recur, and
  // what stopped long before is history, not a subscription to audit.
  const latest = (sqlite.prepare('SELECT MAX(date) FROM transactions').pluck().get() as string | null) ?? '0000-01-01';
  const since = opts.since ?? `${shiftMonth(latest.slice(0, 7), -WINDOW_MONTHS)}-01`;
  const groups = sqlite
    .prepare(`SELECT merchant, currency, COUNT(*) AS n, MIN(date) AS first, MAX(date) AS last FROM transactions WHERE date >= ? AND ${CHARGE_KINDS} GROUP BY merchant, currency`)
    .raw()
    .all(since) as [string, string, number, string, string][];
  const wanted = groups.filter(([merchant, currency, n, first, last]) => {
    const mark = marks.get(subscriptionKey(currency, merchant));
    if (mark?.state === 'dismissed') return false;
    return mark !== undefined || couldRecur(n, first, last);
  });
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sub_candidates (merchant TEXT NOT NULL, currency TEXT NOT NULL, PRIMARY KEY (merchant, currency)) WITHOUT ROWID; DELETE FROM temp.sub_candidates');
  const add = sqlite.prepare('INSERT INTO temp.sub_candidates VALUES (?, ?)');
  for (const [merchant, currency] of wanted) add.run(merchant, currency);
  const rows = sqlite
    .prepare(
      `SELECT t.id, t.date, t.amount, t.currency, t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.card_id AS cardId,
         t.category_id AS categoryId, COALESCE(t.display_name, t.description) AS description, t.merchant
       FROM transactions t JOIN temp.sub_candidates s ON s.merchant = t.merchant AND s.currency = t.currency
       WHERE t.date >= ? AND t.${CHARGE_KINDS} ORDER BY t.merchant, t.currency, t.date, t.id`,
    )
    .all(since) as (Charge & { merchant: string })[];
  const byKey = new Map<string, Charge[]>();
  for (const r of rows) {
    const key = subscriptionKey(r.currency, r.merchant);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  // What each card's statements cover: a subscription is missing only where later rows exist.
  const coverage = new Map((sqlite.prepare('SELECT card_id, MAX(date) FROM transactions GROUP BY card_id').raw().all() as [number, string][]).map(([c, d]) => [c, d]));
  const cards = new Map((sqlite.prepare('SELECT id, name FROM cards').raw().all() as [number, string][]).map(([i, n]) => [i, n]));
  const categories = new Map((sqlite.prepare('SELECT id, name, builtin_key FROM categories').raw().all() as [number, string, string | null][]).map(([i, n, k]) => [i, categoryDisplayName(n, k, locale)]));
  const review = latestReview(sqlite);
  const decisions = new Map((review?.items ?? []).map((i) => [i.key, i]));

  const items: Subscription[] = [];
  const trend = new Map<string, { month: string; currency: string; totalMinor: number }>();
  for (const [key, charges] of byKey) {
    const mark = marks.get(key);
    const merchant = key.slice(key.indexOf(':') + 1);
    const asOf = opts.asOf ?? coverage.get(charges.at(-1)!.cardId) ?? charges.at(-1)!.date;
    const d = detectSubscription(charges, asOf, mark?.state === 'manual' ? (mark.cadence ?? 'monthly') : undefined);
    if (!d) continue;
    const decision = decisions.get(key);
    const isNew = review ? d.firstDate > review.date : false;
    const status: Subscription['status'] = d.stopped ? 'stopped' : d.priceChanged ? 'price-changed' : isNew ? 'new' : 'active';
    items.push({
      key,
      merchant,
      description: d.description,
      cadence: d.cadence,
      amount: toMajor(d.amount, d.currency),
      amountMinor: d.amount,
      currency: d.currency,
      originalAmount: d.originalAmount === null || !d.originalCurrency ? null : toMajor(d.originalAmount, d.originalCurrency),
      originalCurrency: d.originalCurrency,
      firstDate: d.firstDate,
      lastDate: d.lastDate,
      nextDate: d.nextDate,
      charges: d.charges,
      monthlyCostMinor: d.monthlyCost,
      annualCostMinor: d.annualCost,
      priceHistory: d.priceHistory.map((p) => ({ date: p.date, amountMinor: p.amount })),
      status,
      mark: mark?.state === 'confirmed' ? 'confirmed' : mark?.state === 'manual' ? 'manual' : 'detected',
      cardId: d.cardId,
      cardName: cards.get(d.cardId) ?? '',
      categoryId: d.categoryId,
      category: d.categoryId === null ? null : (categories.get(d.categoryId) ?? null),
      lastDecision: decision && review ? { decision: decision.decision, note: decision.note, date: review.date } : null,
      stillCharging: !!(decision && review && decision.decision === 'cancel' && d.lastDate > review.date),
    });
    for (const c of charges) {
      const month = c.date.slice(0, 7);
      const tk = `${month}|${c.currency}`;
      const entry = trend.get(tk) ?? trend.set(tk, { month, currency: c.currency, totalMinor: 0 }).get(tk)!;
      entry.totalMinor += c.amount;
    }
  }
  // What changed comes first: still charging after a cancel, stopped, new price, new; then by cost.
  const rank = (s: Subscription) => (s.stillCharging ? 0 : s.status === 'stopped' ? 1 : s.status === 'price-changed' ? 2 : s.status === 'new' ? 3 : 4);
  items.sort((a, b) => rank(a) - rank(b) || b.annualCostMinor - a.annualCostMinor || a.merchant.localeCompare(b.merchant));

  const running = items.filter((s) => s.status !== 'stopped');
  const sum = <K extends string>(keyOf: (s: Subscription) => K) => {
    const m = new Map<string, { key: K; currency: string; monthlyMinor: number; annualMinor: number }>();
    for (const s of running) {
      const k = `${keyOf(s)}|${s.currency}`;
      const e = m.get(k) ?? m.set(k, { key: keyOf(s), currency: s.currency, monthlyMinor: 0, annualMinor: 0 }).get(k)!;
      e.monthlyMinor += s.monthlyCostMinor;
      e.annualMinor += s.annualCostMinor;
    }
    return [...m.values()].sort((a, b) => b.annualMinor - a.annualMinor);
  };
  return {
    items,
    totals: sum(() => 'all').map(({ currency, monthlyMinor, annualMinor }) => ({ currency, monthlyMinor, annualMinor })),
    byCategory: sum((s) => String(s.categoryId ?? '')).map(({ key, currency, monthlyMinor, annualMinor }) => {
      const categoryId = key === '' ? null : Number(key);
      return { categoryId, category: categoryId === null ? null : (categories.get(categoryId) ?? null), currency, monthlyMinor, annualMinor };
    }),
    byCard: sum((s) => String(s.cardId)).map(({ key, currency, monthlyMinor, annualMinor }) => ({ cardId: Number(key), card: cards.get(Number(key)) ?? '', currency, monthlyMinor, annualMinor })),
    trend: [...trend.values()].sort((a, b) => (a.month === b.month ? a.currency.localeCompare(b.currency) : a.month < b.month ? -1 : 1)),
    lastReview: review ? { id: review.id, date: review.date, note: review.note } : null,
  };
}

export function markSubscription(sqlite: Sqlite, key: string, state: 'confirmed' | 'dismissed' | null): { ok: true } {
  const at = key.indexOf(':');
  if (at !== 3) throw new ApiFailure('invalid-input', `not a subscription key: ${key}`);
  if (state === null) sqlite.prepare('DELETE FROM subscription_marks WHERE key = ?').run(key);
  else
    sqlite
      .prepare('INSERT INTO subscription_marks (key, merchant, currency, state) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state, cadence = NULL')
      .run(key, key.slice(at + 1), key.slice(0, at), state);
  return { ok: true };
}

export function addSubscription(sqlite: Sqlite, transactionId: number, cadence: Cadence): { key: string } {
  const t = sqlite.prepare('SELECT merchant, currency, kind FROM transactions WHERE id = ?').get(transactionId) as { merchant: string; currency: string; kind: string } | undefined;
  if (!t) throw new ApiFailure('not-found', `no transaction with id ${transactionId}`);
  if (t.kind === 'payment') throw new ApiFailure('invalid-input', 'a card payment is not a subscription');
  const key = subscriptionKey(t.currency, t.merchant);
  sqlite
    .prepare("INSERT INTO subscription_marks (key, merchant, currency, state, cadence) VALUES (?, ?, ?, 'manual', ?) ON CONFLICT (key) DO UPDATE SET state = 'manual', cadence = excluded.cadence")
    .run(key, t.merchant, t.currency, cadence);
  return { key };
}

export function listReviews(sqlite: Sqlite): SubscriptionReview[] {
  return (sqlite.prepare('SELECT id, reviewed_at AS date, note, items FROM subscription_reviews ORDER BY reviewed_at DESC, id DESC').all() as { id: number; date: string; note: string | null; items: string }[]).map((r) => ({
    ...r,
    items: JSON.parse(r.items) as SubscriptionReview['items'],
  }));
}

/** Save a review: each decision with the subscription's amount and status as they were that day. */
export function saveReview(database: OpenedDatabase, locale: Locale, input: { date?: string; note?: string | null; items: { key: string; decision: 'keep' | 'cancel' | 'check'; note?: string | null }[] }, today: string): SubscriptionReview {
  const current = new Map(listSubscriptions(database, locale).items.map((s) => [s.key, s]));
  const items = input.items.map((i) => {
    const s = current.get(i.key);
    if (!s) throw new ApiFailure('not-found', `no subscription ${i.key}`);
    return { key: i.key, merchant: s.description, decision: i.decision, note: i.note?.trim() || null, amountMinor: s.amountMinor, currency: s.currency, status: s.status };
  });
  const date = input.date ?? today;
  const id = Number(database.sqlite.prepare('INSERT INTO subscription_reviews (reviewed_at, note, items) VALUES (?, ?, ?)').run(date, input.note?.trim() || null, JSON.stringify(items)).lastInsertRowid);
  return { id, date, note: input.note?.trim() || null, items };
}
