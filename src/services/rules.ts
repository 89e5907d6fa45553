/**
 * Rules: stored in order, applied to new rows on import (services/imports.ts) and re-run over the
 * ledger on demand with a preview first. A re-run is one undoable edit (services/edits.ts).
 */
import { categoryDisplayName } from '../core/categories';
import { compileRule, compileRules, createEvaluator, describeRuleProblem, matchingMerchants, RuleError, type CompiledRule, type Kind, type Rule, type RuleActions, type RuleConditions } from '../core/rules';
import { toMajor } from '../core/money';
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

/**
 * Run rules over every row (one streaming pass) and collect what would change. Hand-chosen
 * categories stay unless `includeManual`; a rule's memo and display name only fill empty ones (never
 * overwriting what the user wrote); tags are added, never removed.
 */
function scan(sqlite: Sqlite, compiled: readonly CompiledRule[], includeManual: boolean): Scan {
  const changes = new ChangeBuilder();
  const newTags = new Map<string, number[]>();
  if (compiled.length === 0) return { changes: changes.build(), examined: 0, newTags };
  const tagNames = [...new Set(compiled.flatMap((c) => c.rule.actions.addTags ?? []))];
  const tagIds = new Map<string, number>();
  for (const name of tagNames) {
    const id = sqlite.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number | undefined;
    if (id !== undefined) tagIds.set(name, id);
  }
  const linked = new Set<string>();
  if (tagIds.size) {
    const ids = [...tagIds.values()];
    for (const r of sqlite.prepare(`SELECT transaction_id AS tx, tag_id AS tag FROM transaction_tags WHERE tag_id IN (${ids.map(() => '?').join(',')})`).iterate(...ids) as Iterable<{ tx: number; tag: number }>) linked.add(`${r.tx}:${r.tag}`);
  }
  const evaluate = createEvaluator(compiled);
  const examined = sqlite.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
  // Rows of merchants no rule can match are skipped inside SQLite: reading a row into JavaScript
  // is most of the cost of a run over a million rows.
  const merchants = matchingMerchants(compiled, sqlite.prepare('SELECT DISTINCT merchant FROM transactions').pluck().all() as string[]);
  if (merchants) {
    sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS rule_merchants (merchant TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.rule_merchants');
    const add = sqlite.prepare('INSERT INTO temp.rule_merchants VALUES (?)');
    for (const m of merchants) add.run(m);
  }
  // Cardholders are few: names from a map rather than a join per row.
  const holders = new Map((sqlite.prepare('SELECT id, name FROM cardholders').raw().all() as [number, string][]).map(([id, name]) => [id, name]));
  // The description is only read when a rule looks at it (strings are most of a row's cost).
  const byDescription = compiled.some((c) => c.field === 'description');
  const rows = sqlite
    .prepare(
      `SELECT id, ${byDescription ? 'description' : "''"}, merchant, amount, currency, card_id, cardholder_id, kind, category_id, category_manual, memo, display_name
       FROM transactions ${merchants ? 'WHERE merchant IN (SELECT merchant FROM temp.rule_merchants)' : ''}`,
    )
    .raw()
    .iterate() as Iterable<[number, string, string, number, string, number, number | null, Kind, number | null, number, string | null, string | null]>;
  for (const [id, description, merchant, amount, currency, cardId, holderId, kind, categoryId, manual, memo, displayName] of rows) {
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
    for (const tag of out.tags) {
      const tagId = tagIds.get(tag);
      if (tagId === undefined) {
        const ids = newTags.get(tag);
        if (ids) ids.push(id);
        else newTags.set(tag, [id]);
      } else if (!linked.has(`${id}:${tagId}`)) changes.addTag(id, tagId);
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
