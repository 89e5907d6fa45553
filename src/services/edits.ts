/**
 * Edits to transactions (category, memo, display name, tags) and their undo/redo history. Every
 * edit — by hand, in bulk, or by re-running rules — is one entry in `edit_history` holding exactly
 * what it changed, so undo restores the rows as they were and redo replays the same change.
 */
import { categoryDisplayName } from '../core/categories';
import { compileRules, evaluateRules, ruleFromEdit, type Kind, type Rule, type RuleActions, type RuleConditions } from '../core/rules';
import type { HistoryState, RuleSuggestion, TransactionEdit, TransactionFilter } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import { isValidRate } from '../core/fx';
import { isCurrencyCode, minorUnits, parseAmount } from '../core/money';
import type { OpenedDatabase } from './db/open';
import type { SettingsStore } from './settings';
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
  for (const g of changes.groups) {
    const target = direction === 'forward' ? g.after : g.before;
    // A category deleted since the edit cannot come back: those rows stay uncategorised.
    const s = target.categoryId !== null && !categoryExists.get(target.categoryId) ? { ...target, categoryId: null } : target;
    // Search text only needs rebuilding when the memo or the display name changed.
    const textChanged = g.before.memo !== g.after.memo || g.before.displayName !== g.after.displayName;
    const foreign = s.foreign;
    for (const part of chunks(g.ids, 500)) {
      sqlite
        .prepare(
          // No per-row timestamp: edit_history dates the change, and growing every row by one
          // would split most pages of the table on a large rule run.
          `UPDATE transactions SET category_id = ?, category_manual = ?, memo = ?, display_name = ?
             ${textChanged ? ', search_text = meisai_search_text(description, ?, ?)' : ''}
             ${foreign ? ', original_amount = ?, original_currency = ?, fx_rate = ?' : ''}
           WHERE id IN (${part.map(() => '?').join(',')})`,
        )
        .run(
          s.categoryId,
          s.manual ? 1 : 0,
          s.memo,
          s.displayName,
          ...(textChanged ? [s.displayName, s.memo] : []),
          ...(foreign ? [foreign.amount, foreign.currency, foreign.rate] : []),
          ...part,
        );
    }
  }
  // Rows removed since (an undone import) cannot take a tag link back: only existing rows do.
  const add = sqlite.prepare('INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) SELECT id, ? FROM transactions WHERE id = ?');
  const remove = sqlite.prepare('DELETE FROM transaction_tags WHERE transaction_id = ? AND tag_id = ?');
  const [toAdd, toRemove] = direction === 'forward' ? [changes.tagsAdded, changes.tagsRemoved] : [changes.tagsRemoved, changes.tagsAdded];
  // A tag deleted since the edit cannot come back as a link; skip it rather than fail the undo.
  const tagExists = sqlite.prepare('SELECT 1 FROM tags WHERE id = ?').pluck();
  for (const { tagId, ids } of toAdd) if (tagExists.get(tagId)) for (const id of ids) add.run(tagId, id);
  for (const { tagId, ids } of toRemove) for (const id of ids) remove.run(id, tagId);
}

export function changedRows(c: Changes): number {
  const ids = new Set<number>();
  for (const g of c.groups) for (const id of g.ids) ids.add(id);
  for (const t of [...c.tagsAdded, ...c.tagsRemoved]) for (const id of t.ids) ids.add(id);
  return ids.size;
}

/** Apply changes and record them as one undoable step (the redo stack is dropped). */
export function commitChanges(sqlite: Sqlite, label: string, changes: Changes): number | null {
  if (changedRows(changes) === 0) return null;
  const body = () => {
    writeChanges(sqlite, changes, 'forward');
    sqlite.prepare("DELETE FROM edit_history WHERE state = 'undone'").run();
    const id = Number(sqlite.prepare('INSERT INTO edit_history (label, changes) VALUES (?, ?)').run(label, JSON.stringify(changes)).lastInsertRowid);
    sqlite.prepare("DELETE FROM edit_history WHERE state = 'done' AND id <= (SELECT id FROM edit_history WHERE state = 'done' ORDER BY id DESC LIMIT 1 OFFSET ?)").run(HISTORY_LIMIT);
    return id;
  };
  // Inside a caller's transaction a nested one would be a SAVEPOINT, and SQLite then journals every
  // page the edit touches a second time: a 60,000-row rule run went from seconds to minutes.
  return sqlite.inTransaction ? body() : writeTransaction(sqlite, body);
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
  return { undo: undo ?? null, redo: redo ?? null };
}

export function undoEdit(sqlite: Sqlite): { label: string | null; rows: number; state: HistoryState } {
  return step(sqlite, 'back');
}

export function redoEdit(sqlite: Sqlite): { label: string | null; rows: number; state: HistoryState } {
  return step(sqlite, 'forward');
}

function step(sqlite: Sqlite, direction: 'forward' | 'back'): { label: string | null; rows: number; state: HistoryState } {
  const result = writeTransaction(sqlite, () => {
    const entry = (
      direction === 'back'
        ? sqlite.prepare("SELECT id, label, changes FROM edit_history WHERE state = 'done' ORDER BY id DESC LIMIT 1").get()
        : sqlite.prepare("SELECT id, label, changes FROM edit_history WHERE state = 'undone' ORDER BY id ASC LIMIT 1").get()
    ) as { id: number; label: string; changes: string } | undefined;
    if (!entry) return { label: null, rows: 0 };
    const changes = JSON.parse(entry.changes) as Changes;
    // Rows deleted since (an undone import) are simply gone; the UPDATEs touch nothing for them.
    writeChanges(sqlite, changes, direction);
    sqlite.prepare('UPDATE edit_history SET state = ? WHERE id = ?').run(direction === 'back' ? 'undone' : 'done', entry.id);
    return { label: entry.label, rows: changedRows(changes) };
  });
  return { ...result, state: historyState(sqlite) };
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

function editLabel(set: TransactionEdit, n: number): string {
  const what = [
    set.categoryId !== undefined ? 'category' : null,
    set.memo !== undefined ? 'memo' : null,
    set.displayName !== undefined ? 'name' : null,
    set.foreign !== undefined ? 'foreign amount' : null,
    set.addTags?.length ? 'tags' : null,
    set.removeTags?.length ? 'tags' : null,
  ].filter((x, i, a) => x && a.indexOf(x) === i);
  return `Edit ${what.join(', ')} of ${n} row${n === 1 ? '' : 's'}`;
}

export function updateTransactions(
  deps: EditDeps,
  input: { ids?: number[]; filter?: TransactionFilter; set: TransactionEdit },
  createLearnedRule: (merchant: string, categoryId: number) => number,
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

  const suggestion = set.categoryId != null ? learn(deps, rows, set.categoryId, createLearnedRule) : null;
  return { updated, historyId, suggestion };
}

/**
 * After a re-categorisation of one merchant's rows: offer (or, per the setting, make) a rule so
 * the merchant's other and future rows get the same category. Not when a rule already does it.
 */
function learn(deps: EditDeps, rows: readonly Current[], categoryId: number, createLearnedRule: (merchant: string, categoryId: number) => number): RuleSuggestion | null {
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
  const createdRuleId = mode === 'auto' ? createLearnedRule(first.merchant, categoryId) : null;
  return { merchant: first.merchant, categoryId, category, otherRows: others, createdRuleId, rule: ruleFromEdit(first.merchant, categoryId, category) };
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
