/**
 * Rules: stored in order, applied to new rows on import (services/imports.ts) and re-run over the
 * ledger on demand with a preview first. A re-run is one undoable edit (services/edits.ts).
 */
import { categoryDisplayName } from '../core/categories';
import { merchantPatternText } from '../core/merchant';
import { isCurrencyCode, minorUnits, toMajor } from '../core/money';
import {
  combineOutcome,
  compileRule,
  compileRules,
  createEvaluator,
  describeRuleProblem,
  liveRules,
  minorBound,
  RuleError,
  textCandidates,
  type CompiledRule,
  type Kind,
  type Rule,
  type RuleActions,
  type RuleConditions,
} from '../core/rules';
import type { RuleChange, RuleRecord } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';
import { ChangeBuilder, changedRows, commitChanges, ensureTag, loadRuleDefinitions, recordLearnedRule, storedRule, writeTransaction, type Changes, type EditDeps, type LearnedRule, type RowFields } from './edits';

type Sqlite = OpenedDatabase['sqlite'];

type Stored = { id: number; name: string; position: number; enabled: number; conditions: string; actions: string; source: 'user' | 'learned' };

function toRecord(r: Stored): RuleRecord {
  return { id: r.id, name: r.name, position: r.position, enabled: r.enabled === 1, conditions: JSON.parse(r.conditions) as RuleConditions, actions: JSON.parse(r.actions) as RuleActions, source: r.source };
}

export function listRules(sqlite: Sqlite): RuleRecord[] {
  return (sqlite.prepare('SELECT id, name, position, enabled, conditions, actions, source FROM rules ORDER BY position, id').all() as Stored[]).map(toRecord);
}

function getRule(sqlite: Sqlite, id: number): RuleRecord {
  const row = sqlite.prepare('SELECT id, name, position, enabled, conditions, actions, source FROM rules WHERE id = ?').get(id) as Stored | undefined;
  if (!row) throw new ApiFailure('not-found', `no rule with id ${id}`);
  return toRecord(row);
}

