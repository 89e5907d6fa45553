import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PdfCell, PdfLine } from '../../../src/core/pdf/lines';
import { parsePdfStatement, readForeign } from '../../../src/core/pdf/statement';
import type { ParsedStatement } from '../../../src/core/import/types';

// Synthetic rebuilt lines: each cell is [x, text] (left-aligned) or [x, text, 'r'] (right-aligned
// at x), 9 pt type where CJK characters are 9 pt wide and everything else 4.5 pt.
type C = readonly [number, string] | readonly [number, string, 'r'];
const width = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 9 : 4.5), 0);
const cell = ([x, text, align]: C): PdfCell => (align === 'r' ? { x: x - width(text), xEnd: x, text } : { x, xEnd: x + width(text), text });

/** Pages of lines of cells → PdfLine[], 16 pt apart from the top of each page. */
function pages(ps: C[][][]): PdfLine[] {
  return ps.flatMap((lines, p) =>
    lines.map((cs, i) => {
      const cells = cs.map(cell).sort((a, b) => a.x - b.x);
      return { page: p + 1, y: 800 - i * 16, cells, text: cells.map((c) => c.text).join(' ') };
    }),
  );
}

const JP_HEADER: C[] = [[40, 'ご利用日'], [110, 'ご利用店名・ご利用内容'], [555, 'ご利用金額', 'r']];
const jp = (date: string, desc: string, amount: string): C[] => [[40, date], [110, desc], [555, amount, 'r']];
/** A line of one left-aligned cell. */
const t = (text: string, x = 40): C[] => [[x, text]];
const EN_HEADER: C[] = [[40, 'Trans Date'], [110, 'Post Date'], [180, 'Description'], [555, 'Amount', 'r']];
const en = (date: string, posted: string, desc: string, amount: string): C[] => [[40, date], [110, posted], [180, desc], [555, amount, 'r']];

const opts = { defaultCurrency: 'JPY', fileName: 'statement.pdf' };
const parse = (lines: PdfLine[], o = opts): ParsedStatement => {
  const s = parsePdfStatement(lines, o);
  if (!s) throw new Error('not recognised');
  return s;
};
/** The fields most tests look at, per row. */
const brief = (s: ParsedStatement): [string, string, number, string][] => s.rows.map((r) => [r.date, r.description, r.amount, r.kind]);

