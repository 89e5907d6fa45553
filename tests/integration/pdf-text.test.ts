/**
 * PDF statements end to end: generated with pdf-lib (tests/support/pdf.ts), read back with pdfjs
 * (extractPdfText), rebuilt into lines and parsed. Every expectation below is written by hand from
 * what the spec next to it prints — never taken from the parser's output.
 */
import { describe, expect, it } from 'vitest';
import { rebuildLines } from '../../src/core/pdf/lines';
import { parsePdfStatement } from '../../src/core/pdf/statement';
import type { ParsedCardholder, ParsedRow, ParsedStatement } from '../../src/core/import/types';
import { extractPdfText } from '../../src/services/pdf-text';
import { makeEncryptedPdf, makeScannedPdf, makeStatementPdf, makeTextPdf, type StatementPdfSpec } from '../support/pdf';

async function read(spec: StatementPdfSpec, fileName = 'statement.pdf'): Promise<ParsedStatement> {
  const bytes = await makeStatementPdf(spec);
  const text = await extractPdfText(bytes);
  if (!text.ok) throw new Error(`${text.reason}: ${text.message}`);
  const parsed = parsePdfStatement(rebuildLines(text.items), { defaultCurrency: 'JPY', fileName });
  if (!parsed) throw new Error('not recognised as a statement');
  return parsed;
}

/** A complete expected row: the fields a test names, and the constant defaults of a one-time, confirmed, domestic row. */
function row(fields: Pick<ParsedRow, 'line' | 'date' | 'description' | 'amount' | 'currency' | 'kind'> & Partial<ParsedRow> & { page: number }): ParsedRow {
  const { page, ...rest } = fields;
  return {
    postedDate: null,
    originalAmount: null,
    originalCurrency: null,
    fxRate: null,
    cardholder: null,
    paymentPlan: null,
    billedAmount: null,
    status: 'confirmed',
    ...rest,
    details: { page: String(page), ...(fields.details ?? {}) },
  };
}

const who = (name: string, role: ParsedCardholder['role'], lastDigits: string | null = null): ParsedCardholder => ({ name, role, lastDigits });

