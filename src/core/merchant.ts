/**
 * Merchant text, three ways:
 * - `foldText`: NFKC (full-width → half-width, ｶﾀｶﾅ → カタカナ), upper case, one space between words.
 *   FROZEN: import fingerprints hash it, so changing it would make re-imports insert duplicates.
 * - `normalizeMerchant`: the merchant key rules, learning and subscriptions match on. It may improve
 *   between releases; bump MERCHANT_NORMALIZER_VERSION and stored keys are recomputed on open.
 *   `merchantPatternText` folds a user-typed rule value to compare with it (folding only, no stripping).
 * - `cleanDescription`: the printed text trimmed for display.
 * - `merchantDisplayText`: the merchant as a person reads it (names of learned rules, the offer).
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function foldText(description: string): string {
  // Statements repeat the same merchants: remember recent answers (bounded).
  let out = cache.get(description);
  if (out === undefined) {
    out = description
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[\s\u3000]+/gu, ' ')
      .trim();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(description, out);
  }
  return out;
}

/** Bump whenever `normalizeMerchant` changes what it returns for any input. */
export const MERCHANT_NORMALIZER_VERSION = 2;

// Every dash-like character statements use for the long vowel or a hyphen (ー－-‐‑‒–—―−ｰ…): issuers and
// half-width conversions swap them freely, so `セブン-イレブン` and `セブンーイレブン` must compare equal.
const DASHES = /[\u002D\u2010-\u2015\u2043\u2212\u30FC\uFE58\uFE63\uFF0D\uFF70]/gu;

/** Fold every hyphen / long-vowel variant to `-` (shared with search folding). */
export function foldDashes(text: string): string {
  return text.replace(DASHES, '-');
}

const patternCache = new Map<string, string>();

/**
 * A user-typed rule value, folded the way rules compare it: `foldText` plus the dash fold. No store or
 * location stripping: a user may type a branch (`ローソン 新宿店`) on purpose.
 */
export function merchantPatternText(value: string): string {
  // Called per row and per lookup with repeating texts, and its NFKC check is not cheap: remember recent answers (bounded).
  let out = patternCache.get(value);
  if (out === undefined) {
    const once = foldText(value);
    // Upper-casing can decompose (ῗ → Ϊ́) where NFKC would compose: fold again so a key is its own key.
    out = foldDashes(once.normalize('NFKC') === once ? once : foldText(once));
    if (patternCache.size >= CACHE_LIMIT) patternCache.clear();
    patternCache.set(value, out);
  }
  return out;
}

const merchantCache = new Map<string, string>();

/**
 * The merchant key: the folded text minus what varies between visits to the same merchant (store
 * numbers, branches, locations, payment-network prefixes, company-form markers, reference codes).
 * Never empty for visible text: when stripping would leave nothing, the folded text is the key.
 */
export function normalizeMerchant(description: string): string {
  let out = merchantCache.get(description);
  if (out === undefined) {
    const folded = merchantPatternText(description);
    out = stripVariableParts(folded) || folded;
    if (merchantCache.size >= CACHE_LIMIT) merchantCache.clear();
    merchantCache.set(description, out);
  }
  return out;
}

/** Apply the rules until nothing changes, so the key is a fixed point (normalising it again is a no-op). */
function stripVariableParts(text: string): string {
  let s = text;
  for (;;) {
    const next = stripOnce(s);
    // Every rule only removes text, so this ends.
    if (next === s) return s;
    s = next;
  }
}

/** Collapse spaces left by a removal and drop separators left dangling at either end (`LAWSON - 123` → `LAWSON`). */
function tidy(s: string): string {
  let t = s.includes('  ') ? s.replace(/ {2,}/g, ' ').trim() : s.trim();
  // A bare trailing `-` is a long vowel (`スーパー`), so `-` only counts as a separator after a space.
  while (t.length > 0 && (DANGLING.has(t[0]!) || DANGLING.has(t[t.length - 1]!) || t.endsWith(' -') || t.startsWith('- '))) {
    t = t.replace(/^[-*/:,]+ |^[*/:,]+| [-*/:,]+$|[*/:,]+$/g, '').trim();
  }
  return t;
}
const DANGLING = new Set(['*', '/', ':', ',']);

/** `s` with `re` replaced, tidied only when something changed (this runs per imported row). */
function cut(s: string, re: RegExp, by = ''): string {
  const t = s.replace(re, by);
  return t === s ? s : tidy(t);
}

// --- Prefixes: how the card was presented, printed before the merchant by some issuers. ---------------

