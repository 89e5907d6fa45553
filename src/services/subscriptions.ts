/**
 * Subscriptions from the stored transactions (core/subscriptions.ts decides), the user's marks
 * (confirm / dismiss / add by hand) and the saved quarterly reviews.
 *
 * Keys. A merchant (normalised) in one billed currency is a group, keyed `JPY:NETFLIX.COM`; the
 * core splits its charges into runs, one per service. An item's key is the group's key when the
 * group has one subscription, else the group's key and the run's current price
 * (`JPY:APPLE.COM/BILL#400`, `JPY:X#USD:999` for a foreign one). Marks are saved with the price
 * (`#400`) so they follow their run: a price reference finds the run whose current price it is, or
 * else the run that had that price (a price change keeps its marks and review decisions); a bare
 * group key (older marks and reviews) means the group's main subscription.
 */
import { categoryDisplayName } from '../core/categories';
import { couldRecur, detectSubscription, guessCadence, priceKey, splitRuns, FLOAT_TOLERANCE, type Cadence, type Charge, type Detected } from '../core/subscriptions';
import { toMajor } from '../core/money';
import type { DismissedSubscription, Locale, Subscription, SubscriptionOverview, SubscriptionReview } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';
import { shiftMonth } from './review';

type Sqlite = OpenedDatabase['sqlite'];
type MarkState = 'confirmed' | 'dismissed' | 'manual';
type Mark = { key: string; merchant: string; currency: string; state: MarkState; cadence: Cadence | null };
type SavedItem = SubscriptionReview['items'][number];

/** Card payments and refunds are never charges of a subscription. */
const CHARGE_KINDS = "kind IN ('purchase', 'fee')";

export const subscriptionKey = (currency: string, merchant: string) => `${currency}:${merchant}`;

/** How far back detection looks, in months before the latest transaction. */
export const WINDOW_MONTHS = 25;

function latestReview(sqlite: Sqlite): SubscriptionReview | null {
  const r = sqlite.prepare('SELECT id, reviewed_at AS date, note, items FROM subscription_reviews ORDER BY reviewed_at DESC, id DESC LIMIT 1').get() as { id: number; date: string; note: string | null; items: string } | undefined;
  return r ? { id: r.id, date: r.date, note: r.note, items: JSON.parse(r.items) as SubscriptionReview['items'] } : null;
}

/** The first day of the review window: the last two years (and a month) before the latest row. */
function windowStart(sqlite: Sqlite): string {
  const latest = (sqlite.prepare('SELECT MAX(date) FROM transactions').pluck().get() as string | null) ?? '0000-01-01';
  return `${shiftMonth(latest.slice(0, 7), -WINDOW_MONTHS)}-01`;
}

/** A reference to a run inside a group: its price (null: the group's main subscription) and, rarely, its first date. */
interface Ref {
  price: string | null;
  first: string | null;
}

function parseSuffix(suffix: string): Ref {
  if (suffix === '') return { price: null, first: null };
  const at = suffix.indexOf('@');
  return at < 0 ? { price: suffix, first: null } : { price: suffix.slice(0, at), first: suffix.slice(at + 1) };
}

/** A price suffix as keys carry it: `1490`, `-500`, `USD:999`, optionally `@2025-01-31`. */
const PRICE_SUFFIX = /^(?:[A-Z]{3}:)?-?\d+(?:@\d{4}-\d{2}-\d{2})?$/;

/** The group key and run reference of a key, given which group keys exist. */
function parseKey(key: string, isGroup: (base: string) => boolean): { base: string; ref: Ref } {
  if (isGroup(key)) return { base: key, ref: { price: null, first: null } };
  const hash = key.lastIndexOf('#');
  if (hash > 4 && PRICE_SUFFIX.test(key.slice(hash + 1))) return { base: key.slice(0, hash), ref: parseSuffix(key.slice(hash + 1)) };
  return { base: key, ref: { price: null, first: null } };
}

interface Run {
  charges: Charge[];
  /** Found without the user's word. */
  detected: Detected | null;
  /** Every price the run has had, and its current one. */
  prices: Set<string>;
  current: string;
}

interface GroupSub {
  run: number;
  key: string;
  d: Detected;
  mark: Mark | undefined;
}

