/**
 * Edits to transactions (category, memo, display name, tags) and their undo/redo history. Every
 * edit — by hand, in bulk, or by re-running rules — is one entry in `edit_history` holding exactly
 * what it changed, so undo restores the rows as they were and redo replays the same change.
 */
import { categoryDisplayName } from '../core/categories';
import { compileRules, evaluateRules, ruleFromEdit, type Kind, type Rule, type RuleActions, type RuleConditions } from '../core/rules';
import type { HistoryEntry, HistoryLabel, HistoryState, RuleSuggestion, TransactionEdit, TransactionFilter } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { isValidRate } from '../core/fx';
import { merchantDisplayText } from '../core/merchant';
import { isCurrencyCode, minorUnits, parseAmount } from '../core/money';
import type { OpenedDatabase } from './db/open';
import type { SettingsStore } from './settings';
import { dropUnusedSearchTexts, searchIdWriter } from './search-texts';
import { transactionIds } from './transactions';

export interface EditDeps {
  database: OpenedDatabase;
  settings: SettingsStore;
}

type Sqlite = OpenedDatabase['sqlite'];

/** One row's editable state. */
export interface RowFields {
  categoryId: number | null;
  manual: boolean;
  memo: string | null;
  displayName: string | null;
  /** Original amount (minor units of its currency), currency and printed rate; only when edited. */
  foreign?: Foreign;
}

export interface Foreign {
  amount: number | null;
  currency: string | null;
  rate: string | null;
}

const sameForeign = (a: Foreign | undefined, b: Foreign | undefined) => a?.amount === b?.amount && a?.currency === b?.currency && a?.rate === b?.rate;
const sameFields = (a: RowFields, b: RowFields) => a.categoryId === b.categoryId && a.manual === b.manual && a.memo === b.memo && a.displayName === b.displayName && sameForeign(a.foreign, b.foreign);

/**
 * What one history entry changed: rows grouped by identical before/after states (a rule run moves
 * hundreds of thousands of rows through a handful of states) and tag links grouped by tag.
 */
export interface Changes {
  groups: { before: RowFields; after: RowFields; ids: number[] }[];
  tagsAdded: { tagId: number; ids: number[] }[];
  tagsRemoved: { tagId: number; ids: number[] }[];
  /** Rules the step created or changed (a learned rule), as stored before and after; null = none. */
  rules?: RuleState[];
}

/** A `rules` row exactly as stored, so undo and redo put it back as it was (same id and position). */
export interface StoredRule {
  id: number;
  name: string;
  position: number;
  enabled: number;
  conditions: string;
  actions: string;
  source: 'user' | 'learned';
  created_at: string;
  updated_at: string | null;
}

export interface RuleState {
  id: number;
  before: StoredRule | null;
  after: StoredRule | null;
}

export function storedRule(sqlite: Sqlite, id: number): StoredRule | null {
  return (sqlite.prepare('SELECT id, name, position, enabled, conditions, actions, source, created_at, updated_at FROM rules WHERE id = ?').get(id) as StoredRule | undefined) ?? null;
}

