/**
 * A generated household month for measuring merchant-knowledge coverage: two cards' worth of
 * charges with merchant texts written the way Japanese statements print them (half-width kana,
 * store numbers and branches, network prefixes, romaji, location suffixes) — written from how
 * statements look, not from resources/merchants.csv — plus the local shops, clinics and one-off
 * businesses no shipped table can know (about a third of the visits, as in a real month).
 */
import { encodeCp932 } from '../src/core/cp932';
import type { MeisaiCore } from '../src/services/app';
import type { Category, Transaction } from '../src/shared/api/contract';

/** [printed merchant text, visits per month (weight), typical amount in yen, the category a person would give it] */
const CHAINS: [string, number, number, string][] = [
  ['セブン－イレブン　渋谷道玄坂店', 9, 620, 'food'],
  ['ｾﾌﾞﾝ-ｲﾚﾌﾞﾝ ﾄｳｷﾖｳｴｷﾏｴ', 4, 480, 'food'],
  ['ファミリーマート　新宿三丁目店', 6, 540, 'food'],
  ['ﾌｧﾐﾘｰﾏｰﾄ ﾅｶﾉｷﾀｸﾞﾁ', 3, 390, 'food'],
  ['ローソン　中野坂上店', 5, 450, 'food'],
  ['LAWSON 00123', 2, 680, 'food'],
  ['まいばすけっと　中野５丁目店', 6, 1_450, 'food'],
  ['ｲｵﾝﾘﾃｰﾙ ｲｵﾝｽﾀｲﾙ', 3, 6_800, 'food'],
  ['サミットストア　中野店', 4, 4_300, 'food'],
  ['成城石井　アトレ恵比寿店', 2, 3_200, 'food'],
  ['ＯＫストア　高円寺店', 3, 5_100, 'food'],
  ['コストコホールセール　川崎倉庫店', 1, 18_400, 'food'],
  ['スターバックス　コーヒー　中野セントラルパーク店', 4, 690, 'food'],
  ['ﾄﾞﾄｰﾙｺｰﾋｰ ｼﾌﾞﾔ', 3, 420, 'food'],
  ['マクドナルド　中野北口店', 2, 890, 'food'],
  ['スシロー　練馬店', 1, 4_200, 'food'],
  ['ｻｲｾﾞﾘﾔ ﾅｶﾉ', 1, 2_300, 'food'],
  ['UBER *EATS PENDING', 2, 2_800, 'food'],
  ['マツモトキヨシ　中野店', 3, 1_980, 'daily'],
  ['ｳｴﾙｼｱ ﾅｶﾉﾐﾅﾐ', 2, 1_540, 'daily'],
  ['ダイソー　中野ブロードウェイ店', 1, 770, 'daily'],
  ['ニトリ　練馬店', 1, 8_900, 'daily'],
  ['無印良品　新宿', 1, 3_490, 'daily'],
  ['モバイルＳｕｉｃａ', 6, 3_000, 'transport'],
  ['ＪＲ東日本　えきねっと', 1, 14_170, 'transport'],
  ['ETC利用　首都高速道路', 2, 1_320, 'transport'],
  ['ＥＮＥＯＳ　中野ＳＳ', 1, 6_200, 'transport'],
  ['GO タクシー', 1, 2_150, 'transport'],
  ['ＮＴＴドコモ　ご利用料金', 1, 7_480, 'telecom'],
  ['ソフトバンク　携帯電話料金', 1, 5_280, 'telecom'],
  ['東京電力エナジーパートナー', 1, 9_830, 'utilities'],
  ['東京ガス', 1, 5_640, 'utilities'],
  ['東京都水道局', 1, 4_120, 'utilities'],
  ['NETFLIX.COM', 1, 1_590, 'subscriptions'],
  ['SPOTIFY P1A2B3C4', 1, 980, 'subscriptions'],
  ['AMAZON PRIME MEMBERSHIP', 1, 600, 'subscriptions'],
  ['APPLE.COM/BILL', 2, 400, 'subscriptions'],
  ['GOOGLE *YouTubePremium', 1, 1_280, 'subscriptions'],
  ['ADOBE *CREATIVE CLOUD', 1, 2_180, 'subscriptions'],
  ['AMAZON.CO.JP', 7, 2_600, 'shopping'],
  ['AMAZON MKTPLACE PMTS', 2, 1_800, 'shopping'],
  ['楽天市場', 2, 4_300, 'shopping'],
  ['ヨドバシカメラ　新宿西口本店', 1, 12_800, 'shopping'],
  ['ユニクロ　中野マルイ店', 1, 5_980, 'clothing'],
  ['ＧＵ　中野店', 1, 2_990, 'clothing'],
  ['ＴＯＨＯシネマズ　新宿', 1, 2_000, 'entertainment'],
  ['紀伊國屋書店　新宿本店', 1, 2_420, 'education'],
  ['任天堂　ニンテンドーeショップ', 1, 1_650, 'entertainment'],
  ['ＡＮＡ　国内線航空券', 1, 24_800, 'travel'],
  ['楽天トラベル', 1, 18_600, 'travel'],
  ['ふるさと納税　さとふる', 1, 10_000, 'tax'],
];