interface GroupAnalysis {
  runs: Run[];
  subs: GroupSub[];
  /** Each of the group's marks and the run it applies to (null: none in the window). */
  markRuns: Map<string, number | null>;
  /** The run a reference (an item's key, a mark's, a review's) points at. */
  resolve: (key: string) => number | null;
}

const latestRun = (runs: Run[], idx: number[]) => idx.reduce<number | null>((b, i) => (b === null || runs[b]!.charges.at(-1)!.date <= runs[i]!.charges.at(-1)!.date ? i : b), null);
const mostCharges = (runs: Run[], idx: number[]) => {
  const max = Math.max(0, ...idx.map((i) => runs[i]!.charges.length));
  return latestRun(
    runs,
    idx.filter((i) => runs[i]!.charges.length === max),
  );
};

/** The run a price reference names: current price first, then a price it had. */
function byPrice(runs: Run[], ref: Ref): number | null {
  const all = runs.map((_, i) => i);
  const current = all.filter((i) => runs[i]!.current === ref.price);
  const dated = current.filter((i) => runs[i]!.charges[0]!.date === ref.first);
  if (dated.length) return latestRun(runs, dated);
  if (current.length) return latestRun(runs, current);
  return latestRun(
    runs,
    all.filter((i) => runs[i]!.prices.has(ref.price!)),
  );
}

/**
 * One group's subscriptions: its charges split into runs, each detected, then the user's marks
 * applied (dismissed runs drop out, confirmed and hand-added ones are kept at their cadence).
 */
function analyseGroup(base: string, charges: Charge[], marks: readonly Mark[], asOf: (c: Charge) => string): GroupAnalysis {
  const runs: Run[] = splitRuns(charges).map((r) => {
    const keys = r.map(priceKey);
    return { charges: r, detected: detectSubscription(r, asOf(r.at(-1)!)), prices: new Set(keys), current: keys.at(-1)! };
  });
  const all = runs.map((_, i) => i);
  const detected = all.filter((i) => runs[i]!.detected !== null);
  const mainDetected = mostCharges(runs, detected);
  const markRuns = new Map<string, number | null>();
  const markOf = new Map<number, Mark>();
  // Later marks win where two point at one run (the table keeps them in the order they were made).
  for (const m of marks) {
    const ref = parseSuffix(m.key.slice(base.length + 1));
    let run = ref.price === null ? (mainDetected ?? (m.state === 'dismissed' ? null : mostCharges(runs, all))) : byPrice(runs, ref);
    // A confirmed subscription whose old price has left the window is still the group's main one.
    if (run === null && m.state === 'confirmed') run = mainDetected;
    markRuns.set(m.key, run);
    if (run !== null) markOf.set(run, m);
  }
  const found: Omit<GroupSub, 'key'>[] = [];
  runs.forEach((r, i) => {
    const mark = markOf.get(i);
    if (mark?.state === 'dismissed') return;
    const last = r.charges.at(-1)!;
    const forced = mark?.state === 'manual' ? (mark.cadence ?? 'monthly') : mark?.state === 'confirmed' ? (mark.cadence ?? r.detected?.cadence ?? guessCadence(r.charges) ?? 'monthly') : undefined;
    const d = forced ? detectSubscription(r.charges, asOf(last), forced) : r.detected;
    if (d) found.push({ run: i, d, mark });
  });
  const seen = new Set<string>();
  const subs = found.map((s) => {
    let key = found.length === 1 ? base : `${base}#${runs[s.run]!.current}`;
    if (seen.has(key)) key = `${key}@${s.d.firstDate}`;
    seen.add(key);
    return { ...s, key };
  });
  const mainSub = mostCharges(
    runs,
    subs.map((s) => s.run),
  );
  const resolve = (key: string) => {
    const exact = subs.find((s) => s.key === key);
    if (exact) return exact.run;
    if (markRuns.has(key)) return markRuns.get(key)!;
    const ref = key === base ? { price: null, first: null } : parseSuffix(key.slice(base.length + 1));
    return ref.price === null ? (mainSub ?? mainDetected) : byPrice(runs, ref);
  };
  return { runs, subs, markRuns, resolve };
}

function readMarks(sqlite: Sqlite, where = '', ...params: string[]): Mark[] {
  return sqlite.prepare(`SELECT key, merchant, currency, state, cadence FROM subscription_marks ${where} ORDER BY created_at, rowid`).all(...params) as Mark[];
}