/** Put a rule back as stored (or remove it). A category deleted since is dropped and the rule switched off, as deleting it does. */
function writeRule(sqlite: Sqlite, id: number, rule: StoredRule | null): void {
  if (!rule) {
    sqlite.prepare('DELETE FROM rules WHERE id = ?').run(id);
    return;
  }
  let { actions, enabled } = rule;
  const parsed = JSON.parse(actions) as RuleActions;
  if (parsed.categoryId != null && !sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').get(parsed.categoryId)) {
    delete parsed.categoryId;
    actions = JSON.stringify(parsed);
    enabled = 0;
  }
  sqlite
    .prepare('INSERT OR REPLACE INTO rules (id, name, position, enabled, conditions, actions, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(rule.id, rule.name, rule.position, enabled, rule.conditions, actions, rule.source, rule.created_at, rule.updated_at);
}

/** Collects changes row by row into the grouped form. */
export class ChangeBuilder {
  private groups = new Map<string, Changes['groups'][number]>();
  private added = new Map<number, number[]>();
  private removed = new Map<number, number[]>();

  row(id: number, before: RowFields, after: RowFields): void {
    if (sameFields(before, after)) return;
    // Rule runs group hundreds of thousands of rows: a cheap key when no foreign fields are involved.
    const key =
      before.foreign || after.foreign
        ? JSON.stringify([before, after])
        : `${before.categoryId}|${before.manual}|${before.memo === null ? '\u0001' : before.memo}|${before.displayName === null ? '\u0001' : before.displayName}\u0000${after.categoryId}|${after.manual}|${after.memo === null ? '\u0001' : after.memo}|${after.displayName === null ? '\u0001' : after.displayName}`;
    const g = this.groups.get(key);
    if (g) g.ids.push(id);
    else this.groups.set(key, { before, after, ids: [id] });
  }

  addTag(id: number, tagId: number): void {
    push(this.added, tagId, id);
  }

  removeTag(id: number, tagId: number): void {
    push(this.removed, tagId, id);
  }

  build(): Changes {
    const list = (m: Map<number, number[]>) => [...m].map(([tagId, ids]) => ({ tagId, ids }));
    return { groups: [...this.groups.values()], tagsAdded: list(this.added), tagsRemoved: list(this.removed) };
  }
}

function push(m: Map<number, number[]>, key: number, id: number): void {
  const list = m.get(key);
  if (list) list.push(id);
  else m.set(key, [id]);
}

const HISTORY_LIMIT = 100;
const CHUNK = 900;

export function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The tag's id, creating the tag when it does not exist yet. */
export function ensureTag(sqlite: Sqlite, name: string): number {
  const found = sqlite.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number | undefined;
  return found ?? Number(sqlite.prepare('INSERT INTO tags (name) VALUES (?)').run(name).lastInsertRowid);
}

/** Write a set of changes forward (`after`) or back (`before`). Runs inside the caller's transaction. */
function writeChanges(sqlite: Sqlite, changes: Changes, direction: 'forward' | 'back'): void {
  const categoryExists = sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').pluck();
  const textOf = sqlite.prepare('SELECT description, search_id AS searchId FROM transactions WHERE id = ?');
  const searchIdOf = searchIdWriter(sqlite);
  // Texts rows leave behind (an old memo): dropped at the end unless another row still has them.
  const leftBehind = new Set<number>();
  for (const g of changes.groups) {
    const target = direction === 'forward' ? g.after : g.before;
    // A category deleted since the edit cannot come back: those rows stay uncategorised.
    const s = target.categoryId !== null && !categoryExists.get(target.categoryId) ? { ...target, categoryId: null } : target;
    // Search text only needs rebuilding when the memo or the display name changed.
    const textChanged = g.before.memo !== g.after.memo || g.before.displayName !== g.after.displayName;
    const foreign = s.foreign;
    // One prepared statement run per row: cheaper than re-preparing `id IN (…)` lists for thousands of rows.
    const update = sqlite.prepare(
      // No per-row timestamp: edit_history dates the change, and growing every row by one
      // would split most pages of the table on a large rule run.
      `UPDATE transactions SET category_id = ?, category_manual = ?, memo = ?, display_name = ?
         ${foreign ? ', original_amount = ?, original_currency = ?, fx_rate = ?' : ''}
         ${textChanged ? ', search_id = ?' : ''}
       WHERE id = ?`,
    );
    const values = [
      s.categoryId,
      s.manual ? 1 : 0,
      s.memo,
      s.displayName,
      ...(foreign ? [foreign.amount, foreign.currency, foreign.rate] : []),
    ];
    for (const id of g.ids) {
      if (!textChanged) update.run(...values, id);
      else {
        // The row's new search text (its description with the new memo and name), stored once.
        const row = textOf.get(id) as { description: string; searchId: number | null } | undefined;
        if (row === undefined) continue;
        const searchId = searchIdOf([row.description, s.displayName, s.memo]);
        if (row.searchId !== null && row.searchId !== searchId) leftBehind.add(row.searchId);
        update.run(...values, searchId, id);
      }
    }
  }
  dropUnusedSearchTexts(sqlite, leftBehind);
  // Rows removed since (an undone import) cannot take a tag link back: only existing rows do.
  const add = sqlite.prepare('INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) SELECT id, ? FROM transactions WHERE id = ?');
  const remove = sqlite.prepare('DELETE FROM transaction_tags WHERE transaction_id = ? AND tag_id = ?');
  const [toAdd, toRemove] = direction === 'forward' ? [changes.tagsAdded, changes.tagsRemoved] : [changes.tagsRemoved, changes.tagsAdded];
  // A tag deleted since the edit cannot come back as a link; skip it rather than fail the undo.
  const tagExists = sqlite.prepare('SELECT 1 FROM tags WHERE id = ?').pluck();
  for (const { tagId, ids } of toAdd) if (tagExists.get(tagId)) for (const id of ids) add.run(tagId, id);
  for (const { tagId, ids } of toRemove) for (const id of ids) remove.run(id, tagId);
  for (const r of changes.rules ?? []) writeRule(sqlite, r.id, direction === 'forward' ? r.after : r.before);
}

export function changedRows(c: Changes): number {
  const ids = new Set<number>();
  for (const g of c.groups) for (const id of g.ids) ids.add(id);
  for (const t of [...c.tagsAdded, ...c.tagsRemoved]) for (const id of t.ids) ids.add(id);
  return ids.size;
}

/** Something to undo: rows changed, or a rule. */
function hasChanges(c: Changes): boolean {
  return changedRows(c) > 0 || (c.rules?.length ?? 0) > 0;
}

/** Apply changes and record them as one undoable step (the redo stack is dropped). */
export function commitChanges(sqlite: Sqlite, label: HistoryLabel, changes: Changes): number | null {
  if (!hasChanges(changes)) return null;
  const body = () => {
    writeChanges(sqlite, changes, 'forward');
    return recordHistory(sqlite, label, changes);
  };
  // Inside a caller's transaction a nested one would be a SAVEPOINT, and SQLite then journals every
  // page the edit touches a second time: a 60,000-row rule run went from seconds to minutes.
  return sqlite.inTransaction ? body() : writeTransaction(sqlite, body);
}

/** Record changes already written as the newest undoable step. */
function recordHistory(sqlite: Sqlite, label: HistoryLabel, changes: Changes): number {
  sqlite.prepare("DELETE FROM edit_history WHERE state = 'undone'").run();
  const id = Number(sqlite.prepare('INSERT INTO edit_history (label, changes) VALUES (?, ?)').run(JSON.stringify(label), JSON.stringify(changes)).lastInsertRowid);
  sqlite.prepare("DELETE FROM edit_history WHERE state = 'done' AND id <= (SELECT id FROM edit_history WHERE state = 'done' ORDER BY id DESC LIMIT 1 OFFSET ?)").run(HISTORY_LIMIT);
  return id;
}

/** The label column holds `{key, args}` as JSON; older entries hold English text. */
function readLabel(stored: string): HistoryLabel {
  if (stored.startsWith('{')) {
    try {
      const l = JSON.parse(stored) as HistoryLabel;
      if (typeof l.key === 'string' && l.args && typeof l.args === 'object') return l;
    } catch {
      // Not ours: shown as text.
    }
  }
  return { key: 'text', args: { text: stored } };
}

const FIELD_WORDS: Record<NonNullable<HistoryLabel['args']['fields']>[number], string> = { category: 'category', memo: 'memo', name: 'name', foreign: 'foreign amount', tags: 'tags' };
const rowsText = (n: number | undefined) => `${n ?? 0} row${n === 1 ? '' : 's'}`;

/** A step in English (logs, the CLI, older clients); the UI words it from `key` and `args`. */
export function historyLabelText(l: HistoryLabel): string {
  const a = l.args;
  switch (l.key) {
    case 'edit':
      return `Edit ${(a.fields ?? []).map((f) => FIELD_WORDS[f]).join(', ')} of ${rowsText(a.n)}${a.rule ? ` and learn the rule "${a.rule}"` : ''}`;
    case 'rule.apply':
      return `Apply rule "${a.rule ?? ''}" to ${rowsText(a.n)}`;
    case 'rules.applyAll':
      return `Apply all rules to ${rowsText(a.n)}`;
    case 'rule.learn':
      return `Create the rule "${a.rule ?? ''}" and apply it to ${rowsText(a.n)}`;
    default:
      return a.text ?? '';
  }
}

function entry(row: { id: number; label: string }): HistoryEntry {
  const l = readLabel(row.label);
  return { id: row.id, ...l, label: historyLabelText(l) };
}

/**
 * A write transaction that takes the write lock up front (BEGIN IMMEDIATE): a deferred one that read
 * first would fail outright if the import worker committed meanwhile. While an import holds the lock
 * past the busy timeout, the edit fails with a message saying so, and nothing is written.
 */
export function writeTransaction<T>(sqlite: Sqlite, body: () => T): T {
  try {
    return sqlite.transaction(body).immediate();
  } catch (e) {
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_BUSY')) {
      throw new ApiFailure('conflict', 'an import is being written to the ledger; try the edit again when it has finished');
    }
    throw e;
  }
}

