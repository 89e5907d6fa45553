/**
 * Re-running rules over the ledger finds the rows to change inside SQLite (services/rules.ts) rather
 * than reading every row. These tests hold that shortcut to the plain definition: every row through
 * `evaluateRules` on its own, with the same "fill, never overwrite" and "hand-chosen categories stay"
 * decisions, on a varied ledger and rule sets that reach every branch of the shortcut (conditions
 * SQL tests per row, classes too big to enumerate, more distinct conditions than it gives bits to).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeMerchant } from '../../src/core/merchant';
import { compileRules, evaluateRules, type Kind, type Rule, type RuleActions, type RuleConditions } from '../../src/core/rules';
import { call, testCore } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const DESCRIPTIONS = [
  'ＡＭＡＺＯＮ．ＣＯ．ＪＰ',
  'Amazon.co.jp',
  'AMAZON MKTPLACE PMTS',
  'スターバックス　渋谷店',
  'ｽﾀｰﾊﾞｯｸｽ 新宿店',
  'セブン－イレブン 千代田店',
  'ｾﾌﾞﾝｰｲﾚﾌﾞﾝ',
  '東京電力',
  'NETFLIX.COM',
  'PAYPAL *NETFLIX',
  'PAYPAL *STEAM GAMES',
  'UBER *EATS',
  'ローソン 123',
  '楽天市場',
  'マツモトキヨシ 銀座店',
  'SHELL 給油所',
];
const KINDS: Kind[] = ['purchase', 'purchase', 'purchase', 'refund', 'payment', 'fee', 'other'];
// Amounts in minor units that sit on and next to the bounds the rules use (10.5, 20, 500, 1000).
const AMOUNTS: Record<string, number[]> = {
  JPY: [-1200, 0, 10, 11, 20, 21, 499, 500, 501, 999, 1000, 1001, 8200],
  USD: [-1050, 1049, 1050, 1051, 1999, 2000, 2001, 50000, 100000],
  KWD: [10499, 10500, 10501, 20000, 20001, 500000],
  EUR: [1050, 2000, 2001],
};
const CURRENCIES = Object.keys(AMOUNTS);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((s / 2 ** 31) * n);
  };
}

type State = { category: number | null; manual: number; memo: string | null; displayName: string | null; tags: string[] };

async function buildLedger(rows: number, seed: number) {
  const { sqlite } = core.database;
  const pick = random(seed);
  sqlite.exec(`INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Amex'), ('rakuten', '楽天'), ('smbc', '三井住友')`);
  // The third spells the first's name in full width: a rule on a cardholder matches both.
  const holder = sqlite.prepare('INSERT INTO cardholders (card_id, name) VALUES (?, ?)');
  for (const [card, name] of [[1, 'HANAKO YAMADA'], [2, 'TARO YAMADA'], [3, 'ＨＡＮＡＫＯ\u3000ＹＡＭＡＤＡ']] as const) holder.run(card, name);
  sqlite.exec(`INSERT INTO tags (name) VALUES ('net'), ('family'), ('other')`);
  const categories = sqlite.prepare('SELECT id FROM categories ORDER BY id').pluck().all() as number[];
  const insert = sqlite.prepare(
    `INSERT INTO transactions (card_id, cardholder_id, date, description, merchant, amount, currency, kind, fingerprint, category_id, category_manual, memo, display_name)
     VALUES (?, ?, '2025-06-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = sqlite.prepare('INSERT INTO transaction_tags (transaction_id, tag_id) SELECT ?, id FROM tags WHERE name = ?');
  const add = (i: number) => {
    const description = DESCRIPTIONS[pick(DESCRIPTIONS.length)]!;
    const currency = CURRENCIES[pick(CURRENCIES.length)]!;
    const amounts = AMOUNTS[currency]!;
    const category = pick(3) === 0 ? null : categories[pick(6)]!;
    const id = insert.run(
      1 + pick(3),
      [null, null, 1, 2, 3][pick(5)],
      description,
      normalizeMerchant(description),
      amounts[pick(amounts.length)],
      currency,
      KINDS[pick(KINDS.length)],
      i,
      category,
      category !== null && pick(4) === 0 ? 1 : 0,
      [null, null, '', 'mine'][pick(4)],
      [null, null, '', 'Shown'][pick(4)],
    ).lastInsertRowid;
    if (pick(5) === 0) link.run(id, ['net', 'family', 'other'][pick(3)]);
  };
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) add(i);
  })();
  return categories;
}

function ledgerState(): Map<number, State> {
  const { sqlite } = core.database;
  const rows = sqlite
    .prepare(
      `SELECT t.id, t.category_id AS category, t.category_manual AS manual, t.memo, t.display_name AS displayName,
         (SELECT json_group_array(g.name) FROM (SELECT g.name FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.transaction_id = t.id ORDER BY g.name) g) AS tags
       FROM transactions t ORDER BY t.id`,
    )
    .all() as (Omit<State, 'tags'> & { id: number; tags: string })[];
  return new Map(rows.map(({ id, tags, ...r }) => [id, { ...r, tags: JSON.parse(tags) as string[] }]));
}

/** The definition: each row through the rules on its own, nothing shared between rows. */
function naive(rules: Rule[], includeManual: boolean): { state: Map<number, State>; changed: number } {
  const { sqlite } = core.database;
  const state = ledgerState();
  const rows = sqlite
    .prepare(
      `SELECT t.id, t.description, t.merchant, t.amount, t.currency, t.card_id AS cardId, h.name AS cardholder, t.kind
       FROM transactions t LEFT JOIN cardholders h ON h.id = t.cardholder_id`,
    )
    .all() as { id: number; description: string; merchant: string; amount: number; currency: string; cardId: number; cardholder: string | null; kind: Kind }[];
  let changed = 0;
  for (const { id, ...subject } of rows) {
    const out = evaluateRules(compileRules(rules), subject);
    const before = state.get(id)!;
    const after = { ...before, tags: [...before.tags] };
    if (out.categoryId !== undefined && (includeManual || before.manual !== 1) && out.categoryId !== before.category) {
      after.category = out.categoryId;
      after.manual = 0;
    }
    if (out.displayName !== undefined && !before.displayName) after.displayName = out.displayName;
    if (out.memo !== undefined && !before.memo) after.memo = out.memo;
    for (const tag of out.tags) if (!after.tags.includes(tag)) after.tags.push(tag);
    after.tags.sort();
    if (JSON.stringify(after) !== JSON.stringify(before)) changed++;
    state.set(id, after);
  }
  return { state, changed };
}