// Rakuten e-NAVI: `VISA国内利用 VS サンプルカフェ`, `マスター国内利用 MZZ …`, `海外利用 1 EXAMPLE APP STORE`
// (matched after the dash fold, hence `マスタ-`).
const RAKUTEN_NETWORK = /^(?:VISA|MASTER(?:CARD)?|マスタ-|JCB|AMEX|アメックス)?(?:国内|海外)利用 (?:(?:VS|MZZ|\d{1,2}) )?/u;
// Contactless / network names before the merchant (`VISA `, `ID `, `QUICPAY `, `QUICPAY/`); QUICPay is also
// printed glued to Japanese text (`ＱＵＩＣＰａｙローソン`).
const NETWORK = /^(?:(?:VISA|ID|QUICPAY\+?|QP|NFC|APPLE ?PAY|GOOGLE ?PAY) ?[/:*] ?|(?:VISA|ID|QUICPAY\+?|APPLE ?PAY|GOOGLE ?PAY) |QUICPAY\+?(?=[^\x20-\x7E]))/u;
// Payment facilitators that print `NAME*` before the real merchant: PayPay, PayPal (`PAYPAL *NETFLIX`,
// `PP*`), Square (`SQ *`, `SQU*`), Toast (`TST*`), Shopify (`SP *`). Google and Apple are the merchant
// of record themselves, so `GOOGLE *YOUTUBE` keeps GOOGLE (it becomes `GOOGLE YOUTUBE` below).
const FACILITATOR = /^(?:PAYPAY|PAYPAL|PP|SQ|SQU|TST|SP) ?\* ?/u;
// d払い through d card: `ｄ払いＢ／サンプル電機`.
const WALLET = /^D払い[A-Z]?\//u;

// --- Suffixes and embedded parts. ------------------------------------------------------------------------