export function historyState(sqlite: Sqlite): HistoryState {
  const undo = sqlite.prepare("SELECT id, label FROM edit_history WHERE state = 'done' ORDER BY id DESC LIMIT 1").get() as { id: number; label: string } | undefined;
  const redo = sqlite.prepare("SELECT id, label FROM edit_history WHERE state = 'undone' ORDER BY id ASC LIMIT 1").get() as { id: number; label: string } | undefined;
  return { undo: undo ? entry(undo) : null, redo: redo ? entry(redo) : null };
}

export type HistoryStep = { label: string | null; entry: HistoryEntry | null; rows: number; state: HistoryState };

export function undoEdit(sqlite: Sqlite): HistoryStep {
  return step(sqlite, 'back');
}

export function redoEdit(sqlite: Sqlite): HistoryStep {
  return step(sqlite, 'forward');
}

function step(sqlite: Sqlite, direction: 'forward' | 'back'): HistoryStep {
  const result = writeTransaction(sqlite, () => {
    const row = (
      direction === 'back'
        ? sqlite.prepare("SELECT id, label, changes FROM edit_history WHERE state = 'done' ORDER BY id DESC LIMIT 1").get()
        : sqlite.prepare("SELECT id, label, changes FROM edit_history WHERE state = 'undone' ORDER BY id ASC LIMIT 1").get()
    ) as { id: number; label: string; changes: string } | undefined;
    if (!row) return { label: null, entry: null, rows: 0 };
    const changes = JSON.parse(row.changes) as Changes;
    // Rows deleted since (an undone import) are simply gone; the UPDATEs touch nothing for them.
    writeChanges(sqlite, changes, direction);
    sqlite.prepare('UPDATE edit_history SET state = ? WHERE id = ?').run(direction === 'back' ? 'undone' : 'done', row.id);
    const e = entry(row);
    return { label: e.label, entry: e, rows: changedRows(changes) };
  });
  return { ...result, state: historyState(sqlite) };
}