describe('parsePdfStatement: recognising the table', () => {
  it('returns null for pages without a transactions header', () => {
    expect(parsePdfStatement([], opts)).toBeNull();
    expect(parsePdfStatement(pages([[t('お知らせ'), [[40, 'ご利用日'], [300, 'ご利用金額']]]]), opts)).toBeNull();
    // Two of the three columns are not enough.
    expect(parsePdfStatement(pages([[[[40, 'Date'], [180, 'Description']]]]), opts)).toBeNull();
  });

  it('reads the Japanese header variants and the columns under them by position', () => {
    const variants: C[][] = [
      JP_HEADER,
      [[40, 'ご利用日'], [110, 'ご利用内容'], [555, '金額', 'r']],
      [[40, '利用日'], [110, '利用店名'], [555, 'お支払金額', 'r']],
      [[40, 'ご 利 用 日'], [110, 'ご利用店名・ご利用内容'], [555, 'ご利用金額(円)', 'r']], // letter-spaced, unit
    ];
    for (const header of variants) {
      const s = parse(pages([[t('締切日 2026年1月15日'), header, jp('12月15日', 'サンプル書店', '3,280')]]));
      expect(s.format).toBe('pdf-jp');
      expect(brief(s)).toEqual([['2025-12-15', 'サンプル書店', 3280, 'purchase']]);
    }
  });

  it('reads the English header with Trans Date and Post Date, or a single Date', () => {
    const s = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, en('12/30', '01/02', 'COFFEE ROASTERS', '12.50')]]));
    expect(s.format).toBe('pdf-en');
    expect(s.rows[0]).toMatchObject({ date: '2025-12-30', postedDate: '2026-01-02', description: 'COFFEE ROASTERS', amount: 1250, currency: 'USD' });
    const single = parse(pages([[t('Closing Date 01/15/26'), [[40, 'Date'], [180, 'Description'], [555, 'Amount', 'r']], [[40, '01/05'], [180, 'BOOKS'], [555, '9.99', 'r']]]]));
    expect(single.rows[0]).toMatchObject({ date: '2026-01-05', postedDate: null, amount: 999 });
  });

  it('reads rows drawn as one text run across the columns', () => {
    // One cell from the date column to the right edge of the amount column, as some PDFs draw rows.
    const run = (y: number, text: string, xEnd = 555): PdfLine => ({ page: 1, y, cells: [{ x: 40, xEnd, text }], text });
    const s = parse([
      ...pages([[t('Closing Date 01/15/26'), EN_HEADER]]),
      run(760, '12/15 12/16 AMAZON MKTP US 45.00'),
      run(744, '01/02 01/03 RETURN BOOKS 12.50 CR'),
      run(728, '01/04 STORE NO 42', 300), // dated, ends before the amount column: no amount
      run(712, '01/05 01/05 HARDWARE 42 9.99'),
    ]);
    expect(s.rows.map((r) => [r.line, r.date, r.postedDate, r.description, r.amount])).toEqual([
      [3, '2025-12-15', '2025-12-16', 'AMAZON MKTP US', 4500],
      [4, '2026-01-02', '2026-01-03', 'RETURN BOOKS', -1250],
      [6, '2026-01-05', '2026-01-05', 'HARDWARE 42', 999],
    ]);
    expect(s.warnings).toEqual([{ line: 5, message: 'skipped a line with a date but no amount: "STORE NO 42"' }]);
    const j = parse([...pages([[JP_HEADER]]), run(780, '2025/12/15 コンビニA 新宿店 1,500')]);
    expect(brief(j)).toEqual([['2025-12-15', 'コンビニA 新宿店', 1500, 'purchase']]);
  });

  it('assigns a long description crossing into the next column’s slice to the description, and a wide amount to the amount', () => {
    const lines = pages([
      [
        t('締切日 2026年1月15日'),
        JP_HEADER,
        // Runs from 110 to 371: past the halfway point (359.5) between the description and amount headers.
        [[40, '1月5日'], [110, 'とても長いご利用店名のサンプルストア東京都千代田区丸の内'], [555, '1,234,567', 'r']],
      ],
    ]);
    expect(brief(parse(lines))).toEqual([['2026-01-05', 'とても長いご利用店名のサンプルストア東京都千代田区丸の内', 1234567, 'purchase']]);
  });
});