/** Businesses only their neighbours know (a shipped table can at best catch the generic words, e.g. クリニック). */
const LOCAL: [string, number, number, string][] = [
  ['やきとり　大吉　中野店', 2, 3_800, 'food'],
  ['ﾔﾏﾓﾄｼｮｳﾃﾝ', 3, 1_200, 'food'],
  ['中華そば　しながわ', 2, 950, 'food'],
  ['ベーカリー　ムギノホ', 3, 680, 'food'],
  ['たなか内科クリニック', 1, 2_310, 'medical'],
  ['ｽｽﾞｷｼｶｲｲﾝ', 1, 3_400, 'medical'],
  ['青葉調剤薬局', 1, 880, 'medical'],
  ['ヘアサロン　ルミエール', 1, 6_600, 'daily'],
  ['クリーニングのハヤシ', 2, 1_100, 'daily'],
  ['中野区スポーツセンター', 1, 400, 'entertainment'],
  ['ＳＱ＊ＣＡＦＥ　ＫＯＭＯＲＥＢＩ', 2, 1_450, 'food'],
  ['ﾗｸﾃﾝﾍﾟｲ ﾄﾐﾀﾔ', 1, 2_200, 'food'],
  ['PAYPAL *TOOLSHOP', 1, 3_300, 'shopping'],
  ['ｶ)ﾐﾗｲｼﾞﾕｸ', 1, 15_000, 'education'],
  ['古書　かもめ堂', 1, 1_800, 'education'],
  ['ガーデンショップ　みどり', 1, 2_640, 'daily'],
  ['まつや酒店', 1, 3_150, 'food'],
  ['ＫＯＢＥ　ＢＥＥＦ　ＤＩＮＩＮＧ　ＩＳＨＩＩ', 1, 9_800, 'food'],
];

/** Row texts of one month, weights scaled so the month has about `rows` rows. */
export function householdMonthRows(rows = 400): { date: string; merchant: string; amount: number; expected: string; local: boolean }[] {
  const all = [...CHAINS.map((c) => [...c, false] as const), ...LOCAL.map((c) => [...c, true] as const)];
  const weight = all.reduce((s, [, w]) => s + w, 0);
  const out: { date: string; merchant: string; amount: number; expected: string; local: boolean }[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (const [merchant, w, amount, expected, local] of all) {
    const n = Math.max(1, Math.round((w * rows) / weight));
    for (let i = 0; i < n; i++) {
      const day = 1 + Math.floor(rand() * 30);
      out.push({ date: `2025/06/${String(day).padStart(2, '0')}`, merchant, amount: Math.max(100, Math.round(amount * (0.6 + rand() * 0.8))), expected, local });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.merchant.localeCompare(b.merchant));
}

/** The month as an Amex-Japan-layout CSV in CP932, as downloaded. */
export function householdMonthCsv(rows = 400): Uint8Array {
  const lines = householdMonthRows(rows).map((r) => `${r.date},${r.date},${r.merchant},TARO YAMADA,-12345,${r.amount},,\r\n`);
  return encodeCp932(`ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート\r\n${lines.join('')}`);
}

export const HOUSEHOLD_MERCHANTS = { chains: CHAINS.length, local: LOCAL.length };

export interface Coverage {
  rows: number;
  /** Categorised with the category a person would give it. */
  right: number;
  /** Categorised, but not as a person would. */
  wrong: number;
  chainRows: number;
  chainRowsRight: number;
  localRows: number;
  localRowsRight: number;
  misses: string[];
}

/** Compare what an import categorised with what a person would have chosen, row by row. */
function coverageOf(imported: { description: string; categoryKey: string | null }[], rows = householdMonthRows()): Coverage {
  const expected = new Map(rows.map((r) => [r.merchant, r]));
  const c: Coverage = { rows: imported.length, right: 0, wrong: 0, chainRows: 0, chainRowsRight: 0, localRows: 0, localRowsRight: 0, misses: [] };
  for (const t of imported) {
    const row = expected.get(t.description);
    if (row === undefined) throw new Error(`unexpected row ${t.description}`);
    const want = row.expected;
    if (row.local) c.localRows++;
    else c.chainRows++;
    if (t.categoryKey !== null) {
      if (t.categoryKey === want) {
        c.right++;
        if (row.local) c.localRowsRight++;
        else c.chainRowsRight++;
      } else c.wrong++;
    }
    const miss = `${t.description} → ${t.categoryKey ?? '—'} (want ${want})`;
    if (t.categoryKey !== want && !c.misses.includes(miss)) c.misses.push(miss);
  }
  return c;
}

/** Import the household month into `core` (an empty ledger) and measure what got which category. */
export async function measureHousehold(core: MeisaiCore): Promise<Coverage> {
  const value = async <T>(method: Parameters<MeisaiCore['dispatch']>[0], input: unknown): Promise<T> => {
    const res = await core.dispatch(method, input);
    if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
    return res.value as T;
  };
  await value('import.commit', { files: [{ name: 'household.csv', data: householdMonthCsv() }] });
  const keyOf = new Map((await value<Category[]>('categories.list', {})).map((c) => [c.id, c.builtinKey]));
  const { rows } = await value<{ rows: Transaction[] }>('transactions.list', { limit: 10_000 });
  return coverageOf(rows.map((r) => ({ description: r.description, categoryKey: r.categoryId === null ? null : (keyOf.get(r.categoryId) ?? null) })));
}