/**
 * Two steps as one, `later` after `earlier`: per row the state before the first and after the
 * second; per tag link only the net change; rule changes in order.
 */
export function mergeChanges(earlier: Changes, later: Changes): Changes {
  const rows = new Map<number, { before: RowFields; after: RowFields }>();
  for (const g of earlier.groups) for (const id of g.ids) rows.set(id, { before: g.before, after: g.after });
  for (const g of later.groups) {
    for (const id of g.ids) {
      const prev = rows.get(id);
      // A foreign amount is only in a state when that step edited it: carry it through.
      const before = prev ? { ...prev.before, foreign: prev.before.foreign ?? g.before.foreign } : g.before;
      const after = prev ? { ...g.after, foreign: g.after.foreign ?? prev.after.foreign } : g.after;
      if (!before.foreign) delete before.foreign;
      if (!after.foreign) delete after.foreign;
      rows.set(id, { before, after });
    }
  }
  const builder = new ChangeBuilder();
  for (const [id, { before, after }] of rows) builder.row(id, before, after);
  // Per link: present at the start (its first change was a removal) and at the end (its last was an addition).
  const links = new Map<string, { tagId: number; id: number; first: boolean; last: boolean }>();
  const see = (list: Changes['tagsAdded'], added: boolean) => {
    for (const { tagId, ids } of list) {
      for (const id of ids) {
        const key = `${tagId}:${id}`;
        const l = links.get(key);
        if (l) l.last = added;
        else links.set(key, { tagId, id, first: !added, last: added });
      }
    }
  };
  see(earlier.tagsRemoved, false);
  see(earlier.tagsAdded, true);
  see(later.tagsRemoved, false);
  see(later.tagsAdded, true);
  for (const l of links.values()) {
    if (l.first === l.last) continue;
    if (l.last) builder.addTag(l.id, l.tagId);
    else builder.removeTag(l.id, l.tagId);
  }
  const merged = builder.build();
  const rules = [...(earlier.rules ?? []), ...(later.rules ?? [])];
  return rules.length ? { ...merged, rules } : merged;
}