describe('parsePdfStatement: dates', () => {
  it('reads YYYY/MM/DD, YY/MM/DD, MM/DD and M月D日, taking the year of year-less dates from the closing date across December → January', () => {
    const s = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          jp('2025/12/01', 'A', '100'),
          jp('25/12/02', 'B', '200'),
          jp('12/03', 'C', '300'),
          jp('12月31日', 'D', '400'),
          jp('1月1日', 'E', '500'),
          jp('01/15', 'F', '600'),
        ],
      ]),
    );
    expect(s.rows.map((r) => r.date)).toEqual(['2025-12-01', '2025-12-02', '2025-12-03', '2025-12-31', '2026-01-01', '2026-01-15']);
  });

  it('takes the year from the period end, the closing date or the payment date, in that order', () => {
    const rows = [JP_HEADER, jp('12月20日', 'A', '100'), jp('1月5日', 'B', '200')];
    const period = parse(pages([[t('ご利用期間 2025年12月1日〜2026年1月5日'), ...rows]]));
    expect(period.rows.map((r) => r.date)).toEqual(['2025-12-20', '2026-01-05']);
    const payment = parse(pages([[[[40, 'お支払日'], [300, '2026年2月10日']], ...rows]]));
    expect(payment.rows.map((r) => r.date)).toEqual(['2025-12-20', '2026-01-05']);
    expect(payment.statementMonth).toBe('2026-02');
    // `2025年 8月19日締切分` (the date before the word): July and August are 2025, September 2024.
    const before = parse(pages([[t('2025年 8月19日締切分'), JP_HEADER, jp('7月10日', 'A', '1'), jp('8月19日', 'B', '2'), jp('9月30日', 'C', '3')]]));
    expect(before.rows.map((r) => r.date)).toEqual(['2025-07-10', '2025-08-19', '2024-09-30']);
    // The period wins over a payment date in another year.
    const both = parse(pages([[t('お支払日 2027年2月10日'), t('ご利用期間 2025/12/01〜2026/01/05'), ...rows]]));
    expect(both.rows.map((r) => r.date)).toEqual(['2025-12-20', '2026-01-05']);
    expect(both.statementMonth).toBe('2027-02');
  });

  it('reads English statement periods and closing dates', () => {
    const rows = [EN_HEADER, en('12/28', '12/29', 'A', '1.00'), en('01/02', '01/03', 'B', '2.00')];
    for (const label of ['Statement Period 12/01/2025 - 01/05/2026', 'Opening/Closing Date 12/06/25 - 01/05/26', 'Closing Date 01/15/26', 'Payment Due Date February 10, 2026']) {
      const s = parse(pages([[t(label), ...rows]]));
      expect(s.rows.map((r) => [r.date, r.postedDate])).toEqual([
        ['2025-12-28', '2025-12-29'],
        ['2026-01-02', '2026-01-03'],
      ]);
    }
    // Full English dates need no reference: MM/DD/YY and MM/DD/YYYY.
    const full = parse(pages([[EN_HEADER, en('12/28/25', '12/29/2025', 'A', '1.00')]]));
    expect(full.rows[0]).toMatchObject({ date: '2025-12-28', postedDate: '2025-12-29' });
  });

  it('falls back to a month in the file name, and rejects year-less dates with no reference at all', () => {
    const lines = pages([[JP_HEADER, jp('12月20日', 'A', '100')]]);
    const named = parse(lines, { defaultCurrency: 'JPY', fileName: 'amex_202601.pdf' });
    expect(named.rows.map((r) => r.date)).toEqual(['2025-12-20']);
    expect(named.statementMonth).toBe('2026-01');
    const none = parse(lines);
    expect(none.rows).toEqual([]);
    expect(none.errors).toEqual([{ line: null, message: expect.stringContaining('no year') }]);
    // 2/29 without a year in a statement closing in 2026 (no 2026-02-29): an error naming the source.
    const leap = parse(pages([[t('締切日 2026年3月15日'), JP_HEADER, jp('2月29日', 'A', '100')]]));
    expect(leap.errors).toEqual([{ line: 3, message: 'date: "2月29日" does not exist in the year taken from line 1' }]);
  });
});

describe('parsePdfStatement: amounts, signs and kinds', () => {
  it('reads commas, yen signs, 円 and every credit marking', () => {
    const amounts = ['1,234', '￥1,234', '¥1,234', '1,234円', '△1,234', '▲1,234', '1,234-', '-1,234', '(1,234)', '1,234※', '1,234 (*)', '△ 1,234 円'];
    const s = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, ...amounts.map((a) => jp('1月5日', 'サンプル', a))]]));
    expect(s.rows.map((r) => r.amount)).toEqual([1234, 1234, 1234, 1234, -1234, -1234, -1234, -1234, -1234, 1234, 1234, -1234]);
    expect(s.rows.map((r) => r.kind)).toEqual(['purchase', 'purchase', 'purchase', 'purchase', 'refund', 'refund', 'refund', 'refund', 'refund', 'purchase', 'purchase', 'refund']);
  });

  it('reads dollar amounts with CR, parentheses and minus as credits', () => {
    const amounts = ['$1,234.56', '25.00 CR', '25.00CR', '(25.00)', '-$25.00', '$-25.00', '25.00 DR'];
    const s = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, ...amounts.map((a) => en('01/05', '01/06', 'SHOP', a))]]));
    expect(s.rows.map((r) => r.amount)).toEqual([123456, -2500, -2500, -2500, -2500, -2500, 2500]);
  });

  it('classifies bank payments, fees and refunds', () => {
    const s = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          jp('1月5日', '前回分口座振替金額', '△50,000'),
          jp('1月6日', 'お支払いありがとうございます', '-1,000'),
          jp('1月7日', '年会費', '13,200'),
          jp('1月8日', 'サンプル返品', '△980'),
        ],
      ]),
    );
    expect(s.rows.map((r) => r.kind)).toEqual(['payment', 'payment', 'fee', 'refund']);
    const e = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, en('01/02', '01/02', 'PAYMENT THANK YOU', '-500.00'), en('01/03', '01/03', 'ANNUAL FEE', '95.00')]]));
    expect(e.rows.map((r) => r.kind)).toEqual(['payment', 'fee']);
  });

  it('rejects the statement when a dated row’s amount cannot be read, naming the line', () => {
    const s = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, jp('1月5日', 'A', '100'), jp('1月6日', 'B', '12.5')]]));
    expect(s.rows).toEqual([]);
    expect(s.errors).toEqual([{ line: 4, message: expect.stringContaining('amount') }]);
  });
});

