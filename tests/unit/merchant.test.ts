import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cleanDescription, foldDashes, foldText, merchantDisplayText, merchantPatternText, MERCHANT_NORMALIZER_VERSION, normalizeMerchant } from '../../src/core/merchant';

describe('foldText (frozen: import fingerprints hash it)', () => {
  it.each([
    ['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'AMAZON.CO.JP'],
    ['ｽﾀｰﾊﾞｯｸｽ　東京都　渋谷区', 'スターバックス 東京都 渋谷区'],
    ['  セブン－イレブン\u3000千代田店  ', 'セブン-イレブン 千代田店'],
    ['Starbucks\tSeattle  WA', 'STARBUCKS SEATTLE WA'],
    ['㈱サンプル（カ）', '(株)サンプル(カ)'],
    // The long vowel is NOT folded here (only in normalizeMerchant): changing that would change fingerprints.
    ['ﾃｽﾄﾏｰﾄ ｰ', 'テストマート ー'],
    ['髙島屋 ①', '髙島屋 1'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('cleanDescription (unchanged)', () => {
  it('trims ASCII and ideographic padding only', () => {
    expect(cleanDescription('\u3000 テストマート　　\u3000')).toBe('テストマート');
    expect(cleanDescription('ＡＢ　ＣＤ')).toBe('ＡＢ　ＣＤ');
  });
});

describe('merchantDisplayText (names shown for a merchant key)', () => {
  it.each([
    // The long vowel stays a long vowel (the key folds it to "-"); branch, store number and place go.
    ['スターバックス　渋谷店', 'スターバックス'],
    ['ｽﾀｰﾊﾞｯｸｽ 新宿店', 'スターバックス'],
    ['ローソン 12345 東京都 千代田区', 'ローソン'],
    ['ＶＩＳＡ国内利用　VS サンプルカフェ', 'サンプルカフェ'],
    // Width is folded, case is kept.
    ['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'AMAZON.CO.JP'],
    ['Starbucks #123 Seattle WA', 'Starbucks'],
    // The key is not one piece of the text: the printed text.
    ['GOOGLE *YOUTUBE', 'GOOGLE *YOUTUBE'],
  ])('%j is shown as %j', (description, shown) => {
    expect(merchantDisplayText(description)).toBe(shown);
    // Matching is unchanged: the shown text normalises to the same key.
    if (shown !== description) expect(normalizeMerchant(shown)).toBe(normalizeMerchant(description));
  });
});

describe('MERCHANT_NORMALIZER_VERSION', () => {
  it('is 2, so stored merchant keys are recomputed', () => {
    expect(MERCHANT_NORMALIZER_VERSION).toBe(2);
  });
});

describe('foldDashes / merchantPatternText', () => {
  it('folds every hyphen and long-vowel variant to one character', () => {
    for (const dash of ['-', 'ー', '－', 'ｰ', '‐', '‑', '‒', '–', '—', '―', '−']) {
      expect(foldDashes(`セブン${dash}イレブン`)).toBe('セブン-イレブン');
    }
  });

  it('folds a rule value like a statement (width, case, spaces, dashes) but strips nothing', () => {
    expect(merchantPatternText('ｽﾀｰﾊﾞｯｸｽ')).toBe('スタ-バックス');
    expect(merchantPatternText('  ローソン　新宿店 ')).toBe('ロ-ソン 新宿店');
    expect(merchantPatternText('amazon.co.jp')).toBe('AMAZON.CO.JP');
    expect(merchantPatternText('Lawson 12345')).toBe('LAWSON 12345');
    expect(merchantPatternText('スターバックス 東京都 渋谷区')).toBe('スタ-バックス 東京都 渋谷区');
    expect(merchantPatternText('PAYPAL *NETFLIX')).toBe('PAYPAL *NETFLIX');
  });

  it('matches the key of the same printed text when nothing needs stripping', () => {
    for (const text of ['ｽﾀｰﾊﾞｯｸｽ', 'セブン－イレブン', 'ナチュラルローソン', 'AMAZON PRIME']) {
      expect(normalizeMerchant(text)).toBe(merchantPatternText(text));
    }
  });
});

/** [printed description, expected key] — every rule, on Japanese and English statement texts. */
const CASES: [string, string][] = [
  // Width, case and spacing (foldText).
  ['ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'AMAZON.CO.JP'],
  ['amazon.co.jp', 'AMAZON.CO.JP'],
  ['ｽﾀｰﾊﾞｯｸｽ', 'スタ-バックス'],
  ['ﾃｽﾄﾏｰﾄ', 'テストマ-ト'],
  ['ＪＲ東日本　モバイルＳｕｉｃａ', 'JR東日本 モバイルSUICA'],
  // Hyphen / long-vowel variants.
  ['セブン－イレブン', 'セブン-イレブン'],
  ['セブンーイレブン', 'セブン-イレブン'],
  ['セブン‐イレブン', 'セブン-イレブン'],
  ['スーパー', 'ス-パ-'],
  // Store numbers and codes.
  ['LAWSON 12345', 'LAWSON'],
  ['ローソン　０１２３', 'ロ-ソン'],
  ['EXAMPLE CLOUD SERVICES 7', 'EXAMPLE CLOUD SERVICES'],
  ['STARBUCKS #1234', 'STARBUCKS'],
  ['STARBUCKS # 1234', 'STARBUCKS'],
  ['THE HOME DEPOT #R123', 'THE HOME DEPOT'],
  ['ローソン No.12', 'ロ-ソン'],
  ['ローソン　Ｎｏ．１２', 'ロ-ソン'],
  ['ローソン 店舗番号123', 'ロ-ソン'],
  ['店舗番号123 ローソン', 'ロ-ソン'],
  ['SAFEWAY STORE 0123', 'SAFEWAY'],
  ['LAWSON - 12345', 'LAWSON'],
  // Reference codes after `*`.
  ['AMAZON.CO.JP*AB12CD34E', 'AMAZON.CO.JP'],
  ['ＡＭＡＺＯＮ．ＣＯ．ＪＰ＊２Ｋ３Ｌ４５', 'AMAZON.CO.JP'],
  ['AMZN MKTP US*2K3L45', 'AMZN MKTP'],
  ['NETFLIX.COM *1234', 'NETFLIX.COM'],
  // Japanese locations: prefecture + municipality, or a municipality alone.
  ['スターバックス　東京都　渋谷区', 'スタ-バックス'],
  ['スターバックス　東京都　千代田区', 'スタ-バックス'],
  ['スターバックス 東京都渋谷区', 'スタ-バックス'],
  ['スターバックス 東京都', 'スタ-バックス'],
  ['サンプル食堂　大阪府　大阪市', 'サンプル食堂'],
  ['サンプル 大阪府大阪市 北区', 'サンプル'],
  ['サンプル書店　東京都　千代田区', 'サンプル書店'],
  ['サンプル 神奈川県 横浜市 中区', 'サンプル'],
  ['サンプル 横浜市 中区', 'サンプル'],
  ['サンプル 千代田区', 'サンプル'],
  ['サンプル 北海道 札幌市', 'サンプル'],
  // Branches after the brand and a space.
  ['ローソン　新宿店', 'ロ-ソン'],
  ['髙島屋　日本橋店', '髙島屋'],
  ['サンプルストア　楽天市場店', 'サンプルストア'],
  ['サンプル銀行 渋谷支店', 'サンプル銀行'],
  ['サンプル運輸 東京営業所', 'サンプル運輸'],
  ['ユニクロ 銀座本店', 'ユニクロ'],
  ['ローソン 新宿 店', 'ロ-ソン'],
  ['ローソン 店', 'ロ-ソン'],
  ['サンプル銀行 渋谷 支店', 'サンプル銀行'],
  ['サンプル 立花店', 'サンプル'],
  ['セブン－イレブン　千代田店 123', 'セブン-イレブン'],
  ['セブン-イレブン 千代田店 0', 'セブン-イレブン'],
  // …but a kind of shop is part of the name, and so is a branch glued to the brand.
  ['サンプル 書店', 'サンプル 書店'],
  ['山田 商店', '山田 商店'],
  ['サンプル 古書店', 'サンプル 古書店'],
  ['サンプル 百貨店', 'サンプル 百貨店'],
  ['サンプル 花店', 'サンプル 花店'],
  ['ローソン新宿店', 'ロ-ソン新宿店'],
  // English locations: city + state/country code, store number + city + state.
  ['STARBUCKS SEATTLE WA', 'STARBUCKS'],
  ['STARBUCKS SAN FRANCISCO CA', 'STARBUCKS'],
  ['STARBUCKS SAMPLETOWN WA', 'STARBUCKS SAMPLETOWN'],
  ['EXAMPLE GROCERY #12 SAMPLETOWN CA', 'EXAMPLE GROCERY'],
  ['WM SUPERCENTER #1234 BENTONVILLE AR', 'WM SUPERCENTER'],
  ['SAFEWAY STORE 1234 SEATTLE WA', 'SAFEWAY'],
  ['EXAMPLE 1234 SAMPLE CITY OR', 'EXAMPLE'],
  ['UBER TRIP HELP.UBER.COM CA', 'UBER TRIP HELP.UBER.COM'],
  ['EXAMPLE HOTEL LONDON', 'EXAMPLE HOTEL'],
  ['EXAMPLE HOTEL LONDON GB', 'EXAMPLE HOTEL'],
  ['STARBUCKS COFFEE SHIBUYA-KU TOKYO', 'STARBUCKS COFFEE'],
  ['STARBUCKS SHIBUYA-KU', 'STARBUCKS'],
  ['DUNKIN PORTLAND OR', 'DUNKIN'],
  // …without over-stripping names that end like a location.
  ['CAFE PARIS', 'CAFE PARIS'],
  ['TOYS R US', 'TOYS R US'],
  ['SMITH & CO', 'SMITH & CO'],
  ['DRIVE IN', 'DRIVE IN'],
  ['MADE FOR US', 'MADE FOR US'],
  ['FRIENDS OF US', 'FRIENDS OF US'],
  ['EXAMPLE CLOUD SERVICES', 'EXAMPLE CLOUD SERVICES'],
  ['MOBILE PAYMENT - THANK YOU', 'MOBILE PAYMENT - THANK YOU'],
  ['GITHUB, INC. (GITHUB.COM)', 'GITHUB, INC. (GITHUB.COM)'],
  // Trailing phone numbers.
  ['サンプル 03-1234-5678', 'サンプル'],
  ['サンプル (03)1234-5678', 'サンプル'],
  ['サンプル TEL 0120-123-456', 'サンプル'],
  ['NETFLIX.COM 866-579-7172 CA', 'NETFLIX.COM'],
  ['EXAMPLE SUPPORT +1 800 555 1234', 'EXAMPLE SUPPORT'],
  // Payment-network / acquirer prefixes.
  ['ＶＩＳＡ国内利用　VS サンプルカフェ', 'サンプルカフェ'],
  ['マスター国内利用　MZZ ﾃｽﾄﾍﾞｰｶﾘｰ', 'テストベ-カリ-'],
  ['海外利用　１　EXAMPLE APP STORE', 'EXAMPLE APP STORE'],
  ['VISA LAWSON', 'LAWSON'],
  ['ID ローソン', 'ロ-ソン'],
  ['iD/ローソン', 'ロ-ソン'],
  ['QUICPAY ローソン', 'ロ-ソン'],
  ['ＱＵＩＣＰａｙ　ローソン', 'ロ-ソン'],
  ['ＱＵＩＣＰａｙローソン', 'ロ-ソン'],
  ['APPLE PAY ローソン', 'ロ-ソン'],
  ['PAYPAY*サンプル', 'サンプル'],
  ['PAYPAL *NETFLIX', 'NETFLIX'],
  ['PAYPAL*NETFLIX', 'NETFLIX'],
  ['PP*NETFLIX', 'NETFLIX'],
  ['SQ *BLUE BOTTLE COFFEE', 'BLUE BOTTLE COFFEE'],
  ['TST* SAMPLE DINER', 'SAMPLE DINER'],
  ['ｄ払いＢ／サンプル電機', 'サンプル電機'],
  // Google and Apple are the merchant of record: the product stays, the `*` goes.
  ['GOOGLE *YOUTUBE', 'GOOGLE YOUTUBE'],
  ['GOOGLE*YOUTUBE', 'GOOGLE YOUTUBE'],
  ['UBER *EATS', 'UBER EATS'],
  // Tap / wallet suffixes and the country of use.
  ['テストコンビニ／ｉＤ', 'テストコンビニ'],
  ['スターバックス／ＮＦＣ', 'スタ-バックス'],
  ['ローソン(QUICPAY)', 'ロ-ソン'],
  ['EXAMPLE SOFTWARE利用国USA', 'EXAMPLE SOFTWARE'],
  // Company-form markers.
  ['（カ）サンプル', 'サンプル'],
  ['サンプル（カ）', 'サンプル'],
  ['ｶ)ｻﾝﾌﾟﾙ', 'サンプル'],
  ['ｻﾝﾌﾟﾙ(ｶ', 'サンプル'],
  ['(株)サンプル', 'サンプル'],
  ['㈱サンプル', 'サンプル'],
  ['サンプル(有)', 'サンプル'],
  ['株式会社サンプル', 'サンプル'],
  ['サンプル株式会社', 'サンプル'],
  ['ｶﾌﾞｼｷｶﾞｲｼﾔｻﾝﾌﾟﾙ', 'サンプル'],
  // Things that vary by nothing stay as printed (folded).
  ['ナチュラルローソン', 'ナチュラルロ-ソン'],
  ['AMAZON PRIME', 'AMAZON PRIME'],
  ['ＥＴＣ　サンプル高速', 'ETC サンプル高速'],
  ['サンプル航空　予約センター', 'サンプル航空 予約センタ-'],
  ['PAYPAY チャージ', 'PAYPAY チャ-ジ'],
  // Never empty: when everything would go, the folded text is the key.
  ['12345', '12345'],
  ['#1234', '#1234'],
  ['東京都　千代田区', '東京都 千代田区'],
  ['新宿店', '新宿店'],
  ['VISA', 'VISA'],
  ['（カ）', '(カ)'],
];

describe('normalizeMerchant', () => {
  it.each(CASES)('%j → %j', (input, expected) => {
    expect(normalizeMerchant(input)).toBe(expected);
  });

  it('is idempotent on every case', () => {
    for (const [input] of CASES) {
      const key = normalizeMerchant(input);
      expect(normalizeMerchant(key), input).toBe(key);
    }
  });

  it('never returns an empty key for text with something visible in it', () => {
    for (const [input] of CASES) expect(normalizeMerchant(input), input).not.toBe('');
    for (const unit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, minLength: 1 }), (s) => foldText(s) === '' || normalizeMerchant(s) !== ''),
        { numRuns: 1000 },
      );
    }
  });

  it('returns an empty key only for text with nothing visible', () => {
    expect(normalizeMerchant('')).toBe('');
    expect(normalizeMerchant(' \u3000 ')).toBe('');
  });

  it('is idempotent on any text, including where upper-casing decomposes (ῗ)', () => {
    expect(normalizeMerchant(normalizeMerchant('ῗ'))).toBe(normalizeMerchant('ῗ'));
    for (const unit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.string({ unit }), (s) => normalizeMerchant(normalizeMerchant(s)) === normalizeMerchant(s)),
        { numRuns: 1000 },
      );
      fc.assert(fc.property(fc.string({ unit }), (s) => merchantPatternText(merchantPatternText(s)) === merchantPatternText(s)));
    }
  });

  it('is idempotent on statement-like random text', () => {
    const pieces = [
      'ローソン', 'セブン', '－', 'ー', 'ｰ', ' ', '　', '新宿店', '東京都', '渋谷区', '店舗番号', '(カ)', 'ｶ)', '㈱', '株式会社', '／ＮＦＣ', '/ID',
      'VISA ', 'ID ', 'QUICPAY', 'PAYPAL *', 'SQ *', 'GOOGLE *', '*', '#', 'NO.', 'STORE ', '12', '0123', '03-1234-5678', 'AB12CD',
      'STARBUCKS', 'SEATTLE', 'WA', 'US', 'IN', 'CA', 'LONDON', 'SHIBUYA-KU', '利用国USA', '国内利用 ', 'VS ', 'ｽﾀｰﾊﾞｯｸｽ', '書店', '-',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), (parts) => {
        const key = normalizeMerchant(parts.join(''));
        return normalizeMerchant(key) === key && (key !== '' || foldText(parts.join('')) === '');
      }),
      { numRuns: 2000 },
    );
  });

  /** Each group: texts issuers print for one merchant — they must share one key. */
  const SAME: string[][] = [
    ['スターバックス', 'ｽﾀｰﾊﾞｯｸｽ', 'スターバックス　東京都　渋谷区', 'スターバックス 東京都 千代田区', 'スターバックス／ＮＦＣ', 'ＱＵＩＣＰａｙ　スターバックス', 'スタ－バックス', 'スターバックス 新宿店'],
    ['セブン-イレブン', 'セブン－イレブン　千代田店', 'セブンーイレブン 新宿店 12', 'ｾﾌﾞﾝ-ｲﾚﾌﾞﾝ', 'ID セブン-イレブン', 'セブン‐イレブン 店舗番号0456'],
    ['ローソン', 'ローソン　新宿店', 'ローソン 12345', 'ﾛｰｿﾝ', 'QUICPAY ローソン', 'ローソン No.12', 'ローソン／ｉＤ'],
    ['LAWSON', 'LAWSON 12345', 'lawson #0012', 'ＬＡＷＳＯＮ　００１２', 'VISA LAWSON'],
    ['AMAZON.CO.JP', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', 'AMAZON.CO.JP*AB12CD34E', 'Amazon.co.jp*2K3L45'],
    ['STARBUCKS', 'STARBUCKS SEATTLE WA', 'STARBUCKS #1234', 'STARBUCKS #1234 SEATTLE WA', 'STARBUCKS STORE 0123', 'SQ *STARBUCKS'],
    ['NETFLIX', 'PAYPAL *NETFLIX', 'PP*NETFLIX', 'Netflix 866-579-7172'],
    ['サンプル', '(株)サンプル', 'サンプル（カ）', 'ｶ)ｻﾝﾌﾟﾙ', '株式会社サンプル', '㈱サンプル 東京都 港区'],
    ['サンプルカフェ', 'ＶＩＳＡ国内利用　VS サンプルカフェ', 'マスター国内利用 MZZ サンプルカフェ', 'ｻﾝﾌﾟﾙｶﾌｪ'],
    ['髙島屋', '髙島屋　日本橋店', '髙島屋 新宿店 03-1234-5678'],
    ['EXAMPLE HOTEL', 'EXAMPLE HOTEL LONDON', 'EXAMPLE HOTEL LONDON GB'],
  ];

  it.each(SAME.map((g) => [g[0]!, g] as const))('gives the variants of %j one key', (_name, group) => {
    const keys = new Set(group.map((text) => normalizeMerchant(text)));
    expect([...keys]).toEqual([normalizeMerchant(group[0]!)]);
  });

  it('keeps different merchants apart', () => {
    const keys = SAME.map((g) => normalizeMerchant(g[0]!));
    expect(new Set(keys).size).toBe(keys.length);
    const pairs: [string, string][] = [
      ['ローソン', 'ナチュラルローソン'],
      ['ローソン 新宿店', 'ナチュラルローソン 新宿店'],
      ['AMAZON.CO.JP', 'AMAZON PRIME'],
      ['AMAZON.CO.JP*AB12CD34E', 'AMAZON PRIME'],
      ['GOOGLE *YOUTUBE', 'GOOGLE *GOOGLE ONE'],
      ['UBER *EATS', 'UBER *TRIP'],
      ['スターバックス', 'スターバックス リザーブ'],
      ['サンプル 書店', 'サンプル'],
      ['ファミリーマート', 'ファミリーマート セブン'],
    ];
    for (const [a, b] of pairs) expect(normalizeMerchant(a), `${a} / ${b}`).not.toBe(normalizeMerchant(b));
  });
});

describe('merchantPatternText, remembered', () => {
  /** The fold as first written, computed afresh every time. */
  const reference = (value: string): string => {
    const once = value.normalize('NFKC').toUpperCase().replace(/[\s\u3000]+/gu, ' ').trim();
    const twice = once.normalize('NFKC') === once ? once : once.normalize('NFKC').toUpperCase().replace(/[\s\u3000]+/gu, ' ').trim();
    return foldDashes(twice);
  };

  it('answers as the uncached fold does, on first and repeated calls', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('ｽﾀｰﾊﾞｯｸｽ', 'ῗ', 'ﬁ', 'ＡＢＣ－', ' a　b ')), { maxLength: 20 }), (values) => {
        for (const v of [...values, ...values]) expect(merchantPatternText(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('still answers correctly after its memory starts over', () => {
    for (let i = 0; i < 60_000; i++) merchantPatternText(`shop ${i}`);
    expect(merchantPatternText('shop 7')).toBe('SHOP 7');
    expect(merchantPatternText('ｾﾌﾞﾝ－ｲﾚﾌﾞﾝ')).toBe(reference('ｾﾌﾞﾝ－ｲﾚﾌﾞﾝ'));
  });
});