/** A rule learned from an edit: saved (its state before and after) and run over the merchant's other rows. */
export interface LearnedRule {
  ruleId: number;
  rule: RuleState;
  /** Rows the run changed, and the history entry it recorded (null when it changed none). */
  changed: number;
  historyId: number | null;
}

/**
 * Record a learned rule in one undoable step with what led to it: the rule's run (its own entry)
 * and the rule itself are folded into `into` (the edit's entry) — or, without one, recorded as a new
 * step — so undo removes the rule with the edit, and redo brings both back. In the caller's transaction.
 */
export function recordLearnedRule(sqlite: Sqlite, into: number | null, learned: LearnedRule, label: HistoryLabel): number {
  const load = (id: number) => {
    const row = sqlite.prepare('SELECT label, changes FROM edit_history WHERE id = ?').get(id) as { label: string; changes: string } | undefined;
    return row ? { label: readLabel(row.label), changes: JSON.parse(row.changes) as Changes } : null;
  };
  const empty: Changes = { groups: [], tagsAdded: [], tagsRemoved: [] };
  const run = learned.historyId === null ? null : load(learned.historyId);
  if (learned.historyId !== null) sqlite.prepare('DELETE FROM edit_history WHERE id = ?').run(learned.historyId);
  const withRule = mergeChanges(run?.changes ?? empty, { ...empty, rules: [learned.rule] });
  const target = into === null ? null : load(into);
  if (into !== null && target) {
    sqlite.prepare('UPDATE edit_history SET label = ?, changes = ? WHERE id = ?').run(JSON.stringify(label), JSON.stringify(mergeChanges(target.changes, withRule)), into);
    return into;
  }
  return recordHistory(sqlite, label, withRule);
}

type Current = RowFields & { id: number; merchant: string; description: string; kind: Kind; amount: number; currency: string; cardId: number; cardholder: string | null; foreign: Foreign };

export function loadRows(sqlite: Sqlite, ids: readonly number[]): Current[] {
  const out: Current[] = [];
  for (const part of chunks(ids)) {
    const rows = sqlite
      .prepare(
        `SELECT t.id, t.category_id AS categoryId, t.category_manual AS manual, t.memo, t.display_name AS displayName, t.merchant, t.description,
           t.kind, t.amount, t.currency, t.card_id AS cardId, h.name AS cardholder,
           t.original_amount AS originalAmount, t.original_currency AS originalCurrency, t.fx_rate AS fxRate
         FROM transactions t LEFT JOIN cardholders h ON h.id = t.cardholder_id WHERE t.id IN (${part.map(() => '?').join(',')})`,
      )
      .all(...part) as (Omit<Current, 'manual' | 'foreign'> & { manual: number; originalAmount: number | null; originalCurrency: string | null; fxRate: string | null })[];
    for (const { originalAmount, originalCurrency, fxRate, ...r } of rows) out.push({ ...r, manual: r.manual === 1, foreign: { amount: originalAmount, currency: originalCurrency, rate: fxRate } });
  }
  return out;
}

/** A hand-entered foreign amount (e.g. from a receipt), checked and in minor units. */
function foreignFromEdit(f: NonNullable<TransactionEdit['foreign']>): Foreign {
  if (!isCurrencyCode(f.currency)) throw new ApiFailure('invalid-input', `${f.currency} is not an ISO 4217 currency code`, { key: 'fx.currency', params: { currency: f.currency } });
  const parsed = parseAmount(String(f.amount), f.currency);
  if (!parsed.ok) {
    const digits = minorUnits(f.currency);
    const tooPrecise = /more decimals/.test(parsed.reason);
    throw new ApiFailure('invalid-input', `${f.amount} ${f.currency}: ${parsed.reason}`, tooPrecise ? { key: 'fx.decimals', params: { currency: f.currency, digits } } : { key: 'fx.amount', params: { amount: String(f.amount) } });
  }
  const rate = f.rate?.trim() ? f.rate.normalize('NFKC').trim().replace(/,/g, '') : null;
  if (rate !== null && !isValidRate(rate)) throw new ApiFailure('invalid-input', `"${f.rate}" is not a rate (a positive decimal such as 152.30)`, { key: 'fx.rate', params: { rate: f.rate ?? '' } });
  return { amount: parsed.minor, currency: f.currency, rate };
}