describe('parsePdfStatement: descriptions, pages, headers and footers', () => {
  it('joins a description printed as two cells', () => {
    const s = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, [[40, '1月5日'], [110, 'サンプル書店'], [200, '東京都 千代田区'], [555, '3,280', 'r']]]]));
    expect(s.rows[0]!.description).toBe('サンプル書店 東京都 千代田区');
  });

  it('reads tables over several pages with repeated headers, never taking page furniture for rows', () => {
    const top = (n: number): C[][] => [
      [[40, 'アメリカン・エキスプレス ご利用代金明細書'], [555, `${n}/3 ページ`, 'r']],
      [[40, '会員番号 XXXX-XXXXXX-X1005']],
    ];
    const bottom = (n: number): C[][] => [[[40, '〒100-0000 東京都千代田区サンプル1-2-3']], [[290, `- ${n} -`]], [[290, `${n}/3`]]];
    const lines = pages([
      [...top(1), t('締切日 2026年1月15日'), JP_HEADER, jp('12月15日', 'A', '100'), ...bottom(1)],
      [...top(2), JP_HEADER, jp('12月16日', 'B', '200'), ...bottom(2)],
      // A page without a repeated header goes on with the last columns.
      [...top(3), jp('1月2日', 'C', '300'), t('Page 3 of 3'), ...bottom(3)],
    ]);
    const s = parse(lines);
    expect(brief(s)).toEqual([
      ['2025-12-15', 'A', 100, 'purchase'],
      ['2025-12-16', 'B', 200, 'purchase'],
      ['2026-01-02', 'C', 300, 'purchase'],
    ]);
    // Line numbers count every rebuilt line; the page is kept in details.
    expect(s.rows.map((r) => [r.line, r.details?.page])).toEqual([
      [5, '1'],
      [12, '2'],
      [18, '3'],
    ]);
    expect(s.warnings).toEqual([]);
  });

  it('never takes subtotal or total lines for rows, checks subtotals, and keeps merchants named TOTAL', () => {
    const s = parse(
      pages([
        [
          t('Closing Date 01/15/26'),
          EN_HEADER,
          en('01/02', '01/03', 'TOTAL WINE & MORE', '40.00'),
          en('01/04', '01/05', 'BOOKS', '10.00'),
          [[180, 'Subtotal'], [555, '50.00', 'r']],
          en('01/06', '01/07', 'CAFE', '5.00'),
          [[180, 'Total for JOHN SMITH'], [555, '$5.00', 'r']],
          [[180, 'Total'], [555, '55.00', 'r']], // a grand total: all rows so far
          [[180, 'Total fees charged in 2026'], [555, '$0.00', 'r']], // sums other things: not checked
          [[40, '01/08'], [180, 'Total'], [555, '55.00', 'r']], // a dated line that is only a label
          [[180, 'Subtotal'], [555, '99.00', 'r']], // wrong: warned
        ],
      ]),
    );
    expect(brief(s)).toEqual([
      ['2026-01-02', 'TOTAL WINE & MORE', 4000, 'purchase'],
      ['2026-01-04', 'BOOKS', 1000, 'purchase'],
      ['2026-01-06', 'CAFE', 500, 'purchase'],
    ]);
    expect(s.warnings).toEqual([{ line: 11, message: 'the subtotal on line 11 is $99.00, but the rows above it add up to $0.00; a row may be missing' }]);
    const j = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          jp('1月5日', 'A', '100'),
          [[300, '小計'], [555, '100', 'r']],
          jp('1月6日', 'B', '200'),
          [[300, '合計'], [555, '300', 'r']],
          [[300, 'ご利用金額合計'], [555, '300', 'r']],
        ],
      ]),
    );
    expect(brief(j)).toEqual([
      ['2026-01-05', 'A', 100, 'purchase'],
      ['2026-01-06', 'B', 200, 'purchase'],
    ]);
    expect(j.warnings).toEqual([]);
  });

  it('warns about half rows instead of dropping them silently', () => {
    const s = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, jp('1月5日', 'A', '100'), [[40, '1月6日'], [110, 'B']], [[110, 'C'], [555, '300', 'r']]]]));
    expect(brief(s)).toEqual([['2026-01-05', 'A', 100, 'purchase']]);
    expect(s.warnings).toEqual([
      { line: 4, message: 'skipped a line with a date but no amount: "B"' },
      { line: 5, message: 'skipped a line with an amount but no date: "C"' },
    ]);
  });

  it('keeps the rest of a wrapped description as a note, and is an error without any row', () => {
    const s = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, jp('1月5日', 'サンプル', '100'), [[110, '（ご利用店舗：東京本店）']]]]));
    expect(s.rows[0]!.details).toEqual({ page: '1', note: '(ご利用店舗:東京本店)' });
    const empty = parse(pages([[t('締切日 2026年1月15日'), JP_HEADER, [[40, '1/1']]]]));
    expect(empty.rows).toEqual([]);
    expect(empty.errors).toEqual([{ line: 2, message: 'the PDF has a transactions table header but no transaction rows' }]);
  });
});

