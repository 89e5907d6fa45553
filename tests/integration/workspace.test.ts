/**
 * The transactions workspace through the API contract, on a real SQLite file with the real
 * migrations: filters and search, edits and bulk edits, undo/redo, rules (on import, preview,
 * re-run), learning from re-categorisation, categories, tags, saved filters and the month summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../src/core/categories';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
  // These tests start from uncategorised rows; the shipped merchant table is tested on its own.
  core.settings.update({ merchantKnowledge: false });
});
afterEach(() => core.cleanup());

const JUNE = [
  'date,description,amount',
  '2025-06-01,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,1200',
  '2025-06-02,スターバックス　渋谷店,550',
  '2025-06-03,Amazon.co.jp,3400',
  '2025-06-05,ｽﾀｰﾊﾞｯｸｽ 新宿店,480',
  '2025-06-10,東京電力,8200',
  '2025-06-12,返品 AMAZON.CO.JP,-1200',
  '2025-06-20,前回分口座振替金額,-50000',
].join('\r\n');

async function importJune(name = 'june.csv', data = JUNE, card = 'Visa') {
  const res = await call(core, 'import.commit', { files: [{ name, data: utf8(data) }], card });
  expect(res.files[0]!.status).toBe('imported');
  return res.files[0]!;
}
const list = (q: Parameters<typeof call<'transactions.list'>>[2] = {}) => call(core, 'transactions.list', q);
const descriptions = async (q: Parameters<typeof call<'transactions.list'>>[2] = {}) => (await list({ ...q, sort: 'date', order: 'asc' })).rows.map((r) => r.description);
const categoryId = async (key: string) => (await call(core, 'categories.list', {})).find((c) => c.builtinKey === key)!.id;

describe('categories and tags', () => {
  it('starts with the default household categories, named in the UI language', async () => {
    const ja = await call(core, 'categories.list', {});
    expect(ja.map((c) => c.builtinKey)).toEqual(DEFAULT_CATEGORIES.map((c) => c.key));
    expect(ja.map((c) => c.name)).toContain('食費');
    core.settings.update({ locale: 'en' });
    const en = await call(core, 'categories.list', {});
    expect(en.find((c) => c.builtinKey === 'food')!.name).toBe('Food');
  });

  it('renames, recolours, adds and deletes categories; deleting leaves rows uncategorised and mends rules', async () => {
    await importJune();
    const food = await categoryId('food');
    const renamed = await call(core, 'categories.save', { id: food, name: '食料品', color: '#112233' });
    expect(renamed).toMatchObject({ name: '食料品', color: '#112233', builtinKey: 'food' });
    core.settings.update({ locale: 'en' });
    // A renamed built-in keeps the user's name in both languages.
    expect((await call(core, 'categories.list', {})).find((c) => c.id === food)!.name).toBe('食料品');
    const pets = await call(core, 'categories.save', { name: 'Pets', color: '#aa5500' });
    await expect(call(core, 'categories.save', { name: 'Pets', color: '#000000' })).rejects.toThrow(/already exists/);
    const { rows } = await list({ search: 'amazon' });
    await call(core, 'transactions.update', { ids: rows.map((r) => r.id), set: { categoryId: pets.id } });
    const rule = await call(core, 'rules.save', { name: 'amazon', conditions: { text: { field: 'merchant', op: 'contains', value: 'amazon' } }, actions: { categoryId: pets.id } });
    const del = await call(core, 'categories.delete', { id: pets.id });
    expect(del.uncategorised).toBe(3);
    expect((await list({ categoryId: 'none' })).total).toBe(7);
    const after = (await call(core, 'rules.list', {})).find((r) => r.id === rule.id)!;
    expect(after.actions.categoryId).toBeUndefined();
    expect(after.enabled).toBe(false);
  });

  it('renames and deletes tags, following through to rules', async () => {
    await importJune();
    const { rows } = await list({ search: 'starbucks' });
    expect(rows).toHaveLength(0); // katakana merchants are not found by romaji
    const sb = await list({ search: 'すたーばっくす' });
    expect(sb.total).toBe(2);
    await call(core, 'transactions.update', { ids: sb.rows.map((r) => r.id), set: { addTags: ['cafe'] } });
    await call(core, 'rules.save', { name: 'sb', conditions: { text: { field: 'merchant', op: 'contains', value: 'スターバックス' } }, actions: { addTags: ['cafe'] } });
    const tag = (await call(core, 'tags.list', {})).find((g) => g.name === 'cafe')!;
    expect(tag.count).toBe(2);
    await call(core, 'tags.save', { id: tag.id, name: 'coffee' });
    expect((await call(core, 'rules.list', {}))[0]!.actions.addTags).toEqual(['coffee']);
    expect((await list({ tag: 'coffee' })).total).toBe(2);
    expect(await call(core, 'tags.delete', { id: tag.id })).toEqual({ id: tag.id, untagged: 2 });
    expect((await call(core, 'rules.list', {}))[0]!.actions.addTags).toEqual([]);
  });
});

describe('filters and search', () => {
  it('searches ignoring width, case and kana, in descriptions, display names and memos', async () => {
    await importJune();
    expect(await descriptions({ search: 'amazon' })).toEqual(['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'Amazon.co.jp', '返品 AMAZON.CO.JP']);
    expect(await descriptions({ search: 'ｽﾀｰﾊﾞｯｸｽ' })).toEqual(['スターバックス　渋谷店', 'ｽﾀｰﾊﾞｯｸｽ 新宿店']);
    expect(await descriptions({ search: 'すたーばっくす 新宿' })).toEqual(['ｽﾀｰﾊﾞｯｸｽ 新宿店']);
    const denki = (await list({ search: '電力' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [denki.id], set: { memo: '６月分 ＥＬＥＣＴＲＩＣＩＴＹ', displayName: 'TEPCO' } });
    expect(await descriptions({ search: 'electricity' })).toEqual(['東京電力']);
    expect(await descriptions({ search: 'tepco' })).toEqual(['東京電力']);
    expect(await descriptions({ search: '"6月分 electricity"' })).toEqual(['東京電力']);
    expect((await list({ search: 'nothing-like-this' })).total).toBe(0);
  });

  it("keeps each row's search text in step through edits, undo, redo and an undone import", async () => {
    const { sqlite } = core.database;
    const june = await importJune();
    // Rows share texts: 7 rows, 6 texts (ＡＭＡＺＯＮ．ＣＯ．ＪＰ and Amazon.co.jp fold alike).
    expect(sqlite.prepare('SELECT COUNT(*) FROM search_texts').pluck().get()).toBe(6);
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    const texts = () => sqlite.prepare('SELECT text FROM search_texts ORDER BY id').pluck().all() as string[];
    await call(core, 'transactions.update', { ids: [sb.id], set: { memo: 'プレゼント' } });
    expect(await descriptions({ search: 'ぷれぜんと' })).toEqual(['スターバックス　渋谷店']);
    // The row's old text went with the edit (no other row had it).
    expect(texts()).toHaveLength(6);
    expect(texts()).toContain('すた-ばっくす 渋谷店\nぷれぜんと');
    expect(texts()).not.toContain('すた-ばっくす 渋谷店');
    await call(core, 'history.undo', {});
    expect(texts()).not.toContain('すた-ばっくす 渋谷店\nぷれぜんと');
    expect(await descriptions({ search: 'ぷれぜんと' })).toEqual([]);
    expect(await descriptions({ search: '渋谷' })).toEqual(['スターバックス　渋谷店']);
    await call(core, 'history.redo', {});
    expect(await descriptions({ search: 'ぷれぜんと 渋谷' })).toEqual(['スターバックス　渋谷店']);
    // Undoing the import takes its rows' texts out of the search too.
    await call(core, 'imports.undo', { id: june.importId! });
    expect(sqlite.prepare('SELECT COUNT(*) FROM search_texts').pluck().get()).toBe(0);
    expect((await list({ search: 'amazon' })).total).toBe(0);
  });

  it('filters by kind, amount range, memo, receipt, currency and sorts', async () => {
    await importJune();
    expect(await descriptions({ kinds: ['refund'] })).toEqual(['返品 AMAZON.CO.JP']);
    expect(await descriptions({ kinds: ['payment'] })).toEqual(['前回分口座振替金額']);
    expect(await descriptions({ amountMin: 1000, amountMax: 5000 })).toEqual(['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'Amazon.co.jp']);
    expect(await descriptions({ amountMax: 0 })).toEqual(['返品 AMAZON.CO.JP', '前回分口座振替金額']);
    expect((await list({ currency: 'USD' })).total).toBe(0);
    expect((await list({ currency: 'JPY' })).total).toBe(7);
    const byAmount = (await list({ sort: 'amount', order: 'desc', kinds: ['purchase'] })).rows.map((r) => r.amountMinor);
    expect(byAmount).toEqual([8200, 3400, 1200, 550, 480]);
    const one = (await list({ search: '東京電力' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [one.id], set: { memo: 'note' } });
    expect(await descriptions({ hasMemo: true })).toEqual(['東京電力']);
    expect((await list({ hasMemo: false })).total).toBe(6);
    await call(core, 'documents.addReceipts', { transactionId: one.id, files: [{ name: 'r.pdf', data: utf8('%PDF-1.4 receipt') }] });
    expect(await descriptions({ hasReceipt: true })).toEqual(['東京電力']);
    const totals = await list({ withTotals: true, limit: 1 });
    // Payments are not spending: 1200 + 550 + 3400 + 480 + 8200 − 1200.
    expect(totals.totals).toEqual([{ currency: 'JPY', totalMinor: 12630, count: 6 }]);
  });

  it('saves, lists, replaces and deletes named filters', async () => {
    const a = await call(core, 'filters.save', { name: 'カフェ', query: { search: 'スターバックス', kinds: ['purchase'] } });
    expect(a.query).toEqual({ search: 'スターバックス', kinds: ['purchase'] });
    await call(core, 'filters.save', { name: 'カフェ', query: { search: 'cafe' } });
    const all = await call(core, 'filters.list', {});
    expect(all).toHaveLength(1);
    expect(all[0]!.query).toEqual({ search: 'cafe' });
    await call(core, 'filters.delete', { id: all[0]!.id });
    expect(await call(core, 'filters.list', {})).toEqual([]);
  });
});

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
async function importSample(file: string) {
  const res = await call(core, 'import.commit', { files: [{ name: file, data: readFileSync(join(SAMPLES, file)) }] });
  expect(res.files[0]!.status).toBe('imported');
  return res.files[0]!.card!.id!;
}

describe('cardholder filter', () => {
  it('lists the cardholders per card and filters by one, on every card or one card', async () => {
    // Amex: TARO YAMADA ×4, HANAKO YAMADA ×1; MUFG: 本人 ×3, 家族 ×1; Rakuten: 本人 ×4.
    const amex = await importSample('amex_jp_current.csv');
    const mufg = await importSample('mufg_nicos_11col.csv');
    const rakuten = await importSample('rakuten_enavi_latest_12col.csv');
    const all = await call(core, 'cardholders.list', {});
    const byCard = (id: number) => all.filter((h) => h.cardId === id).map((h) => [h.name, h.count]);
    expect(byCard(amex)).toEqual([
      ['HANAKO YAMADA', 1],
      ['TARO YAMADA', 4],
    ]);
    expect(byCard(mufg)).toEqual([
      ['家族', 1],
      ['本人', 3],
    ]);
    expect(byCard(rakuten)).toEqual([['本人', 4]]);
    expect(all).toHaveLength(5);
    const rakutenHolder = all.find((h) => h.cardId === rakuten)!;
    expect(await call(core, 'cardholders.list', { card: rakuten })).toEqual([{ cardId: rakuten, cardName: rakutenHolder.cardName, name: '本人', ids: rakutenHolder.ids, count: 4 }]);
    // Each entry names its cardholder rows, so a review click-through by id can be shown by name.
    const ids = core.database.sqlite.prepare("SELECT id FROM cardholders WHERE card_id = ? AND name = '本人' ORDER BY id").pluck().all(rakuten);
    expect(rakutenHolder.ids).toEqual(ids);
    expect(ids.length).toBeGreaterThan(0);

    // A name matches on every card; with a card, on that card only.
    expect((await list({ cardholder: '本人' })).total).toBe(7);
    expect((await list({ cardholder: '本人', card: rakuten })).total).toBe(4);
    const hanako = await list({ cardholder: 'HANAKO YAMADA' });
    expect(hanako.rows.map((r) => r.cardholder)).toEqual(['HANAKO YAMADA']);
    expect((await list({ cardholder: 'nobody' })).total).toBe(0);
    // Bulk edits by the filter reach exactly those rows.
    expect((await call(core, 'transactions.update', { filter: { cardholder: '家族' }, set: { addTags: ['family'] } })).updated).toBe(1);
    expect((await list({ tag: 'family' })).rows.map((r) => r.cardholder)).toEqual(['家族']);
  });
});

describe('category filter by name', () => {
  it('finds rows by a category name in either language, by built-in key, and by a user category name', async () => {
    await importJune();
    const food = await categoryId('food');
    const pets = await call(core, 'categories.save', { name: 'Pets', color: '#aa5500' });
    await call(core, 'transactions.update', { filter: { search: 'すたーばっくす' }, set: { categoryId: food } });
    await call(core, 'transactions.update', { filter: { search: '電力' }, set: { categoryId: pets.id } });
    const sb = ['スターバックス　渋谷店', 'ｽﾀｰﾊﾞｯｸｽ 新宿店'];
    expect(await descriptions({ category: '食費' })).toEqual(sb);
    expect(await descriptions({ category: 'Food' })).toEqual(sb);
    expect(await descriptions({ category: 'food' })).toEqual(sb);
    expect(await descriptions({ category: 'Pets' })).toEqual(['東京電力']);
    expect((await list({ category: 'no such category' })).total).toBe(0);
    // A renamed built-in answers to its new name and still to its defaults.
    await call(core, 'categories.save', { id: food, name: '食料品', color: '#112233' });
    expect(await descriptions({ category: '食料品' })).toEqual(sb);
    expect(await descriptions({ category: 'Food' })).toEqual(sb);
    // With other filters: AND.
    expect(await descriptions({ category: '食費', search: '新宿' })).toEqual(['ｽﾀｰﾊﾞｯｸｽ 新宿店']);
  });
});

describe('edits, bulk edits, undo and redo', () => {
  it('edits one row, then undoes and redoes exactly that edit', async () => {
    await importJune();
    const food = await categoryId('food');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    const res = await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food, memo: ' 打ち合わせ ', addTags: ['work'] } });
    expect(res.updated).toBe(1);
    let row = (await list({ search: '渋谷' })).rows[0]!;
    expect(row).toMatchObject({ categoryId: food, category: '食費', categoryManual: true, memo: '打ち合わせ', tags: ['work'] });
    expect((await call(core, 'history.state', {})).undo!.label).toMatch(/category, memo, tags of 1 row/);
    const undone = await call(core, 'history.undo', {});
    expect(undone.rows).toBe(1);
    row = (await list({ search: '渋谷' })).rows[0]!;
    expect(row).toMatchObject({ categoryId: null, categoryManual: false, memo: null, tags: [] });
    expect((await list({ search: '打ち合わせ' })).total).toBe(0);
    expect(undone.state.redo).not.toBeNull();
    await call(core, 'history.redo', {});
    row = (await list({ search: '渋谷' })).rows[0]!;
    expect(row).toMatchObject({ categoryId: food, memo: '打ち合わせ', tags: ['work'] });
    expect((await list({ search: '打ち合わせ' })).total).toBe(1);
    // Nothing left to redo; a new edit after an undo drops the redo stack.
    expect((await call(core, 'history.redo', {})).label).toBeNull();
    await call(core, 'history.undo', {});
    await call(core, 'transactions.update', { ids: [sb.id], set: { memo: 'other' } });
    expect((await call(core, 'history.state', {})).redo).toBeNull();
  });

  it('bulk-edits every row matching a filter in one undoable step', async () => {
    await importJune();
    const shopping = await categoryId('shopping');
    const res = await call(core, 'transactions.update', { filter: { search: 'amazon' }, set: { categoryId: shopping, addTags: ['ネット'] } });
    expect(res.updated).toBe(3);
    expect((await list({ categoryId: shopping })).total).toBe(3);
    expect((await list({ tag: 'ネット' })).total).toBe(3);
    await call(core, 'history.undo', {});
    expect((await list({ categoryId: shopping })).total).toBe(0);
    expect((await list({ tag: 'ネット' })).total).toBe(0);
    // Removing a tag from rows that do not have it changes nothing and records nothing.
    const before = await call(core, 'history.state', {});
    expect((await call(core, 'transactions.update', { filter: {}, set: { removeTags: ['ネット'] } })).updated).toBe(0);
    expect(await call(core, 'history.state', {})).toEqual(before);
  });

  it('rejects edits to rows that do not exist or to an unknown category', async () => {
    await importJune();
    await expect(call(core, 'transactions.update', { ids: [99999], set: { memo: 'x' } })).rejects.toThrow(/no longer exist/);
    const id = (await list({})).rows[0]!.id;
    await expect(call(core, 'transactions.update', { ids: [id], set: { categoryId: 9999 } })).rejects.toThrow(/no category/);
    await expect(call(core, 'transactions.update', { ids: [id], filter: {}, set: { memo: 'x' } })).rejects.toThrow(/either ids or filter/);
  });
});

describe('rules', () => {
  it('refuses a rule without a condition, without an action, or with a broken regex', async () => {
    const food = await categoryId('food');
    await expect(call(core, 'rules.save', { name: 'x', conditions: {}, actions: { categoryId: food } })).rejects.toThrow(/at least one condition/);
    await expect(call(core, 'rules.save', { name: 'x', conditions: { kinds: ['purchase'] }, actions: {} })).rejects.toThrow(/at least one action/);
    await expect(call(core, 'rules.save', { name: 'x', conditions: { text: { field: 'merchant', op: 'regex', value: '(' } }, actions: { categoryId: food } })).rejects.toThrow(/regular expression/);
  });

  it('categorises, tags and names rows on import; the first matching rule wins', async () => {
    const shopping = await categoryId('shopping');
    const food = await categoryId('food');
    await call(core, 'rules.save', { name: 'amazon', conditions: { text: { field: 'merchant', op: 'contains', value: 'ａｍａｚｏｎ' } }, actions: { categoryId: shopping, addTags: ['ネット'], displayName: 'Amazon' } });
    await call(core, 'rules.save', { name: 'everything big', conditions: { amountMin: 1000 }, actions: { categoryId: food, addTags: ['big'] } });
    await call(core, 'rules.save', { name: 'cafe', conditions: { text: { field: 'merchant', op: 'regex', value: '^スターバックス' } }, actions: { categoryId: food, memo: 'coffee' } });
    await importJune();
    const rows = (await list({ sort: 'date', order: 'asc' })).rows;
    const byDesc = (d: string) => rows.find((r) => r.description === d)!;
    expect(byDesc('ＡＭＡＺＯＮ．ＣＯ．ＪＰ')).toMatchObject({ categoryId: shopping, displayName: 'Amazon', categoryManual: false });
    expect(byDesc('ＡＭＡＺＯＮ．ＣＯ．ＪＰ').tags.sort()).toEqual(['big', 'ネット']);
    expect(byDesc('東京電力')).toMatchObject({ categoryId: food, tags: ['big'] });
    expect(byDesc('ｽﾀｰﾊﾞｯｸｽ 新宿店')).toMatchObject({ categoryId: food, memo: 'coffee' });
    expect(byDesc('返品 AMAZON.CO.JP')).toMatchObject({ categoryId: shopping });
    // Display names are searchable.
    expect((await list({ search: 'amazon', kinds: ['purchase'] })).total).toBe(2);
  });

  it('previews and applies a rule over existing rows, leaving hand-chosen categories unless asked', async () => {
    await importJune();
    const food = await categoryId('food');
    const daily = await categoryId('daily');
    const first = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [first.id], set: { categoryId: daily, memo: 'mine' } });
    const draft = { conditions: { text: { field: 'merchant' as const, op: 'contains' as const, value: 'スターバックス' } }, actions: { categoryId: food, memo: 'rule memo' } };
    const preview = await call(core, 'rules.preview', { draft });
    expect(preview.changed).toBe(1);
    expect(preview.examined).toBe(7);
    expect(preview.changes[0]).toMatchObject({ description: 'ｽﾀｰﾊﾞｯｸｽ 新宿店', before: { category: null, memo: null }, after: { category: '食費', memo: 'rule memo' } });
    const withManual = await call(core, 'rules.preview', { draft, includeManual: true });
    expect(withManual.changed).toBe(2);
    // The user's own memo is never overwritten by a rule.
    expect(withManual.changes.find((c) => c.id === first.id)!.after).toMatchObject({ category: '食費', memo: 'mine' });

    const rule = await call(core, 'rules.save', { name: 'sb', ...draft });
    const applied = await call(core, 'rules.apply', { ruleId: rule.id });
    expect(applied.changed).toBe(1);
    expect((await list({ search: '新宿' })).rows[0]).toMatchObject({ categoryId: food, memo: 'rule memo' });
    expect((await list({ search: '渋谷' })).rows[0]).toMatchObject({ categoryId: daily, memo: 'mine' });
    // Applying again changes nothing; undo takes the rule's changes back.
    expect((await call(core, 'rules.apply', { ruleId: rule.id })).changed).toBe(0);
    await call(core, 'history.undo', {});
    expect((await list({ search: '新宿' })).rows[0]).toMatchObject({ categoryId: null, memo: null });
  });

  it('re-runs all rules in order and reorders them', async () => {
    await importJune();
    const food = await categoryId('food');
    const daily = await categoryId('daily');
    const a = await call(core, 'rules.save', { name: 'a', conditions: { text: { field: 'description', op: 'contains', value: 'amazon' } }, actions: { categoryId: food } });
    const b = await call(core, 'rules.save', { name: 'b', conditions: { text: { field: 'merchant', op: 'startsWith', value: 'AMAZON' } }, actions: { categoryId: daily, addTags: ['new-tag'] } });
    const res = await call(core, 'rules.apply', {});
    expect(res.changed).toBe(3);
    expect((await list({ categoryId: food })).total).toBe(3);
    expect((await list({ tag: 'new-tag' })).total).toBe(2);
    await expect(call(core, 'rules.reorder', { ids: [b.id] })).rejects.toThrow(/every rule/);
    const order = await call(core, 'rules.reorder', { ids: [b.id, a.id] });
    expect(order.map((r) => r.name)).toEqual(['b', 'a']);
    await call(core, 'rules.apply', {});
    expect((await list({ categoryId: daily })).total).toBe(2);
    await call(core, 'rules.delete', { id: a.id });
    expect((await call(core, 'rules.list', {})).map((r) => r.name)).toEqual(['b']);
  });
});

describe('learning from re-categorisation', () => {
  it('offers a rule for the merchant, and not again once a rule covers it', async () => {
    await importJune();
    const shopping = await categoryId('shopping');
    const one = (await list({ search: 'amazon', kinds: ['purchase'] })).rows[0]!;
    const res = await call(core, 'transactions.update', { ids: [one.id], set: { categoryId: shopping } });
    expect(res.suggestion).toMatchObject({ merchant: one.merchant, categoryId: shopping, category: 'ショッピング', createdRuleId: null });
    // The other spellings of the merchant normalise to the same key (the refund's "返品" prefix does not).
    expect(res.suggestion!.otherRows).toBeGreaterThanOrEqual(1);
    expect(await call(core, 'rules.list', {})).toEqual([]);
    const rule = await call(core, 'rules.save', { name: 'learned', source: 'learned', conditions: { text: { field: 'merchant', op: 'equals', value: one.merchant } }, actions: { categoryId: shopping } });
    await call(core, 'rules.apply', { ruleId: rule.id });
    const again = (await list({ search: 'amazon', kinds: ['purchase'] })).rows.find((r) => r.id !== one.id)!;
    expect(again.categoryId).toBe(shopping);
    const other = (await call(core, 'transactions.update', { ids: [again.id], set: { categoryId: shopping } })).suggestion;
    expect(other).toBeNull();
  });

  it('creates and applies the rule at once when learning is automatic, and never learns from card payments', async () => {
    core.settings.update({ ruleLearning: 'auto' });
    await importJune();
    const food = await categoryId('food');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    const res = await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    expect(res.suggestion!.createdRuleId).not.toBeNull();
    // Shown as the row reads (long vowel, no branch), matched on the folded key.
    expect(res.suggestion).toMatchObject({ merchant: 'スタ-バックス', merchantName: 'スターバックス' });
    const rules = await call(core, 'rules.list', {});
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'スターバックス → 食費', source: 'learned', actions: { categoryId: food }, conditions: { text: { value: 'スタ-バックス' } } });
    const payment = (await list({ kinds: ['payment'] })).rows[0]!;
    expect((await call(core, 'transactions.update', { ids: [payment.id], set: { categoryId: food } })).suggestion).toBeNull();
    core.settings.update({ ruleLearning: 'off' });
    const edison = (await list({ search: '電力' })).rows[0]!;
    expect((await call(core, 'transactions.update', { ids: [edison.id], set: { categoryId: food } })).suggestion).toBeNull();
  });
});

describe('undoing a learned rule', () => {
  it('automatic learning: one undo takes back the edit, the rule and its run; redo brings all three back', async () => {
    core.settings.update({ ruleLearning: 'auto' });
    await importJune();
    const food = await categoryId('food');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    const res = await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    const ruleId = res.suggestion!.createdRuleId!;
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBe(food);
    const state = await call(core, 'history.state', {});
    expect(state.undo).toMatchObject({ key: 'edit', args: { fields: ['category'], n: 1, rule: res.suggestion!.rule.name } });
    expect(state.undo!.label).toBe(`Edit category of 1 row and learn the rule "${res.suggestion!.rule.name}"`);
    // The rule's run is part of the same step: nothing else to undo.
    const undone = await call(core, 'history.undo', {});
    expect(undone.entry!.key).toBe('edit');
    expect(undone.state.undo).toBeNull();
    expect(await call(core, 'rules.list', {})).toEqual([]);
    expect((await list({ search: '渋谷' })).rows[0]).toMatchObject({ categoryId: null, categoryManual: false });
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBeNull();
    await call(core, 'history.redo', {});
    const rules = await call(core, 'rules.list', {});
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ id: ruleId, source: 'learned', actions: { categoryId: food } });
    expect((await list({ search: '渋谷' })).rows[0]).toMatchObject({ categoryId: food, categoryManual: true });
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBe(food);
    // The restored rule is a working rule: a new row of the merchant is categorised on import.
    await importJune('more.csv', 'date,description,amount\r\n2025-06-28,スターバックス 池袋店,300\r\n');
    expect((await list({ search: '池袋' })).rows[0]!.categoryId).toBe(food);
  });

  it('an accepted offer is one step: undo removes the rule and its changes, the edit stays', async () => {
    await importJune();
    const food = await categoryId('food');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    const res = await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    expect(res.suggestion!.createdRuleId).toBeNull();
    const accepted = await call(core, 'rules.learn', res.suggestion!.rule);
    expect(accepted).toMatchObject({ changed: 1, rule: { source: 'learned', name: res.suggestion!.rule.name } });
    expect((await call(core, 'history.state', {})).undo).toMatchObject({ id: accepted.historyId, key: 'rule.learn', args: { rule: res.suggestion!.rule.name, n: 1 } });
    await call(core, 'history.undo', {});
    expect(await call(core, 'rules.list', {})).toEqual([]);
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBeNull();
    expect((await list({ search: '渋谷' })).rows[0]!.categoryId).toBe(food);
    expect((await call(core, 'history.state', {})).undo).toMatchObject({ key: 'edit', args: { fields: ['category'] } });
    await call(core, 'history.redo', {});
    expect((await call(core, 'rules.list', {})).map((r) => r.id)).toEqual([accepted.rule.id]);
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBe(food);
  });

  it('undoing a re-learning puts the merchant\'s earlier learned rule back as it was', async () => {
    core.settings.update({ ruleLearning: 'auto' });
    await importJune();
    const food = await categoryId('food');
    const daily = await categoryId('daily');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    const first = (await call(core, 'rules.list', {}))[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: daily } });
    expect((await call(core, 'rules.list', {}))[0]).toMatchObject({ id: first.id, actions: { categoryId: daily } });
    await call(core, 'history.undo', {});
    expect(await call(core, 'rules.list', {})).toEqual([first]);
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBe(food);
  });

  it('labels every kind of step with a key and values, and in English', async () => {
    await importJune();
    const food = await categoryId('food');
    const rule = await call(core, 'rules.save', { name: 'sb', conditions: { text: { field: 'merchant', op: 'contains', value: 'スターバックス' } }, actions: { categoryId: food } });
    await call(core, 'rules.apply', { ruleId: rule.id });
    expect((await call(core, 'history.state', {})).undo).toMatchObject({ key: 'rule.apply', args: { rule: 'sb', n: 2 }, label: 'Apply rule "sb" to 2 rows' });
    await call(core, 'rules.save', { name: 'amazon', conditions: { text: { field: 'merchant', op: 'contains', value: 'amazon' } }, actions: { addTags: ['net'] } });
    await call(core, 'rules.apply', {});
    expect((await call(core, 'history.state', {})).undo).toMatchObject({ key: 'rules.applyAll', args: { n: 3 }, label: 'Apply all rules to 3 rows' });
    const ids = (await list({ search: 'amazon' })).rows.map((r) => r.id);
    await call(core, 'transactions.update', { ids, set: { memo: 'x', foreign: null } });
    const undone = await call(core, 'history.undo', {});
    expect(undone.entry).toMatchObject({ key: 'edit', args: { fields: ['memo', 'foreign'], n: 3 } });
    expect(undone.label).toBe('Edit memo, foreign amount of 3 rows');
    // A step recorded by an older Meisai (English text) is shown as it was written.
    core.database.sqlite.prepare("UPDATE edit_history SET label = 'Edit tags of 2 rows' WHERE state = 'done'").run();
    expect((await call(core, 'history.state', {})).undo).toMatchObject({ key: 'text', args: { text: 'Edit tags of 2 rows' }, label: 'Edit tags of 2 rows' });
  });
});

describe('month summary', () => {
  it('totals spending by category and card; payments are not spending; other currencies beside it', async () => {
    await importJune();
    await importJune('usd.csv', 'date,description,amount,currency\r\n2025-06-04,COFFEE,4.50,USD\r\n', 'US card');
    const shopping = await categoryId('shopping');
    await call(core, 'transactions.update', { filter: { search: 'amazon' }, set: { categoryId: shopping } });
    const sum = await call(core, 'summary.month', { month: '2025-06' });
    expect(sum.currency).toBe('JPY');
    expect(sum.totalMinor).toBe(12630);
    expect(sum.byCategory).toEqual([
      { categoryId: null, category: null, color: null, total: 9230, totalMinor: 9230, count: 3 },
      expect.objectContaining({ categoryId: shopping, category: 'ショッピング', total: 3400, count: 3 }),
    ]);
    expect(sum.byCard).toEqual([{ cardId: expect.any(Number), card: 'Visa', total: 12630, totalMinor: 12630, count: 6 }]);
    expect(sum.otherCurrencies).toEqual([{ currency: 'USD', total: 4.5, totalMinor: 450, count: 1 }]);
    expect((await call(core, 'summary.month', { month: '2025-07' })).totalMinor).toBe(0);
  });
});

describe('derived columns', () => {
  it('recomputes merchant keys and search text when the code that makes them changes', async () => {
    await importJune();
    const { sqlite } = core.database;
    // As an older Meisai left them: texts folded by an older rule, merchants normalised by an older rule.
    sqlite.prepare("UPDATE search_texts SET text = 'old fold ' || id").run();
    sqlite.prepare("UPDATE transactions SET merchant = 'OLD'").run();
    expect((await list({ search: 'すたーばっくす' })).total).toBe(0);
    sqlite.prepare("UPDATE app_meta SET value = 'merchant:1;search:0' WHERE key = 'derived_columns'").run();
    const { refreshDerivedColumns } = await import('../../src/services/derived');
    expect(refreshDerivedColumns(core.database)).toBe(7);
    expect((await list({ search: 'すたーばっくす' })).total).toBe(2);
    expect((await list({})).rows.every((r) => r.merchant !== 'OLD')).toBe(true);
    // The texts of the older fold are gone, not kept beside the new ones.
    expect(sqlite.prepare("SELECT COUNT(*) FROM search_texts WHERE text LIKE 'old fold %'").pluck().get()).toBe(0);
    // Up to date: nothing to do.
    expect(refreshDerivedColumns(core.database)).toBe(0);
  });
});

describe('undo after the world moved on', () => {
  it('undoing an edit whose category or tag was deleted since leaves those rows without it', async () => {
    await importJune();
    const pets = await call(core, 'categories.save', { name: 'Pets', color: '#aa5500' });
    const food = await categoryId('food');
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: pets.id, addTags: ['tmp'] } });
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    await call(core, 'categories.delete', { id: pets.id });
    await call(core, 'tags.delete', { id: (await call(core, 'tags.list', {}))[0]!.id });
    await call(core, 'history.undo', {}); // back to Pets, which is gone
    expect((await list({ search: '渋谷' })).rows[0]).toMatchObject({ categoryId: null, tags: [] });
    await call(core, 'history.undo', {});
    await call(core, 'history.redo', {}); // re-adds the deleted tag: skipped
    expect((await list({ search: '渋谷' })).rows[0]).toMatchObject({ categoryId: null, tags: [] });
  });
});

describe('review regressions', () => {
  it('an edit to rows an undone import removed can still be undone and redone', async () => {
    const f = await importJune();
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { addTags: ['x'] } });
    await call(core, 'transactions.update', { ids: [sb.id], set: { removeTags: ['x'], memo: 'm' } });
    await call(core, 'imports.undo', { id: f.importId! });
    expect((await call(core, 'history.undo', {})).label).toMatch(/memo, tags/);
    expect((await call(core, 'history.undo', {})).label).toMatch(/tags/);
    expect((await call(core, 'history.redo', {})).label).toMatch(/tags/);
    expect((await list({})).total).toBe(0);
  });

  it('re-learning a merchant updates its learned rule, which goes ahead of older rules', async () => {
    core.settings.update({ ruleLearning: 'auto' });
    await importJune();
    const food = await categoryId('food');
    const daily = await categoryId('daily');
    const social = await categoryId('social');
    await call(core, 'rules.save', { name: 'broad', conditions: { text: { field: 'merchant', op: 'contains', value: 'スターバックス' } }, actions: { categoryId: social } });
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: food } });
    await call(core, 'transactions.update', { ids: [sb.id], set: { categoryId: daily } });
    const rules = await call(core, 'rules.list', {});
    expect(rules.map((r) => [r.source, r.actions.categoryId])).toEqual([
      ['learned', daily],
      ['user', social],
    ]);
    // Re-running every rule keeps the latest choice for the merchant's other rows.
    await call(core, 'rules.apply', {});
    expect((await list({ search: '新宿' })).rows[0]!.categoryId).toBe(daily);
  });

  it('a rule run fills an empty display name but never replaces one the user wrote', async () => {
    await importJune();
    const sb = (await list({ search: '渋谷' })).rows[0]!;
    await call(core, 'transactions.update', { ids: [sb.id], set: { displayName: 'My café' } });
    await call(core, 'rules.save', { name: 'sb', conditions: { text: { field: 'merchant', op: 'contains', value: 'スターバックス' } }, actions: { displayName: 'Starbucks' } });
    await call(core, 'rules.apply', {});
    expect((await list({ search: '渋谷' })).rows[0]!.displayName).toBe('My café');
    expect((await list({ search: '新宿' })).rows[0]!.displayName).toBe('Starbucks');
    await expect(call(core, 'rules.save', { name: 'nothing', conditions: { kinds: ['fee'] }, actions: { categoryId: null } })).rejects.toThrow(/action/);
  });
});
