/** The shipped merchant table on real imports: rows categorised at once; the user's rules win. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

describe('merchant knowledge', () => {
  it('categorises a first import, never card payments, and yields to the user’s rules and own table', async () => {
    const food = (await call(core, 'categories.list', {})).find((c) => c.builtinKey === 'food')!.id;
    const travel = (await call(core, 'categories.list', {})).find((c) => c.builtinKey === 'travel')!.id;
    await call(core, 'rules.save', { name: 'mine', conditions: { text: { field: 'merchant', op: 'contains', value: 'ローソン' } }, actions: { categoryId: travel } });
    await call(core, 'import.commit', {
      files: [{ name: 'june.csv', data: utf8('date,description,amount\r\n2025-06-01,セブン－イレブン　千代田店,450\r\n2025-06-02,ローソン 新宿店,300\r\n2025-06-03,MY LOCAL SHOP,900\r\n2025-06-27,前回分口座振替金額,-50000\r\n') }],
    });
    const rows = (await call(core, 'transactions.list', { sort: 'date', order: 'asc' })).rows;
    expect(rows.map((r) => r.categoryId)).toEqual([food, travel, null, null]);
  });

  it('reads the user’s own additions from the data folder first', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(core.dataDir, 'merchants.csv'), 'pattern,category,match\nMY LOCAL SHOP,daily,contains\nセブン,work,prefix\n');
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8('date,description,amount\r\n2025-06-01,セブン－イレブン,450\r\n2025-06-03,MY LOCAL SHOP,900\r\n') }] });
    expect((await call(core, 'transactions.list', { sort: 'date', order: 'asc' })).rows.map((r) => r.category)).toEqual(['仕事・経費', '日用品']);
    // An entry deleted in the app stays deleted when the file gains another line.
    const local = (await call(core, 'knowledge.list', {})).find((k) => k.pattern === 'MY LOCAL SHOP')!;
    await call(core, 'knowledge.delete', { id: local.id });
    writeFileSync(join(core.dataDir, 'merchants.csv'), 'pattern,category,match\nMY LOCAL SHOP,daily,contains\nセブン,work,prefix\nNEW PLACE,food,contains\n');
    await call(core, 'import.commit', { files: [{ name: 'july.csv', data: utf8('date,description,amount\r\n2025-07-01,NEW PLACE,450\r\n') }] });
    const patterns = (await call(core, 'knowledge.list', {})).filter((k) => k.source === 'user').map((k) => k.pattern);
    expect(patterns).toContain('NEW PLACE');
    expect(patterns).not.toContain('MY LOCAL SHOP');
  });

  it('can be switched off', async () => {
    core.settings.update({ merchantKnowledge: false });
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8('date,description,amount\r\n2025-06-01,セブン－イレブン,450\r\n') }] });
    expect((await call(core, 'transactions.list', {})).rows[0]!.categoryId).toBeNull();
  });

  // The shared samples use made-up shops (サンプル書店, テストマート…) on purpose; the real chains among them count.
  it('categorises the real chains among the shared samples’ rows', async () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'samples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
    await call(core, 'import.commit', { files });
    const all = (await call(core, 'transactions.list', { kinds: ['purchase', 'fee', 'refund', 'other'], limit: 10_000 })).rows;
    const share = all.filter((r) => r.categoryId !== null).length / all.length;
    process.stderr.write(`merchant knowledge: ${all.filter((r) => r.categoryId !== null).length} of ${all.length} sample rows categorised\n`);
    expect(share).toBeGreaterThanOrEqual(5 / 67);
  });
});

describe('merchant knowledge in the database', () => {
  let day = 0;
  // Each import a day later, so the newest row is the one just imported.
  const june = (desc: string) => {
    day += 1;
    return { files: [{ name: `june-${day}.csv`, data: utf8(`date,description,amount\r\n2025-06-${String(day).padStart(2, '0')},${desc},450\r\n`) }] };
  };
  const lastCategory = async () => (await call(core, 'transactions.list', { sort: 'date', order: 'desc', limit: 1 })).rows[0]!.categoryId;

  it('holds the shipped table, loaded on start', async () => {
    const list = await call(core, 'knowledge.list', {});
    expect(list.filter((k) => k.source === 'shipped').length).toBeGreaterThan(150);
    const seven = list.find((k) => k.pattern.startsWith('セブン'))!;
    expect(seven.categoryName).toBe('食費');
    expect(seven.enabled).toBe(true);
  });

  it('a shipped entry switched off stops categorising and stays off when the shipped table is reloaded', async () => {
    const seven = (await call(core, 'knowledge.list', {})).filter((k) => k.source === 'shipped' && 'セブン－イレブン'.includes(k.pattern.replace('-', '－')));
    expect(seven.length).toBeGreaterThan(0);
    for (const k of seven) await call(core, 'knowledge.setEnabled', { id: k.id, enabled: false });
    await call(core, 'import.commit', june('セブン－イレブン　千代田店'));
    expect(await lastCategory()).toBeNull();
    // A new shipped table (one line added) reloads the shipped entries; the switched-off one stays off.
    const { syncKnowledge, findKnowledgeFile } = await import('../../src/services/knowledge');
    const shipped = join(core.dataDir, 'shipped.csv');
    writeFileSync(shipped, `${readFileSync(findKnowledgeFile()!, 'utf8')}\nNEWCHAIN,food,contains\n`);
    expect(syncKnowledge(core.database, core.dataDir, shipped).shipped).toBeGreaterThan(150);
    const after = await call(core, 'knowledge.list', {});
    expect(after.find((k) => k.pattern === 'NEWCHAIN')?.enabled).toBe(true);
    for (const k of seven) expect(after.find((x) => x.source === 'shipped' && x.pattern === k.pattern && x.match === k.match)?.enabled).toBe(false);
    // An unchanged file is not reloaded.
    expect(syncKnowledge(core.database, core.dataDir, shipped).shipped).toBe(0);
  });

  it('the user adds, changes and deletes entries; changing a shipped one makes it theirs', async () => {
    const cats = await call(core, 'categories.list', {});
    const work = cats.find((c) => c.builtinKey === 'work')!.id;
    const daily = cats.find((c) => c.builtinKey === 'daily')!.id;
    const mine = await call(core, 'knowledge.save', { pattern: 'ヤマダ文具', match: 'contains', categoryId: work });
    expect(mine).toMatchObject({ source: 'user', categoryName: '仕事・経費', enabled: true });
    await call(core, 'import.commit', june('ヤマダ文具　本店'));
    expect(await lastCategory()).toBe(work);
    await call(core, 'knowledge.save', { id: mine.id, pattern: 'ヤマダ文具', match: 'contains', categoryId: daily });
    await call(core, 'import.commit', june('ヤマダ文具　駅前店'));
    expect(await lastCategory()).toBe(daily);
    await call(core, 'knowledge.delete', { id: mine.id });
    await call(core, 'import.commit', june('ヤマダ文具　東口店'));
    expect(await lastCategory()).toBeNull();

    const shippedSeven = (await call(core, 'knowledge.list', {})).find((k) => k.source === 'shipped' && k.pattern.startsWith('セブン'))!;
    const res = await core.dispatch('knowledge.delete', { id: shippedSeven.id });
    expect(res.ok).toBe(false);
    const theirs = await call(core, 'knowledge.save', { id: shippedSeven.id, pattern: shippedSeven.pattern, match: shippedSeven.match, categoryId: work });
    expect(theirs.source).toBe('user');
    const list = await call(core, 'knowledge.list', {});
    expect(list.find((k) => k.id === shippedSeven.id)!.enabled).toBe(false);
    await call(core, 'import.commit', june('セブン－イレブン　千代田店'));
    expect(await lastCategory()).toBe(work);
  });
});

describe('merchant knowledge coverage on a generated household month', () => {
  it('categorises the chains as a person would, and nothing wrongly', async () => {
    const { householdMonthRows, measureHousehold } = await import('../../bench/household');
    const c = await measureHousehold(core);
    process.stderr.write(`household month: ${c.right} of ${c.rows} rows categorised right, ${c.wrong} wrong; chains ${c.chainRowsRight}/${c.chainRows}, local ${c.localRowsRight}/${c.localRows}; misses: ${c.misses.join('; ')}\n`);
    expect(c.rows).toBe(householdMonthRows().length);
    expect(c.wrong).toBe(0);
    expect(c.chainRowsRight / c.chainRows).toBeGreaterThanOrEqual(0.9);
  });
});