describe('parsePdfStatement: cardholders', () => {
  it('reads Amex-style ご利用者 sections: first primary, later family, with their card digits', () => {
    const s = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          [[40, 'ご利用者：山田 太郎 様'], [300, 'XXXX-XXXXXX-X1005']],
          jp('1月5日', 'A', '100'),
          [[40, 'ご利用者：山田 花子 様'], [300, 'XXXX-XXXXXX-X2003']],
          jp('1月6日', 'B', '200'),
          [[40, 'ご利用者：山田 太郎 様（つづき）']],
          jp('1月7日', 'C', '300'),
        ],
      ]),
    );
    expect(s.rows.map((r) => r.cardholder)).toEqual([
      { name: '山田 太郎', role: 'primary', lastDigits: '1005' },
      { name: '山田 花子', role: 'family', lastDigits: '2003' },
      { name: '山田 太郎', role: 'primary', lastDigits: '1005' },
    ]);
    expect(s.card).toMatchObject({ lastDigits: '1005', otherDigits: ['2003'] });
  });

  it('reads カード会員様名 / 家族会員 labels, which decide the role whatever the order', () => {
    const s = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          [[40, '家族会員 YAMADA HANAKO 様']],
          jp('1月5日', 'A', '100'),
          [[40, 'カード会員様名 TARO YAMADA']],
          jp('1月6日', 'B', '200'),
          [[40, 'ご利用者：山田 次郎 様 (家族会員)']],
          jp('1月7日', 'C', '300'),
        ],
      ]),
    );
    expect(s.rows.map((r) => r.cardholder && [r.cardholder.name, r.cardholder.role])).toEqual([
      ['YAMADA HANAKO', 'family'],
      ['TARO YAMADA', 'primary'], // unlabelled, and no primary before it
      ['山田 次郎', 'family'],
    ]);
  });

  it('reads English Cardholder sections and a card-ending line under them', () => {
    const s = parse(
      pages([
        [
          t('Closing Date 01/15/26'),
          EN_HEADER,
          [[40, 'Cardholder: JOHN SMITH'], [300, 'Card ending 1001']],
          en('01/02', '01/03', 'A', '1.00'),
          [[40, 'Additional Cardholder: JANE SMITH']],
          [[40, 'Card ending in 2002']],
          en('01/04', '01/05', 'B', '2.00'),
          [[40, 'Cardholder Agreement changes take effect in March']], // a footer, not a section
          en('01/06', '01/07', 'C', '3.00'),
        ],
      ]),
    );
    expect(s.rows.map((r) => r.cardholder)).toEqual([
      { name: 'JOHN SMITH', role: 'primary', lastDigits: '1001' },
      { name: 'JANE SMITH', role: 'family', lastDigits: '2002' },
      { name: 'JANE SMITH', role: 'family', lastDigits: '2002' },
    ]);
    expect(s.card).toMatchObject({ issuer: 'other', suggestedName: 'Card', lastDigits: '1001', otherDigits: ['2002'] });
  });

  it('reads a 利用者 column (本人 / 家族) on each row, which wins over a section', () => {
    const header: C[] = [[31, '利用日'], [95, '利用店名・商品名'], [250, '利用者'], [295, '支払方法'], [450, '利用金額', 'r'], [560, '当月お支払金額', 'r']];
    const row = (d: string, desc: string, who: string, plan: string, amount: string, billed: string): C[] => [
      [31, d],
      [95, desc],
      [250, who],
      [295, plan],
      [450, amount, 'r'],
      [560, billed, 'r'],
    ];
    const s = parse(
      pages([
        [
          header,
          [[40, 'カード会員様名 楽天 太郎']],
          row('2025/12/10', 'A', '本人', '1回払い', '1,000', '1,000'),
          row('2025/12/11', 'B', '家族', '3回払い', '30,000', '10,000'),
          row('2025/12/12', 'C', 'ETC', '1回払い', '500', '500'),
          [[95, 'D'], [450, '9', 'r']],
        ],
      ]),
    );
    expect(s.rows.map((r) => [r.cardholder, r.paymentPlan, r.amount, r.billedAmount])).toEqual([
      [{ name: '本人', role: 'primary', lastDigits: null }, null, 1000, null],
      [{ name: '家族', role: 'family', lastDigits: null }, '3回払い', 30000, 10000],
      [{ name: 'ETC', role: 'etc', lastDigits: null }, null, 500, null],
    ]);
  });
});