async function saveRules(defs: { conditions: RuleConditions; actions: RuleActions; enabled?: boolean }[]): Promise<Rule[]> {
  const saved: Rule[] = [];
  for (const [i, d] of defs.entries()) {
    const r = await call(core, 'rules.save', { name: `rule ${i}`, enabled: d.enabled ?? true, conditions: d.conditions, actions: d.actions });
    saved.push({ id: r.id, name: r.name, enabled: r.enabled, conditions: r.conditions, actions: r.actions });
  }
  return saved;
}

/** Preview, apply, compare with the definition, apply again (nothing left), undo (all back). */
async function expectSameAsNaive(rules: Rule[]) {
  for (const includeManual of [false, true]) {
    const initial = ledgerState();
    const expected = naive(rules, includeManual);
    expect(expected.changed).toBeGreaterThan(0);
    const preview = await call(core, 'rules.preview', { includeManual, limit: 5 });
    expect(preview.changed).toBe(expected.changed);
    const applied = await call(core, 'rules.apply', { includeManual });
    expect(applied.changed).toBe(expected.changed);
    expect(ledgerState()).toEqual(expected.state);
    expect((await call(core, 'rules.apply', { includeManual })).changed).toBe(0);
    await call(core, 'history.undo', {});
    expect(ledgerState()).toEqual(initial);
  }
}