/** The tag links among these rows, as `tx:tag` keys. */
function existingLinks(sqlite: Sqlite, ids: readonly number[], tagIds: readonly number[]): Set<string> {
  const out = new Set<string>();
  if (tagIds.length === 0) return out;
  for (const part of chunks(ids)) {
    const rows = sqlite
      .prepare(`SELECT transaction_id AS tx, tag_id AS tag FROM transaction_tags WHERE tag_id IN (${tagIds.map(() => '?').join(',')}) AND transaction_id IN (${part.map(() => '?').join(',')})`)
      .all(...tagIds, ...part) as { tx: number; tag: number }[];
    for (const r of rows) out.add(`${r.tx}:${r.tag}`);
  }
  return out;
}

function editLabel(set: TransactionEdit, n: number): HistoryLabel {
  const fields = [
    set.categoryId !== undefined ? 'category' : null,
    set.memo !== undefined ? 'memo' : null,
    set.displayName !== undefined ? 'name' : null,
    set.foreign !== undefined ? 'foreign' : null,
    set.addTags?.length ? 'tags' : null,
    set.removeTags?.length ? 'tags' : null,
  ].filter((x, i, a): x is NonNullable<HistoryLabel['args']['fields']>[number] => x !== null && a.indexOf(x) === i);
  return { key: 'edit', args: { fields, n } };
}

