/** The shipped merchant table on real imports: rows categorised at once; the user's rules win. */
import { readdirSync, readFileSync } from 'node:fs';
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