const CHARGE_COLUMNS = `t.id, t.date, t.amount, t.currency, t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.card_id AS cardId,
  t.category_id AS categoryId, COALESCE(t.display_name, t.description) AS description`;

/** One group's charges in the review window. */
function groupCharges(sqlite: Sqlite, merchant: string, currency: string): Charge[] {
  return sqlite.prepare(`SELECT ${CHARGE_COLUMNS} FROM transactions t WHERE t.merchant = ? AND t.currency = ? AND t.date >= ? AND t.${CHARGE_KINDS} ORDER BY t.date, t.id`).all(merchant, currency, windowStart(sqlite)) as Charge[];
}

/** A key's group (merchant and currency) and the group's analysis, for marking by key. */
function groupOfKey(sqlite: Sqlite, key: string) {
  const currency = key.slice(0, 3);
  const since = windowStart(sqlite);
  const has = (base: string) => sqlite.prepare(`SELECT 1 FROM transactions WHERE date >= ? AND merchant = ? AND currency = ? LIMIT 1`).get(since, base.slice(4), currency) !== undefined;
  const { base } = parseKey(key, has);
  const merchant = base.slice(4);
  const analysis = analyseGroup(base, groupCharges(sqlite, merchant, currency), readMarks(sqlite, 'WHERE merchant = ? AND currency = ?', merchant, currency), (c) => c.date);
  return { base, merchant, currency, analysis };
}

/** How a saved decision's amount compares with today's: a new price, beyond the rate's wobble. */
function priceMovedSince(d: Detected, saved: SavedItem): boolean {
  if (saved.originalAmountMinor != null && saved.originalCurrency && d.originalAmount !== null && d.originalCurrency === saved.originalCurrency) return d.originalAmount !== saved.originalAmountMinor;
  if (d.originalAmount !== null || d.floating) return Math.abs(d.amount - saved.amountMinor) > FLOAT_TOLERANCE * Math.abs(saved.amountMinor);
  return d.amount !== saved.amountMinor;
}

/** What changed since the latest review, from its date and the amount and status it saved. */
function changeSince(d: Detected, review: SubscriptionReview | null, saved: SavedItem | undefined): Subscription['change'] {
  if (!review) return null;
  if (!saved) return d.stopped ? (d.lastDate > review.date ? 'stopped' : null) : 'new';
  if (saved.decision === 'cancel') return d.lastDate > review.date ? 'still-charging' : d.stopped ? 'cancelled' : null;
  if (d.stopped) return saved.status === 'stopped' ? null : 'stopped';
  return priceMovedSince(d, saved) ? 'price-changed' : null;
}

const CHANGE_RANK: Record<NonNullable<Subscription['change']>, number> = { 'still-charging': 0, stopped: 1, 'price-changed': 2, new: 3, cancelled: 4 };
const STATUS_RANK: Record<Subscription['status'], number> = { stopped: 1, 'price-changed': 2, new: 3, active: 5 };

