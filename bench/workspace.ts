/**
 * `npx tsx bench/workspace.ts [rows] [dir]`: the transactions workspace on a ledger of 1,000,000 rows
 * (3 cards, 10 years, 60 merchants, a third categorised, some tagged and with memos): filtered pages,
 * text search, a month summary, subscription detection (which reads only the review window, the
 * last 25 months: about a fifth of the rows), and running 40 rules over every row (first time,
 * again, after one edit). A page is measured as the table asks for it (no count); counting the
 * matching rows is its own call (`transactions.count`), measured apart. Prints one JSON line of
 * figures (median of 5 runs for queries). Measured here, never asserted in tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { normalizeMerchant } from '../src/core/merchant';
import { openCore } from '../src/services/app';
import { shiftMonth } from '../src/services/review';
import { rebuildSearchTexts } from '../src/services/search-texts';
import { WINDOW_MONTHS } from '../src/services/subscriptions';
import { MemorySettings } from '../src/services/settings';
import { median } from './stats';
import type { ApiInput } from '../src/shared/api/contract';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'meisai-ws-bench-'));

const SHOPS = [
  'セブン－イレブン', 'ローソン', 'ファミリーマート', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', '楽天市場', 'ヨドバシカメラ', 'ＪＲ東日本', '東京メトロ', 'ＥＴＣ利用',
  'スターバックス', 'ドトールコーヒー', 'マクドナルド', 'すき家', '吉野家', 'イオン', 'イトーヨーカドー', 'ライフ', 'マツモトキヨシ', 'ウエルシア',
  'ユニクロ', 'ＧＵ', '無印良品', 'ニトリ', 'ＩＫＥＡ', '東京電力', '東京ガス', '東京都水道局', 'ＮＴＴドコモ', 'ソフトバンク', 'ａｕ', 'ＮＥＴＦＬＩＸ．ＣＯＭ',
  'ＳＰＯＴＩＦＹ', 'ＡＰＰＬＥ．ＣＯＭ／ＢＩＬＬ', 'ＧＯＯＧＬＥ ＰＬＡＹ', 'ＡＤＯＢＥ', 'ＭＩＣＲＯＳＯＦＴ', 'ＡＮＡ', 'ＪＡＬ', '楽天トラベル', 'じゃらん',
  'ＵＢＥＲ ＥＡＴＳ', '出前館', 'ＴＯＨＯシネマズ', 'タワーレコード', '紀伊國屋書店', 'ＴＳＵＴＡＹＡ', 'ビックカメラ', 'ケーズデンキ', 'コストコ', '成城石井',
  '髙島屋', '三越', '伊勢丹', 'ＺＯＺＯＴＯＷＮ', 'メルカリ', 'ヤフーショッピング', 'ＰＡＹＰＡＬ ＊ＳＴＥＡＭ', 'ＳＱ ＊ＣＯＦＦＥＥ ＳＴＡＮＤ', '病院', '薬局',
];

async function main() {
  const core = openCore({ dataDir: dir, settings: new MemorySettings(), mode: 'test', validateOutput: false });
  const { sqlite } = core.database;
  const call = async <M extends Parameters<typeof core.dispatch>[0] & string>(method: M, input: unknown) => {
    const res = await core.dispatch(method, input);
    if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
    return res.value;
  };
  let t = performance.now();
  // Built in SQL (one statement) rather than imported: this measures the workspace, not the importer.
  sqlite.exec(`INSERT INTO cards (issuer, name) VALUES ('amex-jp', 'Amex'), ('rakuten', '楽天カード'), ('smbc', '三井住友')`);
  sqlite.exec(`CREATE TEMP TABLE shop (n INTEGER PRIMARY KEY, description TEXT, merchant TEXT)`);
  const addShop = sqlite.prepare('INSERT INTO temp.shop VALUES (?, ?, ?)');
  SHOPS.forEach((s, i) => addShop.run(i, s, normalizeMerchant(s)));
  const categories = sqlite.prepare('SELECT id FROM categories ORDER BY id').pluck().all() as number[];
  sqlite.exec(`
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${ROWS - 1})
    INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint, category_id, memo)
    SELECT 1 + i % 3, date('2016-01-01', '+' || (i % 3650) || ' days'), s.description || ' ' || (i % 97), s.merchant, 100 + (i * 37) % 30000,
      'JPY', CASE WHEN i % 50 = 0 THEN 'refund' WHEN i % 997 = 0 THEN 'payment' ELSE 'purchase' END, i,
      CASE WHEN i % 3 = 0 THEN ${categories[0]} + (i % ${categories.length}) END, CASE WHEN i % 100 = 0 THEN 'memo ' || i END
    FROM seq JOIN temp.shop s ON s.n = i % ${SHOPS.length}`);
  sqlite.exec(`INSERT INTO tags (name) VALUES ('経費'), ('旅行')`);
  sqlite.exec(`INSERT INTO transaction_tags (transaction_id, tag_id) SELECT id, 1 + id % 2 FROM transactions WHERE id % 40 = 0`);
  // 30 subscriptions among them: monthly charges over the same ten years (3,600 rows).
  sqlite.exec(`
    WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 119), s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 29)
    INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint)
    SELECT 1 + j % 3, date('2016-01-01', '+' || k || ' months', '+' || (j % 28) || ' days'), 'SERVICE ' || char(65 + j % 26) || char(65 + j / 26),
      'SERVICE ' || char(65 + j % 26) || char(65 + j / 26), 500 + j * 100, 'JPY', 'purchase', ${ROWS} + j * 1000 + k FROM m, s`);
  // Search texts as the migration makes them from rows (each memo row gets a text of its own).
  rebuildSearchTexts(sqlite);
  sqlite.pragma('optimize');
  const buildMs = performance.now() - t;

  const time = async (fn: () => Promise<unknown>, runs = 5) => {
    await fn();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    return Number(median(xs).toFixed(1));
  };
  // As the workspace asks: the page alone, then the count (and the totals) in calls of their own.
  const page = (q: ApiInput<'transactions.list'>) => () => call('transactions.list', { limit: 200, withCount: false, ...q });
  const count = (q: ApiInput<'transactions.count'>) => () => call('transactions.count', q);
  const food = categories[2]!;
  const figures = {
    rows: ROWS,
    buildMs: Math.round(buildMs),
    pageAll: await time(page({})),
    pageMonth: await time(page({ month: '2020-06' })),
    pageCategory: await time(page({ categoryId: food })),
    pageUncategorised: await time(page({ categoryId: 'none', month: '2020-06' })),
    pageCardMonth: await time(page({ card: 2, month: '2020-06' })),
    pageTag: await time(page({ tag: '旅行' })),
    // A word on one row in 60 (16,667 rows), one on 3,600 rows (0.36 %), and one on none: every row read.
    pageSearch: await time(page({ search: 'すたーばっくす' })),
    pageSearchRare: await time(page({ search: 'service' })),
    pageSearchNone: await time(page({ search: 'みつからない' })),
    pageSearchMonth: await time(page({ search: 'すたーばっくす', month: '2020-06' })),
    pageAmountSort: await time(page({ month: '2020-06', sort: 'amount', order: 'desc' })),
    pageDeep: await time(page({ offset: 900_000 })),
    countAll: await time(count({})),
    countMonth: await time(count({ month: '2020-06' })),
    countSearch: await time(count({ search: 'すたーばっくす' })),
    countSearchTotals: await time(count({ search: 'すたーばっくす', withTotals: true })),
    monthSummary: await time(() => call('summary.month', { month: '2020-06' })),
    subscriptionsMs: await time(() => call('subscriptions.list', {}), 3),
    subscriptionsFound: ((await call('subscriptions.list', {})) as { items: unknown[] }).items.length,
    // Detection reads the review window (the last 25 months), not the whole ledger: how many rows that is.
    subscriptionWindowRows: sqlite.prepare('SELECT COUNT(*) FROM transactions WHERE date >= ?').pluck().get(`${shiftMonth((sqlite.prepare('SELECT MAX(date) FROM transactions').pluck().get() as string).slice(0, 7), -WINDOW_MONTHS)}-01`) as number,
    rulesFirstMs: 0,
    rulesFirstChanged: 0,
    rulesFirstPreviewMs: 0,
    rulesRerunMs: 0,
    rulesRerunChanged: 0,
    rulesEditedMs: 0,
    rulesEditedChanged: 0,
  };
  // 40 rules of the kinds people write: contains, starts-with, a few regexes, amount bands, kinds.
  const ruleIds: number[] = [];
  for (let i = 0; i < 40; i++) {
    const shop = SHOPS[i]!;
    const conditions =
      i % 10 === 9
        ? { text: { field: 'merchant', op: 'regex', value: `^${normalizeMerchant(shop).slice(0, 3)}` }, amountMin: 500 }
        : i % 4 === 0
          ? { text: { field: 'merchant', op: 'startsWith', value: normalizeMerchant(shop).slice(0, 4) } }
          : { text: { field: 'merchant', op: 'contains', value: normalizeMerchant(shop) }, kinds: ['purchase', 'refund'] };
    const rule = (await call('rules.save', { name: `rule ${i}`, conditions, actions: { categoryId: categories[i % categories.length], ...(i % 5 === 0 ? { addTags: ['ルール'] } : {}) } })) as { id: number };
    ruleIds.push(rule.id);
  }
  // Worst case: 40 new rules meet a ledger they never categorised (most rows change).
  t = performance.now();
  const preview = (await call('rules.preview', { limit: 200 })) as { changed: number };
  figures.rulesFirstPreviewMs = Math.round(performance.now() - t);
  t = performance.now();
  const applied = (await call('rules.apply', {})) as { changed: number };
  figures.rulesFirstMs = Math.round(performance.now() - t);
  figures.rulesFirstChanged = applied.changed;
  if (applied.changed !== preview.changed) throw new Error(`preview said ${preview.changed}, apply changed ${applied.changed}`);
  // The usual re-run: rules already applied, nothing (or little) to change.
  t = performance.now();
  figures.rulesRerunChanged = ((await call('rules.apply', {})) as { changed: number }).changed;
  figures.rulesRerunMs = Math.round(performance.now() - t);
  // After editing one rule (it now sets another category): re-run all.
  const edited = (await call('rules.list', {})) as { id: number; name: string; conditions: unknown; actions: { categoryId?: number } }[];
  const one = edited.find((r) => r.id === ruleIds[1])!;
  await call('rules.save', { id: one.id, name: one.name, conditions: one.conditions, actions: { categoryId: categories[17] } });
  t = performance.now();
  figures.rulesEditedChanged = ((await call('rules.apply', {})) as { changed: number }).changed;
  figures.rulesEditedMs = Math.round(performance.now() - t);
  core.close();
  if (!process.argv[3]) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`workspace bench: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
