import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseStatementFile, type ParseFileResult } from '../../src/core/import/detect';
import { genericCsv } from '../../src/core/import/formats/generic-csv';
import { readCsv } from '../../src/core/import/csv';
import { parseWithMapping } from '../../src/core/import/mapping';

const JPY = { defaultCurrency: 'JPY', fileName: 'test.csv' };
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (text: string, options = JPY) => parseStatementFile(utf8(text), options);

function expectOk(r: ParseFileResult): Extract<ParseFileResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the file to parse, got: ${JSON.stringify(r.errors)}`);
  return r;
}

function expectFail(r: ParseFileResult): Extract<ParseFileResult, { ok: false }> {
  if (r.ok) throw new Error(`expected the file to be rejected, got ${r.statement.rows.length} rows`);
  return r;
}

/** The fields of a row worth comparing in most tests. */
const brief = (r: { line: number; date: string; description: string; amount: number; currency: string; kind: string }) => ({
  line: r.line,
  date: r.date,
  description: r.description,
  amount: r.amount,
  currency: r.currency,
  kind: r.kind,
});

describe('parseStatementFile — generic CSV, Japanese headers', () => {
  it('reads 利用日/利用店名/利用金額 rows with yen signs, refunds and payments', () => {
    const r = expectOk(
      parse(
        [
          '利用日,利用店名,利用金額',
          '2025/06/03,スターバックス,"￥1,234"',
          '2025/06/04,セブンイレブン,"\\2,974"',
          '2025/06/05,返品 ユニクロ,"-1,200"',
          '2025/06/27,前回分口座振替金額,"-50,000"',
        ].join('\n'),
      ),
    );
    expect(r.encoding).toBe('utf-8');
    expect(r.statement.format).toBe('generic-csv');
    expect(r.statement.errors).toEqual([]);
    expect(r.statement.card.currency).toBe('JPY');
    expect(r.statement.rows.map(brief)).toEqual([
      { line: 2, date: '2025-06-03', description: 'スターバックス', amount: 1234, currency: 'JPY', kind: 'purchase' },
      { line: 3, date: '2025-06-04', description: 'セブンイレブン', amount: 2974, currency: 'JPY', kind: 'purchase' },
      { line: 4, date: '2025-06-05', description: '返品 ユニクロ', amount: -1200, currency: 'JPY', kind: 'refund' },
      { line: 5, date: '2025-06-27', description: '前回分口座振替金額', amount: -50000, currency: 'JPY', kind: 'payment' },
    ]);
  });

  it('accepts the ご利用… header variants, full-width header text and a posted-date column', () => {
    const r = expectOk(
      parse(['ご利用年月日,ご利用店名,ご利用金額,データ処理日', '2025年6月3日,ＡＭＡＺＯＮ．ＣＯ．ＪＰ,１，０００,2025/06/05'].join('\r\n')),
    );
    const row = r.statement.rows[0]!;
    expect(row.date).toBe('2025-06-03');
    expect(row.postedDate).toBe('2025-06-05');
    expect(row.amount).toBe(1000);
    // The description is kept as printed (only trimmed).
    expect(row.description).toBe('ＡＭＡＺＯＮ．ＣＯ．ＪＰ');
  });

  it('finds the header below a preamble and keeps file line numbers', () => {
    const r = expectOk(parse(['カード名称,テストカード', 'お支払日,2025/07/10', '', '日付,内容,金額', '2025/06/03,ランチ,900', '', '2025/06/04,書店,1500'].join('\n')));
    expect(r.statement.rows.map((x) => [x.line, x.description])).toEqual([
      [5, 'ランチ'],
      [7, '書店'],
    ]);
  });

  it('trims the ideographic padding some issuers add to descriptions', () => {
    const r = expectOk(parse('利用日,利用店名,利用金額\n2025/06/03,\u3000ローソン\u3000\u3000,500\n'));
    expect(r.statement.rows[0]!.description).toBe('ローソン');
  });

  it('classifies "お支払いありがとう" as a payment even when negative', () => {
    const r = expectOk(parse('日付,内容,金額\n2025/06/10,お支払いありがとうございます,-30000\n'));
    expect(r.statement.rows[0]!.kind).toBe('payment');
  });
});

describe('parseStatementFile — Shift_JIS fixture', () => {
  const bytes = new Uint8Array(readFileSync(new URL('../fixtures/unit/sjis-statement.csv', import.meta.url)));

  it('is really a CP932 file (guards the fixture itself)', () => {
    expect([...bytes.subarray(0, 4)]).toEqual([0x82, 0xb2, 0x97, 0x98]); // ご利
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });

  it('decodes and parses the CP932 statement with CRLF, ①, 髙, half-width katakana and \\ yen signs', () => {
    const r = expectOk(parseStatementFile(bytes, JPY));
    expect(r.encoding).toBe('shift_jis');
    expect(r.statement.rows.map(brief)).toEqual([
      { line: 4, date: '2025-06-03', description: 'ｽﾀｰﾊﾞｯｸｽ', amount: 2974, currency: 'JPY', kind: 'purchase' },
      { line: 5, date: '2025-06-05', description: '髙島屋①', amount: 12000, currency: 'JPY', kind: 'purchase' },
      { line: 6, date: '2025-06-10', description: 'ﾍﾝﾋﾟﾝ', amount: -500, currency: 'JPY', kind: 'refund' },
      { line: 7, date: '2025-06-27', description: '前回分口座振替金額', amount: -50000, currency: 'JPY', kind: 'payment' },
    ]);
  });
});

describe('parseStatementFile — generic CSV, English headers', () => {
  it('reads Date/Description/Amount with US dates inferred from a day above 12', () => {
    const r = expectOk(
      parse(['Date,Description,Amount', '01/02/2025,COFFEE SHOP,4.50', '01/13/2025,BOOKS,"1,200.00"', '01/20/2025,Payment Thank You,-500.00'].join('\n'), {
        defaultCurrency: 'USD',
        fileName: 'test.csv',
      }),
    );
    expect(r.statement.rows.map(brief)).toEqual([
      { line: 2, date: '2025-01-02', description: 'COFFEE SHOP', amount: 450, currency: 'USD', kind: 'purchase' },
      { line: 3, date: '2025-01-13', description: 'BOOKS', amount: 120000, currency: 'USD', kind: 'purchase' },
      { line: 4, date: '2025-01-20', description: 'Payment Thank You', amount: -50000, currency: 'USD', kind: 'payment' },
    ]);
  });

  it('infers day-first dates from a first part above 12', () => {
    const r = expectOk(parse(['Transaction Date,Merchant,Amount', '01/02/2025,TESCO,12.00', '13/02/2025,BOOTS,3.00'].join('\n'), { defaultCurrency: 'GBP', fileName: 'test.csv' }));
    expect(r.statement.rows.map((x) => x.date)).toEqual(['2025-02-01', '2025-02-13']);
  });

  it('reads ambiguous NN/NN/YYYY columns month-first', () => {
    const r = expectOk(parse('Date,Description,Amount\n01/02/2025,X,1\n', { defaultCurrency: 'USD', fileName: 'test.csv' }));
    expect(r.statement.rows[0]!.date).toBe('2025-01-02');
  });

  it('matches headers case-insensitively and with underscores', () => {
    const r = expectOk(parse('TRANSACTION_DATE,Payee,AMOUNT\n2025-03-01,Shop,10\n', { defaultCurrency: 'USD', fileName: 'test.csv' }));
    expect(r.statement.rows[0]).toMatchObject({ date: '2025-03-01', description: 'Shop', amount: 1000 });
  });

  it('takes each row’s currency from a currency column, falling back to the default', () => {
    const r = expectOk(parse(['Date,Description,Amount,Currency', '2025-03-01,NYC Deli,12.50,USD', '2025-03-02,Konbini,"1,000",JPY', '2025-03-03,Kiosk,1.234,kwd', '2025-03-04,Local,300,'].join('\n')));
    expect(r.statement.rows.map((x) => [x.amount, x.currency])).toEqual([
      [1250, 'USD'],
      [1000, 'JPY'],
      [1234, 'KWD'],
      [300, 'JPY'],
    ]);
  });

  it('reads the Japanese 通貨 column too', () => {
    const r = expectOk(parse('利用日,利用店名,利用金額,通貨\n2025/06/03,HOTEL,"(120.00)",USD\n'));
    expect(r.statement.rows[0]).toMatchObject({ amount: -12000, currency: 'USD', kind: 'refund' });
  });
});

describe('parseStatementFile — rejected files', () => {
  it('names line 3 for a bad date on line 3', () => {
    const r = expectFail(parse('利用日,利用店名,利用金額\n2025/06/03,A,100\n2025/02/30,B,200\n2025/06/05,C,300\n'));
    expect(r.format).toBe('generic-csv');
    expect(r.encoding).toBe('utf-8');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(3);
    expect(r.errors[0]!.message).toContain('2025/02/30');
  });

  it('names the line of a bad amount, counting a quoted multi-line description before it', () => {
    const r = expectFail(parse('Date,Description,Amount\n2025-06-03,"two\nlines",100\n2025-06-04,X,12.5\n'));
    expect(r.errors).toEqual([{ line: 4, message: expect.stringMatching(/decimals/) }]);
  });

  it('reports every bad line, not just the first', () => {
    const r = expectFail(parse('Date,Description,Amount\nxx,A,1\n2025-06-04,B,abc\n2025-06-05,,3\n2025-06-06,D,4\n'));
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errors[2]!.message).toMatch(/description is empty/);
  });

  it('names a truncated row', () => {
    const r = expectFail(parse('Date,Description,Amount\n2025-06-03,A,1\n2025-06-04,B\n'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(3);
    expect(r.errors[0]!.message).toMatch(/fields/);
  });

  it('rejects a header without rows, pointing at the header', () => {
    const r = expectFail(parse('\nDate,Description,Amount\n\n'));
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/no rows/) }]);
  });

  it('rejects an unknown layout', () => {
    const r = expectFail(parse('foo,bar,baz\n1,2,3\n'));
    expect(r.format).toBeNull();
    expect(r.encoding).toBe('utf-8');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/unknown layout/);
  });

  it('rejects a header missing the amount column', () => {
    expect(expectFail(parse('Date,Description\n2025-06-03,A\n')).errors[0]!.message).toMatch(/unknown layout/);
  });

  it('rejects a PDF by its magic bytes', () => {
    const r = expectFail(parseStatementFile(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), JPY));
    expect(r.format).toBe('pdf');
    expect(r.errors[0]!.message).toMatch(/PDF/);
  });

  it('rejects an empty file', () => {
    const r = expectFail(parseStatementFile(new Uint8Array(), JPY));
    expect(r.errors).toEqual([{ line: null, message: 'the file is empty' }]);
  });

  it('rejects a binary file and names the line of the NUL byte', () => {
    const r = expectFail(parseStatementFile(Uint8Array.from([0x44, 0x0a, 0x0a, 0x00, 0x01]), JPY));
    expect(r.errors[0]!.line).toBe(3);
    expect(r.encoding).toBeNull();
  });

  it('rejects undecodable bytes and names their line', () => {
    const r = expectFail(parseStatementFile(Uint8Array.from([...utf8('Date,Description,Amount\n2025-06-03,'), 0xff, 0xfe, 0xfd, ...utf8(',1\n')]), JPY));
    expect(r.errors[0]!.line).toBe(2);
  });
});

describe('genericCsv.detect', () => {
  it('looks for the header only in the first 30 records', () => {
    const filler = Array.from({ length: 30 }, (_, i) => `note,${i}`);
    expect(genericCsv.detect(readCsv([...filler.slice(0, 29), 'Date,Description,Amount'].join('\n')), 'x.csv')).toBe(true);
    expect(genericCsv.detect(readCsv([...filler, 'Date,Description,Amount'].join('\n')), 'x.csv')).toBe(false);
  });
});

describe('foreign use in columns of its own', () => {
  const foreign = (r: { description: string; amount: number; currency: string; originalAmount: number | null; originalCurrency: string | null; fxRate: string | null }) => [
    r.description,
    r.amount,
    r.currency,
    r.originalAmount,
    r.originalCurrency,
    r.fxRate,
  ];

  it('reads the original amount, currency and rate from named columns (code or sign in the amount too)', () => {
    const r = expectOk(
      parse(
        [
          'date,description,amount,original amount,original currency,exchange rate',
          '2025-06-01,PARIS CAFE,"1,166",7.20,EUR,162.00',
          '2025-06-02,LONDON BOOKS,2000,10.00 GBP,,200.0000',
          '2025-06-03,NYC DELI,1515,$9.99,,',
          '2025-06-04,NYC DELI REFUND,-1515,9.99,USD,151.6000',
          '2025-06-05,KONBINI,500,,,',
          // Paid in the billing currency itself: not foreign use.
          '2025-06-06,DUTY FREE,3000,3000,JPY,1',
        ].join('\n'),
      ),
    );
    expect(r.statement.rows.map(foreign)).toEqual([
      ['PARIS CAFE', 1166, 'JPY', 720, 'EUR', '162.00'],
      ['LONDON BOOKS', 2000, 'JPY', 1000, 'GBP', '200.0000'],
      ['NYC DELI', 1515, 'JPY', 999, 'USD', null],
      // A refund's original is on the same side as its billed amount.
      ['NYC DELI REFUND', -1515, 'JPY', -999, 'USD', '151.6000'],
      ['KONBINI', 500, 'JPY', null, null, null],
      ['DUTY FREE', 3000, 'JPY', null, null, null],
    ]);
  });

  it('reads the Japanese column names (現地通貨額, 通貨略称, 換算レート) with each currency\'s minor units', () => {
    const r = expectOk(parse(['利用日,利用店名,利用金額,現地通貨額,通貨略称,換算レート', '2025/06/01,KUWAIT SHOP,1500,3.025,KWD,495.87', '2025/06/02,SEOUL MART,1100,"10,000",KRW,0.110'].join('\n')));
    expect(r.statement.rows.map(foreign)).toEqual([
      ['KUWAIT SHOP', 1500, 'JPY', 3025, 'KWD', '495.87'],
      ['SEOUL MART', 1100, 'JPY', 10000, 'KRW', '0.110'],
    ]);
  });

  it('rejects an original amount without a currency, an unknown code, too many decimals and a bad rate, naming the lines', () => {
    const r = expectFail(
      parse(
        [
          'date,description,amount,original amount,original currency,rate',
          '2025-06-01,A,100,1.00,,',
          '2025-06-02,B,100,1.00,XYZ,',
          '2025-06-03,C,100,1.005,USD,',
          '2025-06-04,D,100,1.00,USD,abc',
        ].join('\n'),
      ),
    );
    expect(r.errors).toEqual([
      { line: 2, message: expect.stringContaining('without a currency') },
      { line: 3, message: expect.stringContaining('XYZ') },
      { line: 4, message: expect.stringContaining('more decimals than USD') },
      { line: 5, message: expect.stringContaining('not a rate') },
    ]);
  });

  it('reads them through a column mapping too', () => {
    const records = readCsv('Booked,Text,Sum,Paid,In,FX\n2025-06-01,PARIS CAFE,1166,7.20,EUR,162.00\n2025-06-02,HOME SHOP,900,,,\n');
    const st = parseWithMapping(
      records,
      { headerLine: 1, columns: { date: 0, description: 1, amount: 2, originalAmount: 3, originalCurrency: 4, fxRate: 5 }, dateOrder: 'ymd', chargesAre: 'positive', currency: 'JPY' },
      { formatId: 'profile:test', issuer: 'other', cardName: 'Card' },
    );
    expect(st.errors).toEqual([]);
    expect(st.rows.map(foreign)).toEqual([
      ['PARIS CAFE', 1166, 'JPY', 720, 'EUR', '162.00'],
      ['HOME SHOP', 900, 'JPY', null, null, null],
    ]);
  });
});