describe('PDF statements end to end', () => {
  it('Amex-Japan style: three pages, two cardholder sections, 12月 → 1月, foreign rows below the row, subtotals', async () => {
    const s = await read({
      layout: 'amex-jp',
      summary: [
        ['締切日 2026年1月15日', 'お支払日 2026年2月10日'],
        ['今回ご請求額', '63,823円'],
      ],
      linesPerPage: 5,
      sections: [
        {
          title: ['ご利用者：山田 太郎 様', 'XXXX-XXXXXX-X1005'],
          rows: [
            { date: '12月10日', description: ['サンプル書店', '東京都 千代田区'], amount: '3,280' },
            { date: '12月22日', description: 'EXAMPLE CLOUD SERVICES', amount: '1,523', foreign: 'USD 10.00 換算レート 152.30' },
            { date: '12月28日', description: ['サンプル電機', '新宿店'], descriptionGap: 3, amount: '54,800' },
            { date: '1月3日', description: '前回分口座振替金額', amount: '△50,000' },
            { date: '1月5日', description: 'サンプル返品 書店', amount: '△1,200' },
          ],
          subtotal: ['小計', '58,403'],
        },
        {
          title: ['ご利用者：山田 花子 様', 'XXXX-XXXXXX-X2003'],
          rows: [
            { date: '12月30日', description: 'サンプルカフェ', amount: '1,200' },
            { date: '1月8日', description: 'EXAMPLE HOTEL PARIS', amount: '3,390', foreign: 'EUR 20.00 換算レート 169.50' },
            { date: '1月12日', description: 'サンプルドラッグ', amount: '830' },
          ],
          subtotal: ['小計', '5,420'],
        },
      ],
      grandTotal: ['ご利用金額合計', '63,823'],
    });
    const taro = who('山田 太郎', 'primary', '1005');
    const hanako = who('山田 花子', 'family', '2003');
    const jpy = { currency: 'JPY' } as const;
    // Lines: page 1 = title, 会員番号, 2 summary lines, header, section, rows (7, 8), foreign (9), row (10),
    // footer, page mark; page 2 starts at 13 (title, 会員番号, header); page 3 at 23.
    expect(s.rows).toEqual([
      row({ line: 7, page: 1, date: '2025-12-10', description: 'サンプル書店 東京都 千代田区', amount: 3280, ...jpy, kind: 'purchase', cardholder: taro }),
      row({ line: 8, page: 1, date: '2025-12-22', description: 'EXAMPLE CLOUD SERVICES', amount: 1523, ...jpy, kind: 'purchase', cardholder: taro, originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.30', details: { foreign: 'USD 10.00 換算レート 152.30' } }),
      row({ line: 10, page: 1, date: '2025-12-28', description: 'サンプル電機 新宿店', amount: 54800, ...jpy, kind: 'purchase', cardholder: taro }),
      row({ line: 16, page: 2, date: '2026-01-03', description: '前回分口座振替金額', amount: -50000, ...jpy, kind: 'payment', cardholder: taro }),
      row({ line: 17, page: 2, date: '2026-01-05', description: 'サンプル返品 書店', amount: -1200, ...jpy, kind: 'refund', cardholder: taro }),
      row({ line: 20, page: 2, date: '2025-12-30', description: 'サンプルカフェ', amount: 1200, ...jpy, kind: 'purchase', cardholder: hanako }),
      row({ line: 26, page: 3, date: '2026-01-08', description: 'EXAMPLE HOTEL PARIS', amount: 3390, ...jpy, kind: 'purchase', cardholder: hanako, originalAmount: 2000, originalCurrency: 'EUR', fxRate: '169.50', details: { foreign: 'EUR 20.00 換算レート 169.50' } }),
      row({ line: 28, page: 3, date: '2026-01-12', description: 'サンプルドラッグ', amount: 830, ...jpy, kind: 'purchase', cardholder: hanako }),
    ]);
    // 3,280 + 1,523 + 54,800 − 1,200 + 1,200 + 3,390 + 830; the bank payment is not new spending.
    expect(s.total).toEqual({ printed: 63823, computed: 63823, label: '今回ご請求額 (line 4)' });
    expect(s.card).toEqual({ issuer: 'amex-jp', suggestedName: 'アメリカン・エキスプレス', lastDigits: '1005', otherDigits: ['2003'], currency: 'JPY' });
    expect(s.format).toBe('pdf-jp');
    expect(s.statementMonth).toBe('2026-02');
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([]); // both subtotals and the grand total add up
  });

  it('Rakuten style: full dates, 利用者 column, an instalment, foreign detail below the row', async () => {
    const s = await read({
      layout: 'rakuten',
      summary: [['ご利用カード 楽天カード（Visa） 末尾 1234'], ['お支払日 2026年2月27日'], ['今回ご請求金額', '16,545円']],
      sections: [
        {
          rows: [
            { date: '2025/12/05', description: 'サンプルスーパー', holder: '本人', plan: '1回払い', amount: '2,480', billed: '2,480' },
            { date: '2025/12/18', description: 'サンプル家電', holder: '家族', plan: '3回払い', amount: '30,000', billed: '10,000' },
            { date: '2025/12/24', description: 'EXAMPLE STORE', holder: '本人', plan: '1回払い', amount: '1,512', billed: '1,512', foreign: '現地利用額 9.99 USD 変換レート 151.351円' },
            { date: '2026/01/02', description: 'サンプル返品', holder: '家族', plan: '1回払い', amount: '-980', billed: '-980' },
            { date: '2026/01/10', description: 'ETCカード利用', holder: 'ETC', plan: '1回払い', amount: '3,500', billed: '3,500' },
            { date: '2026/01/15', description: '海外事務手数料', holder: '本人', amount: '33', billed: '33' },
          ],
        },
      ],
    });
    const self = who('本人', 'primary');
    const family = who('家族', 'family');
    const jpy = { currency: 'JPY' } as const;
    expect(s.rows).toEqual([
      row({ line: 7, page: 1, date: '2025-12-05', description: 'サンプルスーパー', amount: 2480, ...jpy, kind: 'purchase', cardholder: self }),
      row({ line: 8, page: 1, date: '2025-12-18', description: 'サンプル家電', amount: 30000, ...jpy, kind: 'purchase', cardholder: family, paymentPlan: '3回払い', billedAmount: 10000 }),
      row({ line: 9, page: 1, date: '2025-12-24', description: 'EXAMPLE STORE', amount: 1512, ...jpy, kind: 'purchase', cardholder: self, originalAmount: 999, originalCurrency: 'USD', fxRate: '151.351', details: { foreign: '現地利用額 9.99 USD 変換レート 151.351円' } }),
      row({ line: 11, page: 1, date: '2026-01-02', description: 'サンプル返品', amount: -980, ...jpy, kind: 'refund', cardholder: family }),
      row({ line: 12, page: 1, date: '2026-01-10', description: 'ETCカード利用', amount: 3500, ...jpy, kind: 'purchase', cardholder: who('ETC', 'etc') }),
      row({ line: 13, page: 1, date: '2026-01-15', description: '海外事務手数料', amount: 33, ...jpy, kind: 'fee', cardholder: self }),
    ]);
    // Billed this month: 2,480 + 10,000 (a third of the instalment) + 1,512 − 980 + 3,500 + 33.
    expect(s.total).toEqual({ printed: 16545, computed: 16545, label: '今回ご請求金額 (line 5)' });
    expect(s.card).toEqual({ issuer: 'rakuten', suggestedName: '楽天カード', lastDigits: '1234', currency: 'JPY' });
    expect(s.statementMonth).toBe('2026-02');
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([]);
  });

  it('SMBC style: YY/MM/DD, カード会員様名 / 家族会員 sections over two pages, 備考 foreign detail, instalment, trailing-minus credit', async () => {
    const s = await read({
      layout: 'smbc',
      summary: [['お支払日 2026年2月10日'], ['お支払金額合計', '43,498円']],
      linesPerPage: 6,
      sections: [
        {
          title: ['カード会員様名 山田 太郎 様', '4980-00**-****-1234'],
          rows: [
            { date: '25/12/01', description: 'サンプルマート', amount: '5,000', plan: '1回', billed: '5,000' },
            { date: '25/12/15', description: 'EXAMPLE SOFTWARE', amount: '1,523', plan: '1回', billed: '1,523', foreign: '10.00 USD 152.300' },
            { date: '26/01/04', description: 'サンプル家具', amount: '60,000', plan: '2回', billed: '30,000' },
            { date: '26/01/05', description: 'サンプル返品', amount: '1,000-', plan: '1回', billed: '1,000-' },
          ],
          subtotal: ['小計', '35,523'],
        },
        {
          title: ['家族会員 山田 花子 様', '4980-00**-****-5678'],
          rows: [
            { date: '25/12/20', description: 'サンプル美容室', amount: '6,600', plan: '1回', billed: '6,600' },
            { date: '26/01/07', description: '年会費', amount: '1,375', billed: '1,375' },
          ],
          subtotal: ['小計', '7,975'],
        },
      ],
      grandTotal: ['合計', '43,498'],
    });
    const taro = who('山田 太郎', 'primary', '1234');
    const hanako = who('山田 花子', 'family', '5678');
    const jpy = { currency: 'JPY' } as const;
    expect(s.rows).toEqual([
      row({ line: 7, page: 1, date: '2025-12-01', description: 'サンプルマート', amount: 5000, ...jpy, kind: 'purchase', cardholder: taro }),
      row({ line: 8, page: 1, date: '2025-12-15', description: 'EXAMPLE SOFTWARE', amount: 1523, ...jpy, kind: 'purchase', cardholder: taro, originalAmount: 1000, originalCurrency: 'USD', fxRate: '152.300', details: { foreign: '10.00 USD 152.300' } }),
      row({ line: 9, page: 1, date: '2026-01-04', description: 'サンプル家具', amount: 60000, ...jpy, kind: 'purchase', cardholder: taro, paymentPlan: '2回', billedAmount: 30000 }),
      row({ line: 10, page: 1, date: '2026-01-05', description: 'サンプル返品', amount: -1000, ...jpy, kind: 'refund', cardholder: taro }),
      row({ line: 18, page: 2, date: '2025-12-20', description: 'サンプル美容室', amount: 6600, ...jpy, kind: 'purchase', cardholder: hanako }),
      row({ line: 19, page: 2, date: '2026-01-07', description: '年会費', amount: 1375, ...jpy, kind: 'fee', cardholder: hanako }),
    ]);
    expect(s.total).toEqual({ printed: 43498, computed: 43498, label: 'お支払金額合計 (line 4)' });
    expect(s.card).toEqual({ issuer: 'smbc', suggestedName: '三井住友カード', lastDigits: '1234', otherDigits: ['5678'], currency: 'JPY' });
    expect(s.statementMonth).toBe('2026-02');
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([]);
  });

  it('English style: MM/DD over a statement period crossing the year, three pages, Trans and Post dates, CR and parentheses, foreign detail below and on the row', async () => {
    const s = await read({
      layout: 'english',
      summary: [['Statement Period 12/01/2025 - 01/05/2026'], ['Payment Due Date 02/01/2026'], ['New Balance', '$588.67']],
      linesPerPage: 5,
      sections: [
        {
          title: ['Cardholder: JOHN SMITH', 'Card ending 1001'],
          rows: [
            { date: '12/03', posted: '12/04', description: 'GROCERY MART #1234', amount: '$84.12' },
            { date: '12/15', posted: '12/16', description: ['ONLINE', 'BOOKSTORE'], amount: '45.67' },
            { date: '12/20', posted: '12/21', description: 'HOTEL LUMIERE PARIS', amount: '325.50', foreign: '300.00 EUR @ 1.0850' },
            { date: '12/28', posted: '12/28', description: 'PAYMENT THANK YOU', amount: '-500.00' },
            { date: '01/02', posted: '01/03', description: 'RETURN ONLINE BOOKSTORE', amount: '45.67 CR' },
          ],
          subtotal: ['Total for JOHN SMITH', '$409.62'],
        },
        {
          title: ['Additional Cardholder: JANE SMITH', 'Card ending 2002'],
          rows: [
            { date: '12/31', posted: '01/01', description: 'LONDON THEATRE', amount: '88.55', foreign: '70.00 GBP @ 1.2650', foreignOnRow: true },
            { date: '01/04', posted: '01/05', description: 'ANNUAL FEE', amount: '95.00' },
            { date: '01/05', posted: '01/05', description: 'COFFEE HOUSE REFUND', amount: '(4.50)' },
          ],
          subtotal: ['Total for JANE SMITH', '$179.05'],
        },
      ],
    });
    const john = who('JOHN SMITH', 'primary', '1001');
    const jane = who('JANE SMITH', 'family', '2002');
    const usd = { currency: 'USD' } as const;
    expect(s.rows).toEqual([
      row({ line: 8, page: 1, date: '2025-12-03', postedDate: '2025-12-04', description: 'GROCERY MART #1234', amount: 8412, ...usd, kind: 'purchase', cardholder: john }),
      row({ line: 9, page: 1, date: '2025-12-15', postedDate: '2025-12-16', description: 'ONLINE BOOKSTORE', amount: 4567, ...usd, kind: 'purchase', cardholder: john }),
      row({ line: 10, page: 1, date: '2025-12-20', postedDate: '2025-12-21', description: 'HOTEL LUMIERE PARIS', amount: 32550, ...usd, kind: 'purchase', cardholder: john, originalAmount: 30000, originalCurrency: 'EUR', fxRate: '1.0850', details: { foreign: '300.00 EUR @ 1.0850' } }),
      row({ line: 17, page: 2, date: '2025-12-28', postedDate: '2025-12-28', description: 'PAYMENT THANK YOU', amount: -50000, ...usd, kind: 'payment', cardholder: john }),
      row({ line: 18, page: 2, date: '2026-01-02', postedDate: '2026-01-03', description: 'RETURN ONLINE BOOKSTORE', amount: -4567, ...usd, kind: 'refund', cardholder: john }),
      row({ line: 21, page: 2, date: '2025-12-31', postedDate: '2026-01-01', description: 'LONDON THEATRE', amount: 8855, ...usd, kind: 'purchase', cardholder: jane, originalAmount: 7000, originalCurrency: 'GBP', fxRate: '1.2650', details: { foreign: '70.00 GBP @ 1.2650' } }),
      row({ line: 27, page: 3, date: '2026-01-04', postedDate: '2026-01-05', description: 'ANNUAL FEE', amount: 9500, ...usd, kind: 'fee', cardholder: jane }),
      row({ line: 28, page: 3, date: '2026-01-05', postedDate: '2026-01-05', description: 'COFFEE HOUSE REFUND', amount: -450, ...usd, kind: 'refund', cardholder: jane }),
    ]);
    // 84.12 + 45.67 + 325.50 − 45.67 + 88.55 + 95.00 − 4.50; the payment settles last month.
    expect(s.total).toEqual({ printed: 58867, computed: 58867, label: 'New Balance (line 5)' });
    expect(s.card).toEqual({ issuer: 'other', suggestedName: 'Card', lastDigits: '1001', otherDigits: ['2002'], currency: 'USD' });
    expect(s.format).toBe('pdf-en');
    expect(s.statementMonth).toBe('2026-02');
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([]);
  });

  it('reports a total that does not add up (a row the parser could not see) through total and a subtotal warning', async () => {
    const s = await read({
      layout: 'amex-jp',
      summary: [['締切日 2026年1月15日'], ['今回ご請求額', '5,000円']],
      sections: [{ title: ['ご利用者：山田 太郎 様'], rows: [{ date: '1月5日', description: 'サンプル', amount: '1,000' }], subtotal: ['小計', '5,000'] }],
    });
    expect(s.total).toEqual({ printed: 5000, computed: 1000, label: '今回ご請求額 (line 4)' });
    expect(s.warnings).toEqual([{ line: 8, message: 'the subtotal on line 8 is ¥5,000, but the rows above it add up to ¥1,000; a row may be missing' }]);
  });
});

describe('extractPdfText', () => {
  it('gives positioned items with 1-based pages, and leaves the caller’s bytes usable', async () => {
    const bytes = await makeTextPdf(['ご利用日', 'ABC 123']);
    const size = bytes.length;
    const first = await extractPdfText(bytes);
    const again = await extractPdfText(bytes); // the first call must not have detached the buffer
    expect(bytes.length).toBe(size);
    expect(again).toEqual(first);
    // A Node Buffer (what readFileSync gives) works too and is left intact, pool and all.
    const buffer = Buffer.from(bytes);
    const neighbour = Buffer.from('still here');
    expect(await extractPdfText(buffer)).toEqual(first);
    expect(buffer.equals(Buffer.from(bytes))).toBe(true);
    expect(neighbour.toString()).toBe('still here');
    expect(first).toEqual({
      ok: true,
      pages: 1,
      items: [
        { page: 1, x: 40, y: 800, width: 36, height: 9, fontSize: 9, text: 'ご利用日' },
        { page: 1, x: 40, y: 784, width: 31.5, height: 9, fontSize: 9, text: 'ABC 123' },
      ].map((it) => ({ ...it, width: expect.closeTo(it.width, 3) })),
    });
  });

  it('a PDF without any text (a scan) is read successfully with zero items', async () => {
    const result = await extractPdfText(await makeScannedPdf());
    expect(result).toEqual({ ok: true, pages: 1, items: [] });
    expect(parsePdfStatement(rebuildLines([]), { defaultCurrency: 'JPY', fileName: 'scan.pdf' })).toBeNull();
  });

  it('refuses what is not a PDF, and a damaged one, with a message instead of throwing', async () => {
    const good = await makeStatementPdf({ layout: 'english', sections: [] });
    const garbage = new TextEncoder().encode('PK\u0003\u0004 this is a zip file, honest');
    const cases: [Uint8Array, 'not-a-pdf' | 'damaged'][] = [
      [new Uint8Array(0), 'not-a-pdf'],
      [garbage, 'not-a-pdf'],
      [good.slice(0, 600), 'damaged'], // truncated: header, no cross-reference, no trailer
      [new TextEncoder().encode('%PDF-1.7\n' + '\u0000\u00ff garbage '.repeat(200)), 'damaged'],
    ];
    for (const [bytes, reason] of cases) {
      const r = await extractPdfText(bytes);
      expect(r).toEqual({ ok: false, reason, message: expect.any(String) });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });

  it('says when a PDF is protected with a password', async () => {
    const r = await extractPdfText(await makeEncryptedPdf());
    expect(r).toEqual({ ok: false, reason: 'encrypted', message: expect.stringContaining('password') });
  });

  it('brings hostile text out as plain strings, also through the statement parser', async () => {
    const hostile = ['../../etc/passwd', 'C:\\Windows\\System32\\config', 'a\u0000b\u0007c\u001bd', '\u202Eevil\u202C txt.exe', "'; DROP TABLE transactions; --", '=HYPERLINK("http://example.invalid")', '<img src=x onerror=alert(1)>'];
    const lines = await extractPdfText(await makeTextPdf(hostile));
    expect(lines.ok).toBe(true);
    if (!lines.ok) return;
    // Glyphs the font lacks (controls, bidi overrides) come back from pdfjs as U+0000 and are
    // dropped; everything printable is kept exactly.
    expect(lines.items.map((i) => i.text)).toEqual(['../../etc/passwd', 'C:\\Windows\\System32\\config', 'abcd', 'evil txt.exe', "'; DROP TABLE transactions; --", '=HYPERLINK("http://example.invalid")', '<img src=x onerror=alert(1)>']);
    expect(parsePdfStatement(rebuildLines(lines.items), { defaultCurrency: 'JPY', fileName: '../../x.pdf' })).toBeNull();

    const long = 'x'.repeat(10_000);
    const s = await read({
      layout: 'english',
      summary: [['Closing Date 01/15/26']],
      sections: [
        {
          rows: [
            ...hostile.map((description, i) => ({ date: `01/0${i + 1}`, posted: `01/0${i + 1}`, description, amount: '1.00' })),
            // 10,000 characters only fit on the page in tiny type (pdfjs drops glyphs beyond the page edge).
            { date: '01/09', posted: '01/09', description: long, descriptionSize: 0.04, amount: '2.00' },
          ],
        },
      ],
    });
    expect(s.errors).toEqual([]);
    expect(s.rows.map((r) => r.description)).toEqual(['../../etc/passwd', 'C:\\Windows\\System32\\config', 'abcd', 'evil txt.exe', "'; DROP TABLE transactions; --", '=HYPERLINK("http://example.invalid")', '<img src=x onerror=alert(1)>', long]);
    expect(s.rows.map((r) => r.amount)).toEqual([100, 100, 100, 100, 100, 100, 100, 200]);
  });
});