function checkRule(sqlite: Sqlite, conditions: RuleConditions, actions: RuleActions): void {
  const problem = describeRuleProblem(conditions, actions);
  if (problem) throw new ApiFailure('invalid-input', problem);
  if (actions.categoryId != null && !sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').get(actions.categoryId)) throw new ApiFailure('not-found', `no category with id ${actions.categoryId}`);
}

export function saveRule(sqlite: Sqlite, input: { id?: number; name: string; enabled: boolean; conditions: RuleConditions; actions: RuleActions; source: 'user' | 'learned' }): RuleRecord {
  checkRule(sqlite, input.conditions, input.actions);
  const conditions = JSON.stringify(input.conditions);
  const actions = JSON.stringify(input.actions);
  if (input.id !== undefined) {
    getRule(sqlite, input.id);
    sqlite
      .prepare("UPDATE rules SET name = ?, enabled = ?, conditions = ?, actions = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?")
      .run(input.name, input.enabled ? 1 : 0, conditions, actions, input.id);
    return getRule(sqlite, input.id);
  }
  if (input.source === 'learned') {
    // One learned rule per merchant: re-learning updates it rather than leaving an older one first.
    const same = learnedRuleFor(sqlite, input.conditions);
    if (same) {
      sqlite.prepare("UPDATE rules SET name = ?, enabled = 1, conditions = ?, actions = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(input.name, conditions, actions, same.id);
      return getRule(sqlite, same.id);
    }
  }
  // A learned rule is the user's latest word on one merchant: it goes ahead of broader rules.
  const position =
    input.source === 'learned'
      ? ((sqlite.prepare('SELECT MIN(position) FROM rules').pluck().get() as number | null) ?? 1) - 1
      : ((sqlite.prepare('SELECT MAX(position) FROM rules').pluck().get() as number | null) ?? 0) + 1;
  const id = Number(
    sqlite.prepare('INSERT INTO rules (name, position, enabled, conditions, actions, source) VALUES (?, ?, ?, ?, ?, ?)').run(input.name, position, input.enabled ? 1 : 0, conditions, actions, input.source).lastInsertRowid,
  );
  return getRule(sqlite, id);
}

/** The learned rule already kept for this merchant (a learned rule's condition is `merchant equals …`). */
function learnedRuleFor(sqlite: Sqlite, conditions: RuleConditions): { id: number } | undefined {
  if (conditions.text?.op !== 'equals') return undefined;
  const value = conditions.text.value;
  return (sqlite.prepare("SELECT id, conditions FROM rules WHERE source = 'learned'").all() as { id: number; conditions: string }[]).find((r) => (JSON.parse(r.conditions) as RuleConditions).text?.value === value);
}

export function deleteRule(sqlite: Sqlite, id: number): { id: number } {
  getRule(sqlite, id);
  sqlite.prepare('DELETE FROM rules WHERE id = ?').run(id);
  return { id };
}

/** New order: `ids` must name every rule exactly once. */
export function reorderRules(sqlite: Sqlite, ids: number[]): RuleRecord[] {
  const all = (sqlite.prepare('SELECT id FROM rules').pluck().all() as number[]).sort((a, b) => a - b);
  const given = [...ids].sort((a, b) => a - b);
  if (all.length !== given.length || all.some((id, i) => id !== given[i])) throw new ApiFailure('invalid-input', 'the new order must list every rule exactly once');
  sqlite.transaction(() => {
    const set = sqlite.prepare('UPDATE rules SET position = ? WHERE id = ?');
    ids.forEach((id, i) => set.run(i + 1, id));
  })();
  return listRules(sqlite);
}

/**
 * Save a learned rule (or update the merchant's existing one) and run it over the merchant's other
 * rows; used directly when the learning setting is `auto`. Returns the rule as stored before and
 * after, so the step that records it (services/edits.ts `recordLearnedRule`) can undo it.
 */
export function createLearnedRule(deps: EditDeps, def: { name: string; conditions: RuleConditions; actions: RuleActions }): LearnedRule {
  const { sqlite } = deps.database;
  const existing = learnedRuleFor(sqlite, def.conditions);
  const before = existing ? storedRule(sqlite, existing.id) : null;
  const rule = saveRule(sqlite, { ...def, enabled: true, source: 'learned' });
  const after = storedRule(sqlite, rule.id);
  const run = applyRules(deps, { ruleId: rule.id, includeManual: false });
  return { ruleId: rule.id, rule: { id: rule.id, before, after }, changed: run.changed, historyId: run.historyId };
}

/** The user accepted the rule Meisai offered: saved, run, and recorded as one undoable step. */
export function acceptLearnedRule(deps: EditDeps, def: { name: string; conditions: RuleConditions; actions: RuleActions }): { rule: RuleRecord; changed: number; historyId: number | null } {
  const { sqlite } = deps.database;
  return writeTransaction(sqlite, () => {
    const learned = createLearnedRule(deps, def);
    const historyId = recordLearnedRule(sqlite, null, learned, { key: 'rule.learn', args: { rule: def.name, n: learned.changed } });
    return { rule: getRule(sqlite, learned.ruleId), changed: learned.changed, historyId };
  });
}

function compiledFor(sqlite: Sqlite, ruleId: number | undefined, draft: { conditions: RuleConditions; actions: RuleActions } | undefined): CompiledRule[] {
  try {
    if (draft) {
      checkRule(sqlite, draft.conditions, draft.actions);
      return [compileRule({ id: 0, name: 'draft', enabled: true, ...draft } satisfies Rule)];
    }
    if (ruleId !== undefined) {
      const r = getRule(sqlite, ruleId);
      return [compileRule({ id: r.id, name: r.name, enabled: true, conditions: r.conditions, actions: r.actions })];
    }
    return compileRules(loadRuleDefinitions(sqlite));
  } catch (e) {
    if (e instanceof RuleError) throw new ApiFailure('invalid-input', e.message);
    throw e;
  }
}

type Scan = { changes: Changes; examined: number; newTags: Map<string, number[]> };

/** A row as a run reads it: the rules' inputs, the editable fields, and the links to the rules' tags. */
type ScanRow = [id: number, description: string, merchant: string, amount: number, currency: string, cardId: number, holderId: number | null, kind: Kind, categoryId: number | null, manual: number, memo: string | null, displayName: string | null, links: string | null];

/** Distinct non-text conditions that get a bit of a row's mask; rows of rules beyond it are read whole. */
const MAX_CONDITIONS = 30;
/** Classes whose outcome depends on more conditions than this are read whole rather than enumerated. */
const MAX_CLASS_CONDITIONS = 8;

let digitGroups: Map<number, string[]> | null = null;
/** Every currency this runtime knows, by minor digits (an amount bound differs per group). */
function currenciesByDigits(): Map<number, string[]> {
  if (!digitGroups) {
    digitGroups = new Map();
    for (const c of Intl.supportedValuesOf('currency')) {
      if (!isCurrencyCode(c)) continue;
      const d = minorUnits(c);
      const list = digitGroups.get(d);
      if (list) list.push(c);
      else digitGroups.set(d, [c]);
    }
  }
  return digitGroups;
}

const quote = (v: string) => `'${v.replaceAll("'", "''")}'`;

/** `t.amount` against a major-unit bound, exactly as the rule compares it, per currency digits. */
function amountSql(bound: number, op: '>=' | '<='): string | null {
  const branches: string[] = [];
  let otherwise: number | null = null;
  for (const [digits, list] of currenciesByDigits()) {
    const m = minorBound(bound, list[0]!, op);
    if (m === null) return null;
    if (digits === 2) otherwise = m;
    else branches.push(`WHEN t.currency IN (${list.map(quote).join(',')}) THEN ${m}`);
  }
  if (otherwise === null) return null;
  return `t.amount ${op} (CASE ${branches.join(' ')} ELSE ${otherwise} END)`;
}

/** A rule's non-text conditions as one SQL test on `transactions t`; null when it cannot be said exactly. */
function restSql(c: RuleConditions, holders: readonly [number, string][]): string | null {
  const parts: string[] = [];
  if (c.amountMin != null) parts.push(amountSql(c.amountMin, '>=') ?? '');
  if (c.amountMax != null) parts.push(amountSql(c.amountMax, '<=') ?? '');
  if (c.cardIds?.length) parts.push(c.cardIds.every(Number.isSafeInteger) ? `t.card_id IN (${c.cardIds.join(',')})` : '');
  if (c.cardholders?.length) {
    const names = new Set(c.cardholders.map((n) => merchantPatternText(n)));
    const ids = holders.filter(([, name]) => names.has(merchantPatternText(name))).map(([id]) => id);
    parts.push(ids.length ? `t.cardholder_id IN (${ids.join(',')})` : '0');
  }
  if (c.currencies?.length) parts.push(`t.currency IN (${c.currencies.map(quote).join(',')})`);
  if (c.kinds?.length) parts.push(`t.kind IN (${c.kinds.map(quote).join(',')})`);
  if (parts.includes('')) return null;
  return parts.length ? parts.join(' AND ') : '1';
}

/** The merchants seen per connection, and the highest row id they cover. */
const merchantsSeen = new WeakMap<Sqlite, { maxId: number; merchants: Set<string> }>();

/**
 * Every distinct merchant of the ledger (and perhaps some of deleted rows: harmless). Finding them
 * is a pass over the table (the merchant column has no index, which would slow imports), so they
 * are remembered per connection and topped up from the rows added since (ids only grow). A row
 * whose merchant is missing anyway is not lost: the run reads it whole.
 */
function ledgerMerchants(sqlite: Sqlite): string[] {
  const maxId = (sqlite.prepare('SELECT MAX(id) FROM transactions').pluck().get() as number | null) ?? 0;
  let seen = merchantsSeen.get(sqlite);
  if (!seen) {
    seen = { maxId: 0, merchants: new Set() };
    merchantsSeen.set(sqlite, seen);
  }
  if (maxId > seen.maxId) {
    for (const m of sqlite.prepare('SELECT DISTINCT merchant FROM transactions WHERE id > ?').pluck().iterate(seen.maxId) as Iterable<string>) seen.merchants.add(m);
    seen.maxId = maxId;
  }
  return [...seen.merchants];
}

const popcount = (n: number) => {
  let k = 0;
  for (let x = n; x; x &= x - 1) k++;
  return k;
};

/**
 * The rows a run of these rules would change, found inside SQLite so that a re-run over a million
 * rows reads only those into JavaScript (reading a row costs far more than testing it).
 *
 * Rows are classed by which rules' text conditions hold (worked out once per distinct merchant, or
 * merchant and description when a rule looks at the description); each distinct non-text condition
 * (amount band, cards, cardholders, currencies, kinds) is a bit SQL computes per row. For every
 * class and combination of its bits the rules' outcome is worked out here (`combineOutcome`, as for
 * a single row) and stored; SQL then keeps the rows whose fields or tag links differ from their
 * outcome. Classes that would need too many combinations are kept whole. The caller evaluates the
 * returned rows in full, so this only has to never drop a row that could change.
 */
function rowsToExamine(sqlite: Sqlite, live: readonly CompiledRule[], includeManual: boolean, tagIds: ReadonlyMap<string, number>): Iterable<ScanRow> {
  const byDescription = live.some((c) => c.field === 'description');
  const holders = sqlite.prepare('SELECT id, name FROM cardholders').raw().all() as [number, string][];
  // One bit per distinct non-text condition; -1 for a rule whose conditions SQL cannot test exactly.
  const bits = new Map<string, number>();
  const ruleBit = live.map((c) => {
    if (c.rest.length === 0) return 0;
    const sql = restSql(c.rule.conditions, holders);
    if (sql === null) return -1;
    if (!bits.has(sql)) {
      if (bits.size >= MAX_CONDITIONS) return -1;
      bits.set(sql, 2 ** bits.size);
    }
    return bits.get(sql)!;
  });

  sqlite.exec(`DROP TABLE IF EXISTS temp.rule_key; DROP TABLE IF EXISTS temp.rule_outcome; DROP TABLE IF EXISTS temp.rule_outcome_tag;
    CREATE TEMP TABLE rule_key (merchant TEXT NOT NULL, description TEXT NOT NULL, cls INTEGER NOT NULL, relevant INTEGER NOT NULL, whole INTEGER NOT NULL,
      PRIMARY KEY (merchant, description)) WITHOUT ROWID;
    CREATE TEMP TABLE rule_outcome (cls INTEGER NOT NULL, mask INTEGER NOT NULL, id INTEGER NOT NULL, whole INTEGER NOT NULL, category_id INTEGER,
      display_name TEXT, memo TEXT, tag_count INTEGER NOT NULL, tag_id INTEGER, PRIMARY KEY (cls, mask)) WITHOUT ROWID;
    CREATE TEMP TABLE rule_outcome_tag (outcome INTEGER NOT NULL, tag_id INTEGER);
    CREATE INDEX temp.rule_outcome_tag_outcome ON rule_outcome_tag (outcome)`);
  const addKey = sqlite.prepare('INSERT INTO temp.rule_key VALUES (?, ?, ?, ?, ?)');
  const addOutcome = sqlite.prepare('INSERT INTO temp.rule_outcome VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const addTag = sqlite.prepare('INSERT INTO temp.rule_outcome_tag VALUES (?, ?)');
  const classes = new Map<string, { cls: number; relevant: number; whole: boolean }>();
  let outcomes = 0;
  const keys = byDescription ? (sqlite.prepare('SELECT DISTINCT merchant, description FROM transactions').raw().all() as [string, string][]) : ledgerMerchants(sqlite).map((m) => [m, ''] as const);
  for (const [merchant, description] of keys) {
    const candidates = textCandidates(live, merchant, description);
    // Known, and no rule's text holds: class 0, which has no outcome.
    if (candidates.length === 0) {
      addKey.run(merchant, description, 0, 0, 0);
      continue;
    }
    const signature = candidates.join(',');
    let c = classes.get(signature);
    if (!c) {
      const relevant = candidates.reduce((acc, i) => acc | Math.max(ruleBit[i]!, 0), 0);
      const whole = candidates.some((i) => ruleBit[i] === -1) || popcount(relevant) > MAX_CLASS_CONDITIONS;
      c = { cls: classes.size + 1, relevant, whole };
      classes.set(signature, c);
      // Every combination of the class's bits (submasks of `relevant`), or one stand-in row when kept whole.
      for (let mask = relevant; ; mask = (mask - 1) & relevant) {
        if (whole) {
          addOutcome.run(c.cls, -1, ++outcomes, 1, null, null, null, 0, null);
          break;
        }
        const m = mask;
        const out = combineOutcome(live, candidates, (i) => ruleBit[i] === 0 || (ruleBit[i]! & m) !== 0);
        if (out.categoryId !== undefined || out.displayName !== undefined || out.memo !== undefined || out.tags.length) {
          // A tag that does not exist yet links to no row: its rows all change (NULL never joins).
          const tags = out.tags.map((tag) => tagIds.get(tag) ?? null);
          addOutcome.run(c.cls, m, ++outcomes, 0, out.categoryId ?? null, out.displayName ?? null, out.memo ?? null, tags.length, tags.length === 1 ? tags[0] : null);
          if (tags.length > 1) for (const tag of tags) addTag.run(outcomes, tag);
        }
        if (mask === 0) break;
      }
    }
    addKey.run(merchant, description, c.cls, c.relevant, c.whole ? 1 : 0);
  }
  const mask = bits.size ? [...bits].map(([sql, bit]) => `(CASE WHEN k.relevant & ${bit} AND (${sql}) THEN ${bit} ELSE 0 END)`).join(' | ') : '0';
  const ruleTags = [...tagIds.values()];
  return sqlite
    .prepare(
      `SELECT t.id, ${byDescription ? 't.description' : "''"}, t.merchant, t.amount, t.currency, t.card_id, t.cardholder_id, t.kind, t.category_id, t.category_manual, t.memo, t.display_name,
         ${ruleTags.length ? `(SELECT group_concat(tt.tag_id) FROM transaction_tags tt WHERE tt.transaction_id = t.id AND tt.tag_id IN (${ruleTags.join(',')}))` : 'NULL'}
       FROM transactions t
       LEFT JOIN temp.rule_key k ON k.merchant = t.merchant AND k.description = ${byDescription ? 't.description' : "''"}
       LEFT JOIN temp.rule_outcome o ON o.cls = k.cls AND o.mask = (CASE WHEN k.whole THEN -1 ELSE ${mask} END)
       -- A merchant not in the key table (rows added meanwhile) is read whole.
       WHERE k.merchant IS NULL
         OR (o.cls IS NOT NULL AND (o.whole
           OR (o.category_id IS NOT NULL AND o.category_id IS NOT t.category_id ${includeManual ? '' : 'AND t.category_manual IS NOT 1'})
           OR (o.display_name IS NOT NULL AND (t.display_name IS NULL OR t.display_name = ''))
           OR (o.memo IS NOT NULL AND (t.memo IS NULL OR t.memo = ''))
           OR (CASE o.tag_count WHEN 0 THEN 0
               WHEN 1 THEN o.tag_id IS NULL OR NOT EXISTS (SELECT 1 FROM transaction_tags tt WHERE tt.transaction_id = t.id AND tt.tag_id = o.tag_id)
               ELSE (SELECT COUNT(*) FROM temp.rule_outcome_tag ot JOIN transaction_tags tt ON tt.transaction_id = t.id AND tt.tag_id = ot.tag_id WHERE ot.outcome = o.id) < o.tag_count END)))`,
    )
    .raw()
    .iterate() as Iterable<ScanRow>;
}

/**
 * Run rules over every row and collect what would change. Hand-chosen categories stay unless
 * `includeManual`; a rule's memo and display name only fill empty ones (never overwriting what the
 * user wrote); tags are added, never removed.
 */
function scan(sqlite: Sqlite, compiled: readonly CompiledRule[], includeManual: boolean): Scan {
  const changes = new ChangeBuilder();
  const newTags = new Map<string, number[]>();
  const live = liveRules(compiled);
  if (live.length === 0) return { changes: changes.build(), examined: compiled.length ? (sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number) : 0, newTags };
  const tagIds = new Map<string, number>();
  for (const name of new Set(live.flatMap((c) => c.rule.actions.addTags ?? []))) {
    const id = sqlite.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number | undefined;
    if (id !== undefined) tagIds.set(name, id);
  }
  const evaluate = createEvaluator(live);
  const examined = sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
  // Cardholders are few: names from a map rather than a join per row.
  const holders = new Map((sqlite.prepare('SELECT id, name FROM cardholders').raw().all() as [number, string][]).map(([id, name]) => [id, name]));
  for (const [id, description, merchant, amount, currency, cardId, holderId, kind, categoryId, manual, memo, displayName, links] of rowsToExamine(sqlite, live, includeManual, tagIds)) {
    const out = evaluate({ description, merchant, amount, currency, cardId, cardholder: holderId === null ? null : (holders.get(holderId) ?? null), kind });
    if (out.ruleIds.length === 0) continue;
    const before: RowFields = { categoryId, manual: manual === 1, memo, displayName };
    const after: RowFields = { ...before };
    if (out.categoryId !== undefined && (includeManual || manual !== 1) && out.categoryId !== categoryId) {
      after.categoryId = out.categoryId;
      after.manual = false;
    }
    if (out.displayName !== undefined && (displayName === null || displayName === '')) after.displayName = out.displayName;
    if (out.memo !== undefined && (memo === null || memo === '')) after.memo = out.memo;
    changes.row(id, before, after);
    const linked = links === null ? [] : links.split(',').map(Number);
    for (const tag of out.tags) {
      const tagId = tagIds.get(tag);
      if (tagId === undefined) {
        const ids = newTags.get(tag);
        if (ids) ids.push(id);
        else newTags.set(tag, [id]);
      } else if (!linked.includes(tagId)) changes.addTag(id, tagId);
    }
  }
  return { changes: changes.build(), examined, newTags };
}

export function previewRules(
  deps: EditDeps,
  input: { ruleId?: number; draft?: { conditions: RuleConditions; actions: RuleActions }; includeManual: boolean; limit: number },
): { changed: number; examined: number; changes: RuleChange[] } {
  const { sqlite } = deps.database;
  const { changes, examined, newTags } = scan(sqlite, compiledFor(sqlite, input.ruleId, input.draft), input.includeManual);
  // Per row: field changes and tags to add (existing tags by id, new ones by name).
  const byRow = new Map<number, { fields?: { before: RowFields; after: RowFields }; tags: string[] }>();
  const entry = (id: number) => byRow.get(id) ?? byRow.set(id, { tags: [] }).get(id)!;
  for (const g of changes.groups) for (const id of g.ids) entry(id).fields = { before: g.before, after: g.after };
  for (const { tagId, ids } of changes.tagsAdded) {
    const name = sqlite.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(tagId) as string;
    for (const id of ids) entry(id).tags.push(name);
  }
  for (const [name, ids] of newTags) for (const id of ids) entry(id).tags.push(name);
  const locale = deps.settings.get().locale;
  const catName = sqlite.prepare('SELECT name, builtin_key AS key FROM categories WHERE id = ?');
  const nameOf = (id: number | null) => {
    if (id === null) return null;
    const c = catName.get(id) as { name: string; key: string | null } | undefined;
    return c ? categoryDisplayName(c.name, c.key, locale) : null;
  };
  const info = sqlite.prepare(
    `SELECT t.date, t.description, t.amount, t.currency, c.name AS cardName, t.category_id AS categoryId, t.memo, t.display_name AS displayName,
       (SELECT json_group_array(g.name) FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.transaction_id = t.id) AS tags
     FROM transactions t JOIN cards c ON c.id = t.card_id WHERE t.id = ?`,
  );
  const ids = [...byRow.keys()].sort((a, b) => b - a);
  const shown: RuleChange[] = ids.slice(0, input.limit).map((id) => {
    const r = info.get(id) as { date: string; description: string; amount: number; currency: string; cardName: string; categoryId: number | null; memo: string | null; displayName: string | null; tags: string };
    const e = byRow.get(id)!;
    const tags = JSON.parse(r.tags) as string[];
    const before = { category: nameOf(r.categoryId), displayName: r.displayName, memo: r.memo, tags };
    const f = e.fields?.after;
    const after = { category: f ? nameOf(f.categoryId) : before.category, displayName: f ? f.displayName : r.displayName, memo: f ? f.memo : r.memo, tags: [...tags, ...e.tags] };
    return { id, date: r.date, description: r.description, amount: toMajor(r.amount, r.currency), currency: r.currency, cardName: r.cardName, before, after };
  });
  return { changed: byRow.size, examined, changes: shown };
}

export function applyRules(deps: EditDeps, input: { ruleId?: number; includeManual: boolean }): { changed: number; historyId: number | null } {
  const { sqlite } = deps.database;
  return writeTransaction(sqlite, () => {
    const { changes, newTags } = scan(sqlite, compiledFor(sqlite, input.ruleId, undefined), input.includeManual);
    for (const [name, ids] of newTags) changes.tagsAdded.push({ tagId: ensureTag(sqlite, name), ids });
    const rows = changedRows(changes);
    const label = input.ruleId !== undefined ? { key: 'rule.apply' as const, args: { rule: getRule(sqlite, input.ruleId).name, n: rows } } : { key: 'rules.applyAll' as const, args: { n: rows } };
    const historyId = commitChanges(sqlite, label, changes);
    return { changed: rows, historyId };
  });
}

/** Rules for an import: compiled once, evaluated per new row before it is written. */
export function rulesForImport(sqlite: Sqlite): { any: boolean; evaluate: ReturnType<typeof createEvaluator>; tagId: (name: string) => number } {
  const compiled = compileRules(loadRuleDefinitions(sqlite));
  const ids = new Map<string, number>();
  return {
    any: compiled.length > 0,
    evaluate: createEvaluator(compiled),
    tagId: (name) => ids.get(name) ?? ids.set(name, ensureTag(sqlite, name)).get(name)!,
  };
}