describe('re-running rules over the ledger gives exactly what each row through the rules gives', () => {
  it('text, amount, card, cardholder, currency and kind conditions; every action; manual categories', async () => {
    const cat = await buildLedger(1500, 7);
    const rules = await saveRules([
      { conditions: { text: { field: 'merchant', op: 'regex', value: '^スターバックス|^seven' } }, actions: { categoryId: cat[1], memo: 'coffee' } },
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'ａｍａｚｏｎ' }, kinds: ['purchase', 'refund'] }, actions: { categoryId: cat[2], addTags: ['net'], displayName: 'Amazon' } },
      { conditions: { text: { field: 'description', op: 'startsWith', value: 'paypal' }, amountMin: 10.5, amountMax: 20 }, actions: { categoryId: cat[3], addTags: ['net', 'paypal'] } },
      { conditions: { text: { field: 'merchant', op: 'equals', value: normalizeMerchant('東京電力') }, currencies: ['JPY'] }, actions: { categoryId: cat[4] } },
      { conditions: { cardholders: ['hanako yamada'], amountMin: 500 }, actions: { addTags: ['family'], memo: 'hanako' } },
      { conditions: { cardIds: [2], kinds: ['fee', 'other'] }, actions: { categoryId: cat[5], displayName: 'Card 2 extra' } },
      { conditions: { amountMax: -1 }, actions: { addTags: ['refunds'] } },
      { conditions: { text: { field: 'merchant', op: 'startsWith', value: 'ローソン' } }, actions: { categoryId: cat[6] }, enabled: false },
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'netflix' }, currencies: ['USD', 'EUR'], amountMin: 20 }, actions: { categoryId: cat[7], memo: '' } },
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'ネットフリックス' } }, actions: { categoryId: cat[8] } },
    ]);
    await expectSameAsNaive(rules);
  });

  it('when a class of rows depends on more conditions than are worth enumerating', async () => {
    const cat = await buildLedger(800, 11);
    // Ten amount bands on every row: each merchant's rows depend on ten conditions at once.
    const rules = await saveRules([
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'amazon' } }, actions: { categoryId: cat[0], addTags: ['net'] } },
      ...[0, 5, 10, 10.5, 15, 20, 100, 499, 500, 1000].map((min, i) => ({ conditions: { amountMin: min, kinds: ['purchase' as const] }, actions: { categoryId: cat[1 + (i % 6)], ...(i % 3 === 0 ? { addTags: [`band ${i}`] } : {}) } })),
    ]);
    await expectSameAsNaive(rules);
  });

  it('after rows are added, and when a merchant changes under it', async () => {
    const cat = await buildLedger(600, 31);
    const rules = await saveRules([
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'new shop' } }, actions: { categoryId: cat[2], addTags: ['new'] } },
      { conditions: { text: { field: 'merchant', op: 'contains', value: 'amazon' }, amountMin: 500 }, actions: { categoryId: cat[3] } },
    ]);
    // A first run remembers the ledger's merchants; then rows come with a merchant it has not seen…
    await call(core, 'rules.preview', {});
    const { sqlite } = core.database;
    sqlite.exec(`INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint)
      SELECT card_id, date, 'NEW SHOP ' || id, 'NEW SHOP', amount, currency, kind, fingerprint + 100000 FROM transactions WHERE id % 7 = 0`);
    await expectSameAsNaive(rules);
    // … and a merchant is rewritten in place (as a newer normaliser does on start).
    sqlite.exec(`UPDATE transactions SET merchant = 'ANOTHER NEW SHOP' WHERE id % 11 = 0`);
    await expectSameAsNaive(rules);
  });

  it('with more distinct conditions than the shortcut has bits for', async () => {
    const cat = await buildLedger(800, 23);
    const rules = await saveRules(
      Array.from({ length: 36 }, (_, i) => ({
        conditions: { text: { field: 'merchant' as const, op: 'contains' as const, value: normalizeMerchant(DESCRIPTIONS[i % DESCRIPTIONS.length]!).slice(0, 3) }, amountMin: i * 7, amountMax: 1000 + i },
        actions: { categoryId: cat[i % 8], ...(i % 4 === 0 ? { memo: `band ${i}` } : {}) },
      })),
    );
    await expectSameAsNaive(rules);
  });
});