describe('parsePdfStatement: foreign currency', () => {
  it('reads the detail on the line below the row, in the shapes statements print', () => {
    const s = parse(
      pages([
        [
          t('締切日 2026年1月15日'),
          JP_HEADER,
          jp('1月5日', 'EXAMPLE CLOUD', '1,523'),
          [[120, 'USD 10.00 レート 152.30']],
          jp('1月6日', 'EXAMPLE HOTEL', '3,390'),
          [[120, '20.00 EUR @ 169.50']],
          jp('1月7日', 'EXAMPLE REFUND', '△1,523'),
          [[120, 'USD 10.00 換算レート 152.30']],
          jp('1月8日', 'EXAMPLE STORE', '1,512'),
          [[120, '現地利用額 9.990 USD 変換レート 151.351円']],
          jp('1月9日', 'DOMESTIC', '100'),
        ],
      ]),
    );
    expect(s.rows.map((r) => [r.originalAmount, r.originalCurrency, r.fxRate])).toEqual([
      [1000, 'USD', '152.30'],
      [2000, 'EUR', '169.50'],
      [-1000, 'USD', '152.30'], // a refund's original amount is negative too
      [999, 'USD', '151.351'],
      [null, null, null],
    ]);
    expect(s.rows[0]!.details).toEqual({ page: '1', foreign: 'USD 10.00 レート 152.30' });
    expect(s.rows.map((r) => r.description)).toEqual(['EXAMPLE CLOUD', 'EXAMPLE HOTEL', 'EXAMPLE REFUND', 'EXAMPLE STORE', 'DOMESTIC']);
  });

  it('reads the detail on the row: a 備考 column, or a cell after the description', () => {
    const header: C[] = [[40, 'ご利用日'], [100, 'ご利用店名'], [330, 'ご利用金額', 'r'], [490, '備考']];
    const s = parse(
      pages([
        [
          header,
          [[40, '25/12/15'], [100, 'EXAMPLE SOFTWARE'], [330, '1,523', 'r'], [490, '10.00 USD 152.300']],
          [[40, '25/12/16'], [100, 'SAMPLE'], [330, '100', 'r'], [490, 'ポイント対象外']],
        ],
      ]),
    );
    expect(s.rows.map((r) => [r.originalAmount, r.originalCurrency, r.fxRate, r.details])).toEqual([
      [1000, 'USD', '152.300', { page: '1', foreign: '10.00 USD 152.300' }],
      [null, null, null, { page: '1', memo: 'ポイント対象外' }],
    ]);
    const e = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, [[40, '01/05'], [110, '01/06'], [180, 'LONDON BOOKS'], [300, 'GBP 20.00 @ 1.2650'], [555, '25.30', 'r']]]]));
    expect(e.rows[0]).toMatchObject({ description: 'LONDON BOOKS', originalAmount: 2000, originalCurrency: 'GBP', fxRate: '1.2650', details: { page: '1', foreign: 'GBP 20.00 @ 1.2650' } });
  });

  it('reads foreign detail text on its own', () => {
    expect(readForeign('USD 10.00 レート 152.30')).toEqual({ originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.30' });
    expect(readForeign('10.00 USD @ 152.30')).toEqual({ originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.30' });
    expect(readForeign('１０．００　ＵＳＤ　１５２．３０')).toEqual({ originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.30' });
    expect(readForeign('1,000 JPY')).toEqual({ originalAmount: 1000, originalCurrency: 'JPY', fxRate: null });
    expect(readForeign('ABC 10.00')).toBeNull(); // not an ISO code
    expect(readForeign('ETC 1,200')).toBeNull();
    expect(readForeign('サンプル')).toBeNull();
  });
});

describe('parsePdfStatement: total, card hint and month', () => {
  it('takes the printed statement total and sums purchases, refunds and fees by their billed amount, without payments', () => {
    const header: C[] = [[40, 'ご利用日'], [100, 'ご利用店名'], [330, 'ご利用金額', 'r'], [350, '支払区分'], [470, '今回お支払金額', 'r']];
    const row = (d: string, desc: string, amount: string, plan: string, billed: string): C[] => [[40, d], [100, desc], [330, amount, 'r'], [350, plan], [470, billed, 'r']];
    const s = parse(
      pages([
        [
          t('三井住友カード ご利用代金明細書'),
          [[40, 'お支払金額合計'], [300, '11,080円']],
          header,
          row('25/12/01', 'A', '1,000', '1回', '1,000'),
          row('25/12/02', 'B', '30,000', '3回', '10,000'),
          row('25/12/03', 'C', '▲500', '1回', '▲500'),
          row('25/12/04', '口座振替', '▲20,000', '', '▲20,000'),
          row('25/12/05', '年会費', '580', '', '580'),
        ],
      ]),
    );
    expect(s.total).toEqual({ printed: 11080, computed: 1000 + 10000 - 500 + 580, label: 'お支払金額合計 (line 2)' });
    expect(s.card).toEqual({ issuer: 'smbc', suggestedName: '三井住友カード', lastDigits: null, currency: 'JPY' });
    expect(s.rows.map((r) => [r.paymentPlan, r.billedAmount, r.kind])).toEqual([
      [null, null, 'purchase'],
      ['3回', 10000, 'purchase'],
      [null, null, 'refund'],
      [null, null, 'payment'],
      [null, null, 'fee'],
    ]);
  });

  it('finds the total under its other names, skipping dates printed beside it', () => {
    const cases: [string[], number][] = [
      [['今回ご請求額', '45,210円'], 45210],
      [['ご請求金額合計 (2026年2月10日お支払分)', '¥45,210'], 45210],
      [['今回のお支払金額', '45,210円', 'お支払日 2026年2月10日'], 45210],
      [['前回ご請求金額 50,000円', 'ご請求金額', '45,210円'], 45210],
    ];
    for (const [cells, printed] of cases) {
      const s = parse(pages([[cells.map((text, i) => [[40, 300, 450][i]!, text] as const), t('締切日 2026年1月15日'), JP_HEADER, jp('1月5日', 'A', '100')]]));
      expect(s.total).toEqual({ printed, computed: 100, label: expect.stringMatching(/\(line 1\)$/) });
    }
    for (const label of ['New Balance', 'Total Due', 'Statement Balance']) {
      const s = parse(pages([[t('Closing Date 01/15/26'), [[40, label], [300, '$1,234.56']], EN_HEADER, en('01/05', '01/05', 'A', '1,234.56')]]));
      expect(s.total).toEqual({ printed: 123456, computed: 123456, label: `${label} (line 2)` });
    }
    const none = parse(pages([[t('Closing Date 01/15/26'), [[40, 'Minimum Payment Due'], [300, '$25.00']], EN_HEADER, en('01/05', '01/05', 'A', '1.00')]]));
    expect(none.total).toBeNull();
    // A merchant named like a total is a row, and the real total printed later is still found.
    const shop = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, en('01/05', '01/05', 'NEW BALANCE ATHLETICS', '80.00'), [[180, 'New Balance'], [555, '$80.00', 'r']]]]));
    expect(brief(shop)).toEqual([['2026-01-05', 'NEW BALANCE ATHLETICS', 8000, 'purchase']]);
    expect(shop.total).toEqual({ printed: 8000, computed: 8000, label: 'New Balance (line 4)' });
  });

  it('names the issuer from the page text and the card from its printed digits', () => {
    const hint = (lines: C[][], fileName = 'x.pdf') => parse(pages([[...lines, t('締切日 2026年1月15日'), JP_HEADER, jp('1月5日', 'A', '100')]]), { defaultCurrency: 'JPY', fileName }).card;
    expect(hint([[[40, 'アメリカン・エキスプレス ご利用代金明細書']], [[40, '会員番号 XXXX-XXXXXX-X1234']]])).toEqual({ issuer: 'amex-jp', suggestedName: 'アメリカン・エキスプレス', lastDigits: '1234', currency: 'JPY' });
    expect(hint([[[40, '楽天カード ご利用明細']], [[40, 'ご利用カード 楽天カード（Visa） 末尾 5678']]])).toEqual({ issuer: 'rakuten', suggestedName: '楽天カード', lastDigits: '5678', currency: 'JPY' });
    expect(hint([[[40, 'ご利用代金明細書']]])).toEqual({ issuer: 'other', suggestedName: 'カード', lastDigits: null, currency: 'JPY' });
    const us = parse(pages([[t('AMERICAN EXPRESS'), t('Account ending in 31009'), t('Closing Date 01/15/26'), EN_HEADER, en('01/05', '01/05', 'A', '1.00')]])).card;
    expect(us).toEqual({ issuer: 'amex-us', suggestedName: 'American Express', lastDigits: '1009', currency: 'USD' });
  });

  it('uses the currency an English statement names', () => {
    const header: C[] = [[40, 'Date'], [180, 'Description'], [555, 'Amount (GBP)', 'r']];
    const gbp = parse(pages([[t('Closing Date 01/15/26'), header, [[40, '01/05'], [180, 'TESCO'], [555, '£12.30', 'r']]]]));
    expect(gbp.rows[0]).toMatchObject({ amount: 1230, currency: 'GBP' });
    expect(gbp.card.currency).toBe('GBP');
    const stated = parse(pages([[t('All amounts are shown in EUR'), t('Closing Date 01/15/26'), EN_HEADER, en('01/05', '01/05', 'CAFE', '3.20')]]));
    expect(stated.rows[0]).toMatchObject({ amount: 320, currency: 'EUR' });
    const signed = parse(pages([[t('Closing Date 01/15/26'), EN_HEADER, en('01/05', '01/05', 'TESCO', '£12.30')]]));
    expect(signed.rows[0]).toMatchObject({ amount: 1230, currency: 'GBP' });
  });
});