export function listSubscriptions(database: OpenedDatabase, locale: Locale, opts: { asOf?: string; since?: string } = {}): SubscriptionOverview {
  const { sqlite } = database;
  const marks = readMarks(sqlite);
  const marksByGroup = new Map<string, Mark[]>();
  for (const m of marks) {
    const base = subscriptionKey(m.currency, m.merchant);
    (marksByGroup.get(base) ?? marksByGroup.set(base, []).get(base)!).push(m);
  }
  // First pass inside SQLite: per merchant and currency, how many charges over what span. Daily
  // shopping (far more than one charge a week) never reaches JavaScript.
  // The review looks at the last two years (and a month): enough for yearly charges to recur, and
  // what stopped long before is history, not a subscription to audit.
  const since = opts.since ?? windowStart(sqlite);
  const groups = sqlite
    .prepare(`SELECT merchant, currency, COUNT(*) AS n, MIN(date) AS first, MAX(date) AS last FROM transactions WHERE date >= ? AND ${CHARGE_KINDS} GROUP BY merchant, currency`)
    .raw()
    .all(since) as [string, string, number, string, string][];
  const wanted = groups.filter(([merchant, currency, n, first, last]) => marksByGroup.has(subscriptionKey(currency, merchant)) || couldRecur(n, first, last));
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sub_candidates (merchant TEXT NOT NULL, currency TEXT NOT NULL, PRIMARY KEY (merchant, currency)) WITHOUT ROWID; DELETE FROM temp.sub_candidates');
  const add = sqlite.prepare('INSERT INTO temp.sub_candidates VALUES (?, ?)');
  for (const [merchant, currency] of wanted) add.run(merchant, currency);
  const rows = sqlite
    .prepare(
      `SELECT ${CHARGE_COLUMNS}, t.merchant
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
  const asOf = (c: Charge) => opts.asOf ?? coverage.get(c.cardId) ?? c.date;
  const cards = new Map((sqlite.prepare('SELECT id, name FROM cards').raw().all() as [number, string][]).map(([i, n]) => [i, n]));
  const categories = new Map((sqlite.prepare('SELECT id, name, builtin_key FROM categories').raw().all() as [number, string, string | null][]).map(([i, n, k]) => [i, categoryDisplayName(n, k, locale)]));
  const review = latestReview(sqlite);
  // The latest review's decisions by group (its keys are item keys of that day).
  const decisionsByGroup = new Map<string, SavedItem[]>();
  for (const item of review?.items ?? []) {
    const { base } = parseKey(item.key, (b) => byKey.has(b));
    (decisionsByGroup.get(base) ?? decisionsByGroup.set(base, []).get(base)!).push(item);
  }

  const items: Subscription[] = [];
  const dismissed: DismissedSubscription[] = [];
  const dismissedRuns = new Map<string, Charge>();
  const trend = new Map<string, { month: string; currency: string; totalMinor: number }>();
  for (const [base, charges] of byKey) {
    const merchant = base.slice(base.indexOf(':') + 1);
    const groupMarks = marksByGroup.get(base) ?? [];
    const { runs, subs, markRuns, resolve } = analyseGroup(base, charges, groupMarks, asOf);
    for (const m of groupMarks) {
      const run = markRuns.get(m.key);
      if (m.state === 'dismissed' && run != null) dismissedRuns.set(m.key, runs[run]!.charges.at(-1)!);
    }
    const decisions = new Map<number, SavedItem>();
    for (const item of decisionsByGroup.get(base) ?? []) {
      const exact = subs.find((s) => s.key === item.key);
      const run = exact ? exact.run : resolve(item.key);
      if (run !== null && (exact || !decisions.has(run))) decisions.set(run, item);
    }
    for (const { run, key, d, mark } of subs) {
      const decision = decisions.get(run);
      const isNew = review ? d.firstDate > review.date : false;
      const status: Subscription['status'] = d.stopped ? 'stopped' : d.priceChanged ? 'price-changed' : isNew ? 'new' : 'active';
      const change = changeSince(d, review, decision);
      items.push({
        key,
        merchant,
        description: d.description,
        cadence: d.cadence,
        amount: toMajor(d.amount, d.currency),
        amountMinor: d.amount,
        currency: d.currency,
        originalAmount: d.originalAmount === null || !d.originalCurrency ? null : toMajor(d.originalAmount, d.originalCurrency),
        originalAmountMinor: d.originalAmount === null || !d.originalCurrency ? null : d.originalAmount,
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
        lastDecision: decision && review ? { decision: decision.decision, note: decision.note, date: review.date, amountMinor: decision.amountMinor } : null,
        stillCharging: change === 'still-charging',
        change,
      });
      for (const c of runs[run]!.charges) {
        const month = c.date.slice(0, 7);
        const tk = `${month}|${c.currency}`;
        const entry = trend.get(tk) ?? trend.set(tk, { month, currency: c.currency, totalMinor: 0 }).get(tk)!;
        entry.totalMinor += c.amount;
      }
    }
  }
  for (const m of marks) {
    if (m.state !== 'dismissed') continue;
    const last = dismissedRuns.get(m.key);
    const price = parseKey(m.key, (b) => b === subscriptionKey(m.currency, m.merchant)).ref.price;
    dismissed.push({ key: m.key, merchant: m.merchant, description: last?.description ?? null, amountMinor: last ? last.amount : price && /^-?\d+$/.test(price) ? Number(price) : null, currency: m.currency });
  }
  // What changed since the last review comes first (still charging after a cancel, stopped, new
  // price, new, cancelled as planned); before any review, what looks changed; then by cost.
  const rank = (s: Subscription) => (s.change ? CHANGE_RANK[s.change] : review ? 5 : STATUS_RANK[s.status]);
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
    dismissed,
  };
}

/** Drop every mark of a group that points at one run (so the new word replaces them). */
function clearRunMarks(sqlite: Sqlite, markRuns: Map<string, number | null>, run: number) {
  const del = sqlite.prepare('DELETE FROM subscription_marks WHERE key = ?');
  for (const [key, r] of markRuns) if (r === run) del.run(key);
}

/**
 * Confirm (saved with the cadence detected now, so it stays when detection later fails), dismiss,
 * or clear the mark of the subscription `key` names (an item's key or a dismissed mark's).
 */
export function markSubscription(sqlite: Sqlite, key: string, state: 'confirmed' | 'dismissed' | null): { ok: true } {
  if (key.indexOf(':') !== 3) throw new ApiFailure('invalid-input', `not a subscription key: ${key}`);
  sqlite.transaction(() => {
    const { base, merchant, currency, analysis } = groupOfKey(sqlite, key);
    const run = analysis.resolve(key);
    if (state === null) {
      sqlite.prepare('DELETE FROM subscription_marks WHERE key = ?').run(key);
      if (run !== null) clearRunMarks(sqlite, analysis.markRuns, run);
      return;
    }
    let saveAs = key;
    let cadence: Cadence | null = null;
    if (run !== null) {
      clearRunMarks(sqlite, analysis.markRuns, run);
      saveAs = `${base}#${analysis.runs[run]!.current}`;
      if (state === 'confirmed') cadence = analysis.subs.find((s) => s.run === run)?.d.cadence ?? analysis.runs[run]!.detected?.cadence ?? guessCadence(analysis.runs[run]!.charges);
    }
    sqlite
      .prepare('INSERT INTO subscription_marks (key, merchant, currency, state, cadence) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state, cadence = excluded.cadence')
      .run(saveAs, merchant, currency, state, cadence);
  })();
  return { ok: true };
}