// `／ＮＦＣ`, `／ｉＤ`, `(QUICPAY)`: how the card was tapped, printed after the merchant.
const TAP_SUFFIX = / ?(?:\/ ?(?:NFC|ID|QUICPAY\+?|QP|APPLE ?PAY|GOOGLE ?PAY|タッチ決済)|\((?:NFC|ID|QUICPAY\+?|QP|タッチ決済)\))$/u;
// Rakuten's `EXAMPLE SOFTWARE利用国USA`: the country of use, not part of the name.
const COUNTRY_OF_USE = / ?利用国 ?[A-Z]{2,3}$/u;
// Company-form markers: `(株)`/`㈱`, `(カ)`/`ｶ)`, `(有)`, bank-style `カ)NAME` / `NAME(カ`, and the spelled-out forms.
const COMPANY_FORM = /\((?:株|有|同|合|名|資|社|財|医|学|カ|ユ|ド|ゴ|シ|ザイ|シヤ|シャ|イ|ガク)\)|株式会社|有限会社|合同会社|合名会社|合資会社|カブシキ[ガカ]イシ[ヤャ]|ユウゲン[ガカ]イシ[ヤャ]/gu;
const COMPANY_FORM_OPEN = /(?:^| )(?:カ|ユ|ド|ゴ|シ|ザイ|シヤ|シャ|イ|ガク|株|有)\)|\((?:カ|ユ|ド|ゴ|シ|ザイ|シヤ|シャ|イ|ガク|株|有)(?= |$)/gu;
// Order / reference codes after `*` (`AMAZON.CO.JP*AB12CD34E`, `AMZN MKTP US*2K3L45`): they contain a digit,
// product names after `*` (`GOOGLE *YOUTUBE`, `UBER *EATS`) do not.
const REFERENCE = / ?\* ?(?=[A-Z0-9]*\d)[A-Z0-9]{3,}(?= |$)/gu;
// Store numbers anywhere: `#1234`, `#R123`, `NO.12`, `STORE 0123`, `店舗番号123`.
const STORE_NUMBER = / ?(?:#|\bNO\. ?|\bSTORE ?#? ?|店舗番号|店番号|店舗NO\.?|店番) ?[A-Z]?\d+\b/gu;
// A trailing phone number (`0120-123-456`, `(03)1234-5678`, `+1 800 555 1234`, `TEL 03-…`).
const PHONE = / (?:TEL[.:]? ?)?\+?\(?\d{1,4}\)?[ -]?\d{1,4}[ -]\d{3,4}(?:[ -]\d{3,4})?$/u;
// Trailing digit runs after a space: store/terminal numbers (`LAWSON 12345`, `千代田店 0`). A brand ending in
// a separate number (`FOREVER 21`) loses it too; that is consistent, and rarer than numbered terminals.
const TRAILING_DIGITS = / [\d-]*\d[\d-]*$/u;

// Japanese locations after a space: prefecture with optional municipalities (`東京都 渋谷区`, `大阪府大阪市 北区`),
// or a city/ward alone (`千代田区`, `横浜市 中区`). A text that is only a location falls back to itself.
const PREFECTURE =
  '(?:北海道|東京都|大阪府|京都府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)';
const MUNICIPALITY = '[\\p{sc=Han}々ヶケぁ-ゖ]{1,6}(?:市|区|町|村|郡)';
const JP_LOCATION = new RegExp(`(?:(?:^| )${PREFECTURE}(?: ?${MUNICIPALITY})*| [\\p{sc=Han}々ヶ]{1,5}(?:市|区|郡)(?: ?${MUNICIPALITY})*)$`, 'u');
const JP_LOCATION_END = /[都道府県市区町村郡]$/u;
// A branch after the brand and a space: `ローソン 新宿店`, `髙島屋 日本橋店`, `サンプル銀行 渋谷支店`, `… 東京営業所`,
// also printed apart (`ローソン 新宿 店`: the word before a lone 店 is the place).
const BRANCH = / (?:[^ ]+ (?=(?:店|支店|営業所|出張所)$))?[^ ]*(?:店|営業所|出張所)$/u;
// …but not a kind of shop, which is part of the name (`サンプル 書店`, `山田 商店`, `サンプル 古書店`). One-character
// kinds only as the whole word: `立花店` and `久米店` are branches.
const SHOP_KIND = /^ (?:[^ ]*(?:書|商|百貨|酒|喫茶|飲食|専門|雑貨|洋品|料理|鮮魚|精肉|菓子|電気|電器|呉服|写真|時計|眼鏡|青果|理髪|美容|代理|販売|特約|直営|取扱|文具|家具|果物|生花)|売|花|茶|米|薬)店$/u;

// English statements: `MERCHANT [#store] CITY ST`. State/province/country codes that are not English words.
const REGION = new Set(
  'AL AK AZ AR CA CT FL GA IA KS KY MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND PA RI SC SD TN TX UT VT VA WA WV WI WY DC AB BC MB NB NS NT NU PE QC SK YT US GB UK JP SG HK FR NZ IE'.split(' '),
);
// Codes that are also words or names (`DRIVE IN`, `SMITH & CO`): stripped only after a known city or store number.
const REGION_AMBIGUOUS = new Set('CO DE HI ID IN LA ME OH OK ON OR AU'.split(' '));
// Cities clearly used as locations on statements; one trailing city is stripped (see stripEnglishLocation).
const CITIES = new Set([
  'NEW YORK', 'BROOKLYN', 'LOS ANGELES', 'SAN FRANCISCO', 'SAN JOSE', 'SAN DIEGO', 'SEATTLE', 'PORTLAND', 'CHICAGO', 'BOSTON',
  'HOUSTON', 'DALLAS', 'AUSTIN', 'DENVER', 'PHOENIX', 'ATLANTA', 'MIAMI', 'ORLANDO', 'LAS VEGAS', 'HONOLULU', 'PHILADELPHIA',
  'WASHINGTON', 'DETROIT', 'MINNEAPOLIS', 'SAN ANTONIO', 'SACRAMENTO', 'OAKLAND', 'PALO ALTO', 'MOUNTAIN VIEW', 'SUNNYVALE',
  'CUPERTINO', 'REDMOND', 'BELLEVUE', 'TORONTO', 'VANCOUVER', 'MONTREAL', 'LONDON', 'MANCHESTER', 'EDINBURGH', 'DUBLIN',
  'PARIS', 'BERLIN', 'MUNICH', 'AMSTERDAM', 'LUXEMBOURG', 'SINGAPORE', 'HONG KONG', 'SYDNEY', 'MELBOURNE', 'AUCKLAND',
  'SEOUL', 'TAIPEI', 'BANGKOK', 'TOKYO', 'OSAKA', 'KYOTO', 'YOKOHAMA', 'NAGOYA', 'SAPPORO', 'FUKUOKA', 'KOBE', 'SENDAI',
  'SHINJUKU', 'SHIBUYA', 'MINATO', 'CHIYODA', 'CHUO', 'GINZA', 'ROPPONGI', 'IKEBUKURO', 'NARITA', 'HANEDA',
]);
const STORE_THEN_LOCATION = /^(.+?) (?:(?:#|NO\.|STORE) ?#? ?[A-Z]?\d+|\d{3,})(?: [A-Z][A-Z.'-]*){0,3} ([A-Z]{2})$/u;
// Romanised Japanese wards and cities (`SHIBUYA-KU`, `KAWASAKI-SHI`) are locations wherever they trail.
const ROMAJI_WARD = / [A-Z]+-(?:KU|SHI)$/u;

// Last words of CITIES: most texts are rejected with one lookup.
const CITY_LAST_WORDS = new Set([...CITIES].map((c) => c.slice(c.lastIndexOf(' ') + 1)));

/** The text before a trailing known city (one to three words), or null. */
function beforeCity(s: string): string | null {
  const space = s.lastIndexOf(' ');
  if (space < 0 || !CITY_LAST_WORDS.has(s.slice(space + 1))) return null;
  for (let start = space, n = 0; start > 0 && n < 3; start = s.lastIndexOf(' ', start - 1), n++) {
    if (CITIES.has(s.slice(start + 1))) return s.slice(0, start);
  }
  return null;
}

function isRegionTail(s: string): boolean {
  const n = s.length;
  return n > 3 && s.charCodeAt(n - 3) === 0x20 && isUpper(s.charCodeAt(n - 2)) && isUpper(s.charCodeAt(n - 1));
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function stripEnglishLocation(s: string, hasDigit: boolean): string {
  if (isRegionTail(s)) {
    // `EXAMPLE GROCERY #12 SAMPLETOWN CA`: what sits between a store number and a region code is the city.
    const store = hasDigit ? STORE_THEN_LOCATION.exec(s) : null;
    if (store && (REGION.has(store[2]!) || REGION_AMBIGUOUS.has(store[2]!))) return store[1]!;
    const at = s.length - 3;
    const code = s.slice(at + 1);
    const rest = s.slice(0, at);
    const city = beforeCity(rest);
    if (REGION_AMBIGUOUS.has(code)) return city ?? s;
    // `TOYS R US`, `MADE FOR US`: after a one-letter word or a conjunction the code is part of the name.
    const before = rest.slice(rest.lastIndexOf(' ') + 1);
    if (REGION.has(code) && before.length >= 2 && !/^(?:AND|OF|THE|FOR)$/.test(before)) return city ?? rest;
    return s;
  }
  if (!isUpper(s.charCodeAt(s.length - 1))) return s;
  if (ROMAJI_WARD.test(s)) return s.replace(ROMAJI_WARD, '');
  // A city without a region code only when at least two words stay (`EXAMPLE HOTEL LONDON`, not `CAFE PARIS`).
  const city = beforeCity(s);
  return city !== null && city.includes(' ') ? city : s;
}

function stripOnce(input: string): string {
  let s = input;
  // Prefix rules only when the text could start with one.
  if (s.charCodeAt(0) < 0x80 || s.includes('利用')) {
    s = cut(cut(cut(cut(s, RAKUTEN_NETWORK), FACILITATOR), NETWORK), WALLET);
  }
  if (s.includes('(') || s.includes(')') || s.includes('会社') || s.includes('ガイシ') || s.includes('カイシ')) {
    s = cut(cut(s, COMPANY_FORM), COMPANY_FORM_OPEN, ' ');
  }
  if (s.includes('/') || s.includes(')') || s.includes('利用国')) s = cut(cut(s, TAP_SUFFIX), COUNTRY_OF_USE);
  if (s.includes('*')) s = cut(cut(s, REFERENCE), / ?\* ?/g, ' ');
  const hasDigit = /\d/.test(s);
  // Location after a store number first: it needs the number as its anchor.
  const located = stripEnglishLocation(s, hasDigit);
  if (located !== s) s = tidy(located);
  if (hasDigit) s = cut(cut(cut(s, STORE_NUMBER, ' '), PHONE), TRAILING_DIGITS);
  if (JP_LOCATION_END.test(s)) s = cut(s, JP_LOCATION);
  const branch = BRANCH.exec(s);
  if (branch && !SHOP_KIND.test(branch[0])) s = tidy(s.slice(0, -branch[0].length));
  return s;
}

/** Clean a printed description for display: trim, including the ideographic padding some issuers add. */
export function cleanDescription(raw: string): string {
  return raw.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
}

/**
 * The merchant as a person reads it, for rule names and messages: the part of the printed text the
 * merchant key was made from (store numbers, branches and locations left out), in the printed
 * letters — width folded (ＡＢＣ → ABC, ｶﾅ → カナ) but case and long-vowel marks kept (`スターバックス`,
 * where the key has `スタ-バックス`). When the key is not one piece of the text, the printed text.
 * For display only: matching always uses the key.
 */
export function merchantDisplayText(description: string, merchant: string = normalizeMerchant(description)): string {
  const text = description.normalize('NFKC').replace(/[\s\u3000]+/gu, ' ').trim();
  const folded = foldDashes(text.toUpperCase());
  // Positions carry over only when folding kept every character one character.
  if (merchant && folded.length === text.length) {
    const at = folded.indexOf(merchant);
    if (at >= 0) return text.slice(at, at + merchant.length);
  }
  return cleanDescription(description);
}