describe('parsePdfStatement: arbitrary lines', () => {
  // Pieces statements are made of, mixed with noise, at random positions: the parser must always
  // answer (null or a statement), and every row it gives must be well formed.
  const piece = fc.oneof(
    fc.constantFrom('ご利用日', 'ご利用内容', 'ご利用金額', 'Date', 'Description', 'Amount', '小計', '合計', 'Total', 'New Balance', '今回ご請求額', 'ご利用者：山田 太郎 様', 'Cardholder: A B'),
    fc.constantFrom('12月31日', '1月1日', '2/29', '12/15', '25/12/15', '2025/12/15', '13/45', '0/0', '99月99日', 'Closing Date 01/15/26', '締切日 2026年1月15日'),
    fc.constantFrom('1,234', '△1,234', '(12.50)', '25.00 CR', '12.5', '-', '¥', '9'.repeat(25), 'USD 10.00 レート 152.30', '10.00 XXX @ 1'),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
  const lineArb = fc.array(fc.tuple(fc.double({ min: -100, max: 700, noNaN: false }), piece), { maxLength: 6 });
  const header = fc.constantFrom<C[]>(JP_HEADER, EN_HEADER, [[40, 'Date'], [180, 'Description'], [555, 'Amount (EUR)', 'r']]);

  it('never throws and gives only well-formed rows', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), header, fc.nat(25), (lines, h, at) => {
        const ls: C[][] = lines.map((cs) => cs.map(([x, text]): C => [x, text]));
        ls.splice(Math.min(at, ls.length), 0, h);
        const built = pages([ls]);
        const s = parsePdfStatement(built, opts);
        if (s === null) return;
        if (s.errors.length > 0) expect(s.rows).toEqual([]);
        for (const r of s.rows) {
          expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(Number.isSafeInteger(r.amount)).toBe(true);
          expect(typeof r.description).toBe('string');
          expect(r.line).toBeGreaterThan(0);
          expect(r.line).toBeLessThanOrEqual(built.length);
          expect(r.originalAmount === null || Number.isSafeInteger(r.originalAmount)).toBe(true);
        }
        for (const p of [...s.errors, ...s.warnings]) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