export function updateTransactions(
  deps: EditDeps,
  input: { ids?: number[]; filter?: TransactionFilter; set: TransactionEdit },
  createLearnedRule: LearnRule,
): { updated: number; historyId: number | null; suggestion: RuleSuggestion | null } {
  const { sqlite } = deps.database;
  const { set } = input;
  const ids = input.ids ?? transactionIds(deps.database, input.filter ?? {});
  if (set.categoryId != null && !sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').get(set.categoryId)) throw new ApiFailure('not-found', `no category with id ${set.categoryId}`);
  const rows = loadRows(sqlite, ids);
  if (input.ids && rows.length !== new Set(input.ids).size) throw new ApiFailure('not-found', 'some of the transactions no longer exist');

  const changes = new ChangeBuilder();
  const memo = set.memo === undefined ? undefined : set.memo?.trim() ? set.memo.trim() : null;
  const displayName = set.displayName === undefined ? undefined : set.displayName?.trim() ? set.displayName.trim() : null;
  const foreign = set.foreign === undefined ? undefined : set.foreign === null ? { amount: null, currency: null, rate: null } : foreignFromEdit(set.foreign);
  if (foreign?.currency && rows.some((r) => r.currency === foreign.currency)) throw new ApiFailure('invalid-input', 'the original currency must differ from the billed currency', { key: 'fx.sameCurrency', params: { currency: foreign.currency } });
  for (const r of rows) {
    const before: RowFields = { categoryId: r.categoryId, manual: r.manual, memo: r.memo, displayName: r.displayName };
    const after: RowFields = { ...before };
    if (set.categoryId !== undefined) {
      after.categoryId = set.categoryId;
      after.manual = true;
    }
    if (memo !== undefined) after.memo = memo;
    if (displayName !== undefined) after.displayName = displayName;
    if (foreign !== undefined) {
      before.foreign = r.foreign;
      // The original amount takes the billed amount's side: a refund's original is negative too.
      after.foreign = foreign.amount === null ? foreign : { ...foreign, amount: r.amount < 0 ? -Math.abs(foreign.amount) : Math.abs(foreign.amount) };
    }
    changes.row(r.id, before, after);
  }

  let historyId: number | null = null;
  let updated = 0;
  writeTransaction(sqlite, () => {
    const addIds = [...new Set((set.addTags ?? []).map((n) => ensureTag(sqlite, n.trim())))];
    const removeIds = (set.removeTags ?? []).map((n) => sqlite.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(n.trim()) as number | undefined).filter((x): x is number => x !== undefined);
    const rowIds = rows.map((r) => r.id);
    const links = existingLinks(sqlite, rowIds, [...addIds, ...removeIds]);
    for (const tx of rowIds) {
      for (const tag of addIds) if (!links.has(`${tx}:${tag}`)) changes.addTag(tx, tag);
      for (const tag of removeIds) if (links.has(`${tx}:${tag}`)) changes.removeTag(tx, tag);
    }
    const built = changes.build();
    updated = changedRows(built);
    historyId = commitChanges(sqlite, editLabel(set, rows.length), built);
  });

  if (set.categoryId == null) return { updated, historyId, suggestion: null };
  const learned = learn(deps, rows, set.categoryId, historyId, editLabel(set, rows.length), createLearnedRule);
  return { updated, historyId: learned?.historyId ?? historyId, suggestion: learned?.suggestion ?? null };
}

/** Saves a learned rule and runs it over the merchant's other rows (services/rules.ts). */
export type LearnRule = (rule: RuleSuggestion['rule']) => LearnedRule;

/**
 * After a re-categorisation of one merchant's rows: offer (or, per the setting, make) a rule so
 * the merchant's other and future rows get the same category. Not when a rule already does it.
 */
function learn(
  deps: EditDeps,
  rows: readonly Current[],
  categoryId: number,
  historyId: number | null,
  label: HistoryLabel,
  createLearnedRule: LearnRule,
): { suggestion: RuleSuggestion; historyId: number | null } | null {
  const mode = deps.settings.get().ruleLearning;
  if (mode === 'off') return null;
  const candidates = rows.filter((r) => r.kind !== 'payment');
  const merchants = new Set(candidates.map((r) => r.merchant));
  if (candidates.length === 0 || merchants.size !== 1) return null;
  const { sqlite } = deps.database;
  const first = candidates[0]!;
  const compiled = compileRules(loadRuleDefinitions(sqlite));
  if (evaluateRules(compiled, first).categoryId === categoryId) return null;
  const cat = sqlite.prepare('SELECT name, builtin_key AS key FROM categories WHERE id = ?').get(categoryId) as { name: string; key: string | null };
  const category = categoryDisplayName(cat.name, cat.key, deps.settings.get().locale);
  const edited = new Set(rows.map((r) => r.id));
  const others = (
    sqlite
      .prepare("SELECT id FROM transactions WHERE merchant = ? AND (category_id IS NULL OR category_id <> ?) AND category_manual = 0 AND kind <> 'payment'")
      .pluck()
      .all(first.merchant, categoryId) as number[]
  ).filter((id) => !edited.has(id)).length;
  // Shown as the row reads (`スターバックス`), matched on the key (`スタ-バックス`).
  const merchantName = merchantDisplayText(first.description, first.merchant);
  const rule = ruleFromEdit(first.merchant, categoryId, category, merchantName);
  const suggestion: RuleSuggestion = { merchant: first.merchant, merchantName, categoryId, category, otherRows: others, createdRuleId: null, rule };
  if (mode !== 'auto') return { suggestion, historyId };
  // Made at once: the rule, its run and the edit are one undoable step.
  return writeTransaction(sqlite, () => {
    const learned = createLearnedRule(rule);
    const id = recordLearnedRule(sqlite, historyId, learned, { key: label.key, args: { ...label.args, rule: rule.name } });
    return { suggestion: { ...suggestion, createdRuleId: learned.ruleId }, historyId: id };
  });
}

/** Every rule as core/rules.ts wants it, in order. */
export function loadRuleDefinitions(sqlite: Sqlite): Rule[] {
  return (sqlite.prepare('SELECT id, name, enabled, conditions, actions FROM rules ORDER BY position, id').all() as { id: number; name: string; enabled: number; conditions: string; actions: string }[]).map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    conditions: JSON.parse(r.conditions) as RuleConditions,
    actions: JSON.parse(r.actions) as RuleActions,
  }));
}
