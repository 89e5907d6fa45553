/**
 * Categories and tags: the labels rows carry. Deleting one never deletes rows: they become
 * uncategorised / untagged, and rules that pointed at it are mended.
 */
import { categoryDisplayName } from '../core/categories';
import type { Category, Locale, Tag } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { OpenedDatabase } from './db/open';

type Sqlite = OpenedDatabase['sqlite'];

export function listCategories(sqlite: Sqlite, locale: Locale): Category[] {
  const rows = sqlite
    .prepare(
      `SELECT c.id, c.name, c.builtin_key AS builtinKey, c.color, c.sort_order AS sortOrder, COALESCE(n.count, 0) AS count
       FROM categories c LEFT JOIN (SELECT category_id, COUNT(*) AS count FROM transactions WHERE category_id IS NOT NULL GROUP BY category_id) n ON n.category_id = c.id
       ORDER BY c.sort_order, c.id`,
    )
    .all() as Category[];
  return rows.map((c) => ({ ...c, name: categoryDisplayName(c.name, c.builtinKey, locale) }));
}

export function saveCategory(sqlite: Sqlite, locale: Locale, input: { id?: number; name: string; color: string }): Category {
  const clash = sqlite.prepare('SELECT id FROM categories WHERE name = ? AND id IS NOT ?').get(input.name, input.id ?? null);
  if (clash) throw new ApiFailure('conflict', `a category named "${input.name}" already exists`);
  let id = input.id;
  if (id !== undefined) {
    const current = sqlite.prepare('SELECT name, builtin_key AS key FROM categories WHERE id = ?').get(id) as { name: string; key: string | null } | undefined;
    if (!current) throw new ApiFailure('not-found', `no category with id ${id}`);
    // Saving a built-in under the name it is shown with is not a rename: it keeps following the language.
    const name = categoryDisplayName(current.name, current.key, locale) === input.name ? current.name : input.name;
    sqlite.prepare('UPDATE categories SET name = ?, color = ? WHERE id = ?').run(name, input.color, id);
  } else {
    const order = ((sqlite.prepare('SELECT MAX(sort_order) FROM categories').pluck().get() as number | null) ?? 0) + 1;
    id = Number(sqlite.prepare('INSERT INTO categories (name, color, sort_order) VALUES (?, ?, ?)').run(input.name, input.color, order).lastInsertRowid);
  }
  return listCategories(sqlite, locale).find((c) => c.id === id)!;
}

export function deleteCategory(sqlite: Sqlite, id: number): { id: number; uncategorised: number } {
  if (!sqlite.prepare('SELECT 1 FROM categories WHERE id = ?').get(id)) throw new ApiFailure('not-found', `no category with id ${id}`);
  return sqlite.transaction(() => {
    const uncategorised = sqlite.prepare('UPDATE transactions SET category_id = NULL, category_manual = 0 WHERE category_id = ?').run(id).changes;
    // Rules that set this category lose that action; a rule left with no action is switched off.
    for (const r of sqlite.prepare('SELECT id, actions FROM rules').all() as { id: number; actions: string }[]) {
      const actions = JSON.parse(r.actions) as { categoryId?: number | null; addTags?: string[]; memo?: string | null; displayName?: string | null };
      if (actions.categoryId !== id) continue;
      delete actions.categoryId;
      const empty = !actions.addTags?.length && actions.memo == null && actions.displayName == null;
      sqlite.prepare(`UPDATE rules SET actions = ?${empty ? ', enabled = 0' : ''} WHERE id = ?`).run(JSON.stringify(actions), r.id);
    }
    sqlite.prepare('DELETE FROM categories WHERE id = ?').run(id);
    return { id, uncategorised };
  })();
}

export function listTags(sqlite: Sqlite): Tag[] {
  return sqlite
    .prepare(
      `SELECT g.id, g.name, g.color, (SELECT COUNT(*) FROM transaction_tags tt WHERE tt.tag_id = g.id) AS count
       FROM tags g ORDER BY g.name`,
    )
    .all() as Tag[];
}

/** Rules name tags in their actions; a rename or delete follows through to them. */
function renameInRules(sqlite: Sqlite, from: string, to: string | null): void {
  for (const r of sqlite.prepare('SELECT id, actions FROM rules').all() as { id: number; actions: string }[]) {
    const actions = JSON.parse(r.actions) as { addTags?: string[] };
    if (!actions.addTags?.includes(from)) continue;
    actions.addTags = to === null ? actions.addTags.filter((t) => t !== from) : actions.addTags.map((t) => (t === from ? to : t));
    sqlite.prepare('UPDATE rules SET actions = ? WHERE id = ?').run(JSON.stringify(actions), r.id);
  }
}

export function saveTag(sqlite: Sqlite, input: { id?: number; name: string; color?: string | null }): Tag {
  const clash = sqlite.prepare('SELECT id FROM tags WHERE name = ? AND id IS NOT ?').get(input.name, input.id ?? null);
  if (clash) throw new ApiFailure('conflict', `a tag named "${input.name}" already exists`);
  const id = sqlite.transaction(() => {
    if (input.id === undefined) return Number(sqlite.prepare('INSERT INTO tags (name, color) VALUES (?, ?)').run(input.name, input.color ?? null).lastInsertRowid);
    const current = sqlite.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(input.id) as string | undefined;
    if (current === undefined) throw new ApiFailure('not-found', `no tag with id ${input.id}`);
    sqlite.prepare('UPDATE tags SET name = ?, color = ? WHERE id = ?').run(input.name, input.color ?? null, input.id);
    if (current !== input.name) renameInRules(sqlite, current, input.name);
    return input.id;
  })();
  return listTags(sqlite).find((t) => t.id === id)!;
}

export function deleteTag(sqlite: Sqlite, id: number): { id: number; untagged: number } {
  const name = sqlite.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(id) as string | undefined;
  if (name === undefined) throw new ApiFailure('not-found', `no tag with id ${id}`);
  return sqlite.transaction(() => {
    const untagged = sqlite.prepare('DELETE FROM transaction_tags WHERE tag_id = ?').run(id).changes;
    renameInRules(sqlite, name, null);
    sqlite.prepare('DELETE FROM tags WHERE id = ?').run(id);
    return { id, untagged };
  })();
}