/** Track the run a transaction belongs to as a subscription at the user's cadence (one charge is enough). */
export function addSubscription(sqlite: Sqlite, transactionId: number, cadence: Cadence): { key: string } {
  const t = sqlite.prepare(`SELECT ${CHARGE_COLUMNS}, t.merchant, t.kind FROM transactions t WHERE t.id = ?`).get(transactionId) as (Charge & { merchant: string; kind: string }) | undefined;
  if (!t) throw new ApiFailure('not-found', `no transaction with id ${transactionId}`);
  if (t.kind === 'payment') throw new ApiFailure('invalid-input', 'a card payment is not a subscription');
  const base = subscriptionKey(t.currency, t.merchant);
  return sqlite.transaction(() => {
    const { analysis } = groupOfKey(sqlite, base);
    const run = analysis.runs.findIndex((r) => r.charges.some((c) => c.id === t.id));
    if (run >= 0) clearRunMarks(sqlite, analysis.markRuns, run);
    const key = `${base}#${run >= 0 ? analysis.runs[run]!.current : priceKey(t)}`;
    sqlite
      .prepare("INSERT INTO subscription_marks (key, merchant, currency, state, cadence) VALUES (?, ?, ?, 'manual', ?) ON CONFLICT (key) DO UPDATE SET state = 'manual', cadence = excluded.cadence")
      .run(key, t.merchant, t.currency, cadence);
    return { key };
  })();
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
  const items = input.items.map((i): SavedItem => {
    const s = current.get(i.key);
    if (!s) throw new ApiFailure('not-found', `no subscription ${i.key}`);
    const foreign = s.originalAmountMinor !== null && s.originalCurrency ? { originalAmountMinor: s.originalAmountMinor, originalCurrency: s.originalCurrency } : {};
    return { key: i.key, merchant: s.description, decision: i.decision, note: i.note?.trim() || null, amountMinor: s.amountMinor, currency: s.currency, status: s.status, ...foreign };
  });
  const date = input.date ?? today;
  const id = Number(database.sqlite.prepare('INSERT INTO subscription_reviews (reviewed_at, note, items) VALUES (?, ?, ?)').run(date, input.note?.trim() || null, JSON.stringify(items)).lastInsertRowid);
  return { id, date, note: input.note?.trim() || null, items };
}
