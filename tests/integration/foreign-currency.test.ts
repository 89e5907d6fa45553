/**
 * Foreign-currency records through the API on a real SQLite file: imported and hand-entered
 * original amounts with each currency's minor units, implied rate and fees, the currency view,
 * trips, and an unconfirmed charge that posts later with another billed amount.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const list = (q: Parameters<typeof call<'transactions.list'>>[2] = {}) => call(core, 'transactions.list', q);

/** A Rakuten e-NAVI statement with one foreign charge (USD via 利用国USA) and its 現地利用額 line. */
function rakuten(opts: { settled: boolean; billed: number; rate: string; local: string }): Uint8Array {
  const header = opts.settled
    ? '"利用日","利用店名・商品名","利用者","支払方法","利用金額","手数料/利息","支払総額","7月支払金額","当月請求額","8月繰越残高","新規サイン"'
    : '"利用日","利用店名・商品名","利用者","支払方法","利用金額","手数料/利息","支払総額","支払月","7月支払金額","当月請求額","8月繰越残高","8月以降請求額"';
  const full = (s: string) => s.replace(/[0-9.]/g, (c) => (c === '.' ? '．' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  const cont = `"","現地利用額\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000${full(opts.local)}変換レート\u3000${full(opts.rate)}円"${',""'.repeat(opts.settled ? 9 : 10)}`;
  const row = opts.settled
    ? `"2025/06/09","EXAMPLE SOFTWARE利用国USA","本人","1回払い","${opts.billed}","0","${opts.billed}","${opts.billed}","${opts.billed}","0","*"`
    : `"2025/06/09","EXAMPLE SOFTWARE利用国USA","本人","1回払い","${opts.billed}","0","${opts.billed}","7月","${opts.billed}","${opts.billed}","0",""`;
  const other = opts.settled
    ? '"2025/06/14","サンプルストア","本人","1回払い","1280","0","1280","1280","1280","0","*"'
    : '"2025/06/14","サンプルストア","本人","1回払い","1280","0","1280","7月","1280","1280","0",""';
  return utf8(`\ufeff${[header, other, row, cont].join('\r\n')}\r\n`);
}

describe('foreign amounts', () => {
  it('imports the original amount, currency and rate, with the implied rate and the conversion cost', async () => {
    await call(core, 'import.commit', { files: [{ name: 'enavi202507.csv', data: rakuten({ settled: true, billed: 1512, rate: '151.351', local: '9.990' }) }] });
    const row = (await list({ foreign: true })).rows[0]!;
    expect(row).toMatchObject({ amountMinor: 1512, currency: 'JPY', originalAmount: 9.99, originalCurrency: 'USD', fxRate: '151.351' });
    expect(row.impliedRate).toBeCloseTo(1512 / 9.99, 10);
    // 9.99 × 151.351 = 1511.996… → ¥1,512: nothing beyond the printed rate.
    expect(row.fxFeeMinor).toBe(0);
    expect((await list({ foreign: false })).total).toBe(1);
    expect((await list({ originalCurrency: 'USD' })).total).toBe(1);
    // The export carries the three foreign columns: original amount in its own minor units, code, rate as printed.
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      const out = await call(core, 'export.month', { month: '2025-06', what: 'transactions', encoding });
      const text = new TextDecoder(encoding).decode(out.data);
      expect(text).toContain(',amount,currency,original_amount,original_currency,fx_rate,kind,');
      expect(text).toContain(',1512,JPY,9.99,USD,151.351,purchase,');
      expect(text).toContain(',1280,JPY,,,,purchase,');
    }
  });

  it('takes a hand-entered amount from a receipt in any ISO 4217 currency, checks it, and undoes it', async () => {
    await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8('date,description,amount\r\n2025-06-01,KUWAIT SHOP,1500\r\n2025-06-02,HOTEL,30000\r\n') }] });
    const [hotel, shop] = (await list({})).rows;
    await call(core, 'transactions.update', { ids: [shop!.id], set: { foreign: { amount: 3.025, currency: 'KWD', rate: '495.87' } } });
    let row = (await list({ search: 'kuwait' })).rows[0]!;
    expect(row).toMatchObject({ originalAmount: 3.025, originalCurrency: 'KWD', fxRate: '495.87' });
    // 3.025 × 495.87 = 1499.99 → ¥1,500.
    expect(row.fxFeeMinor).toBe(0);
    await expect(call(core, 'transactions.update', { ids: [hotel!.id], set: { foreign: { amount: 199.999, currency: 'USD' } } })).rejects.toThrow(/more decimals than USD/);
    await expect(call(core, 'transactions.update', { ids: [hotel!.id], set: { foreign: { amount: 200, currency: 'XYZ' } } })).rejects.toThrow(/ISO 4217/);
    await expect(call(core, 'transactions.update', { ids: [hotel!.id], set: { foreign: { amount: 200, currency: 'USD', rate: 'abc' } } })).rejects.toThrow(/not a rate/);
    await expect(call(core, 'transactions.update', { ids: [hotel!.id], set: { foreign: { amount: 200, currency: 'JPY' } } })).rejects.toThrow(/differ from the billed currency/);
    const reasonOf = async (foreign: { amount: number; currency: string; rate?: string }) => {
      const res = await core.dispatch('transactions.update', { ids: [hotel!.id], set: { foreign } });
      return res.ok ? null : { reason: res.error.reason, params: res.error.params };
    };
    expect(await reasonOf({ amount: 199.999, currency: 'USD' })).toEqual({ reason: 'fx.decimals', params: { currency: 'USD', digits: 2 } });
    expect(await reasonOf({ amount: 200, currency: 'XYZ' })).toEqual({ reason: 'fx.currency', params: { currency: 'XYZ' } });
    expect(await reasonOf({ amount: 200, currency: 'USD', rate: 'abc' })).toEqual({ reason: 'fx.rate', params: { rate: 'abc' } });
    expect(await reasonOf({ amount: 200, currency: 'JPY' })).toEqual({ reason: 'fx.sameCurrency', params: { currency: 'JPY' } });
    await call(core, 'transactions.update', { ids: [hotel!.id], set: { foreign: { amount: 199.5, currency: 'USD', rate: '148.20' } } });
    row = (await list({ search: 'hotel' })).rows[0]!;
    expect(row).toMatchObject({ originalAmount: 199.5, originalCurrency: 'USD' });
    // 199.50 × 148.20 = 29,565.9 → ¥29,566; billed ¥30,000: ¥434 beyond the printed rate.
    expect(row.fxFeeMinor).toBe(434);
    await call(core, 'history.undo', {});
    expect((await list({ search: 'hotel' })).rows[0]).toMatchObject({ originalAmount: null, originalCurrency: null, fxRate: null });
    await call(core, 'transactions.update', { ids: [shop!.id], set: { foreign: null } });
    expect((await list({ foreign: true })).total).toBe(0);
  });
});

describe('refunds in a foreign currency', () => {
  it('keeps a hand-entered original on the billed amount\'s side and counts a refund\'s gain as negative', async () => {
    await call(core, 'import.commit', { files: [{ name: 'refund.csv', data: utf8('date,description,amount\r\n2025-06-01,US SHOP,1504\r\n2025-06-05,US SHOP REFUND,-1504\r\n') }] });
    const [refund, charge] = (await list({ sort: 'date', order: 'desc' })).rows;
    // Entered as printed on the receipt (no sign), and once with a stray minus on the charge.
    await call(core, 'transactions.update', { ids: [refund!.id], set: { foreign: { amount: 10, currency: 'USD', rate: '150.00' } } });
    await call(core, 'transactions.update', { ids: [charge!.id], set: { foreign: { amount: -10, currency: 'USD', rate: '150.00' } } });
    const rows = (await list({ sort: 'date', order: 'desc' })).rows;
    // $10 back at 150.00 would be ¥1,500: ¥1,504 credited is ¥4 in the cardholder's favour.
    expect(rows[0]).toMatchObject({ amountMinor: -1504, originalAmount: -10, originalCurrency: 'USD', fxFeeMinor: -4 });
    expect(rows[1]).toMatchObject({ amountMinor: 1504, originalAmount: 10, fxFeeMinor: 4 });
    // The month's conversion cost nets the two out.
    expect(await call(core, 'fx.summary', {})).toMatchObject([{ month: '2025-06', currency: 'USD', originalTotalMinor: 0, billedTotalMinor: 0, feeMinor: 0 }]);
  });
});

describe('ISO 4217 minor units in the ledger', () => {
  it('stores, filters and exports amounts with the ISO digits (IQD 3, HUF 2, CLF 4), not the runtime\'s', async () => {
    const csv = 'date,description,amount,currency\r\n2025-06-01,BAGHDAD SHOP,1500.250,IQD\r\n2025-06-02,BUDAPEST CAFE,1234.56,HUF\r\n2025-06-03,SANTIAGO UF,1.2345,CLF\r\n';
    const res = await call(core, 'import.commit', { files: [{ name: 'mixed.csv', data: utf8(csv) }] });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 3 });
    const rows = (await list({ sort: 'date', order: 'asc' })).rows;
    expect(rows.map((r) => [r.currency, r.amountMinor, r.amount])).toEqual([
      ['IQD', 1500250, 1500.25],
      ['HUF', 123456, 1234.56],
      ['CLF', 12345, 1.2345],
    ]);
    // A bound in major units without a currency means the same major amount in each currency.
    expect((await list({ amountMin: 1500.2 })).rows.map((r) => r.currency)).toEqual(['IQD']);
    expect((await list({ amountMin: 1.2, amountMax: 1.3 })).rows.map((r) => r.currency)).toEqual(['CLF']);
    const out = await call(core, 'export.month', { month: '2025-06', what: 'transactions', encoding: 'utf-8' });
    const text = new TextDecoder().decode(out.data);
    expect(text).toContain(',1500.250,IQD,');
    expect(text).toContain(',1.2345,CLF,');
  });
});

describe('currency view and trips', () => {
  async function travel() {
    await call(core, 'import.commit', {
      files: [
        {
          name: 'trip.csv',
          data: utf8('date,description,amount\r\n2025-08-01,AIRLINE,120000\r\n2025-08-02,HOTEL PARIS,45000\r\n2025-08-03,CAFE PARIS,1200\r\n2025-08-20,SUPERMARKET,3000\r\n2025-09-05,APP STORE,160\r\n'),
        },
      ],
    });
    const rows = (await list({ sort: 'date', order: 'asc' })).rows;
    const id = (d: string) => rows.find((r) => r.description === d)!.id;
    await call(core, 'transactions.update', { ids: [id('HOTEL PARIS')], set: { foreign: { amount: 270, currency: 'EUR', rate: '162.00' } } });
    await call(core, 'transactions.update', { ids: [id('CAFE PARIS')], set: { foreign: { amount: 7.2, currency: 'EUR', rate: '162.00' } } });
    await call(core, 'transactions.update', { ids: [id('APP STORE')], set: { foreign: { amount: 0.99, currency: 'USD' } } });
    await call(core, 'transactions.update', { ids: [id('AIRLINE'), id('HOTEL PARIS'), id('CAFE PARIS')], set: { addTags: ['パリ'] } });
  }

  it('totals foreign spending per month and currency with the average rate and the fees', async () => {
    await travel();
    const months = await call(core, 'fx.summary', {});
    expect(months).toEqual([
      // 270 × 162 = 43,740 (billed 45,000: 1,260 more); 7.20 × 162 = 1,166.4 → 1,166 (billed 1,200: 34 more).
      { month: '2025-08', currency: 'EUR', billedCurrency: 'JPY', count: 2, originalTotal: 277.2, originalTotalMinor: 27720, billedTotalMinor: 46200, averageRate: expect.closeTo(46200 / 277.2, 8), feeMinor: 1294, rowsWithRate: 2 },
      { month: '2025-09', currency: 'USD', billedCurrency: 'JPY', count: 1, originalTotal: 0.99, originalTotalMinor: 99, billedTotalMinor: 160, averageRate: expect.closeTo(160 / 0.99, 8), feeMinor: 0, rowsWithRate: 0 },
    ]);
    expect(await call(core, 'fx.summary', { from: '2025-09-01' })).toHaveLength(1);
  });

  it('groups a trip by tag or by dates, with totals in both currencies', async () => {
    await travel();
    const byTag = await call(core, 'trips.save', { name: 'パリ 2025', tag: 'パリ' });
    expect(byTag).toMatchObject({ count: 3, billed: [{ currency: 'JPY', totalMinor: 166200, feeMinor: 1294 }] });
    expect(byTag.original).toEqual(expect.arrayContaining([{ currency: 'JPY', total: 120000, totalMinor: 120000 }, { currency: 'EUR', total: 277.2, totalMinor: 27720 }]));
    const byDates = await call(core, 'trips.save', { name: 'August', from: '2025-08-01', to: '2025-08-31' });
    // Without a tag: the foreign rows in those dates.
    expect(byDates).toMatchObject({ count: 2, billed: [{ currency: 'JPY', totalMinor: 46200 }], original: [{ currency: 'EUR', totalMinor: 27720 }] });
    expect((await list(byDates.filter)).total).toBe(2);
    await expect(call(core, 'trips.save', { name: 'empty' })).rejects.toThrow(/tag or dates/);
    await expect(call(core, 'trips.save', { name: 'August', tag: 'x' })).rejects.toThrow(/already exists/);
    // Each failure carries a stable reason for the UI to say it in the user's language.
    expect(await core.dispatch('trips.save', { name: 'August', tag: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'trip.nameTaken', params: { name: 'August' } } });
    expect(await core.dispatch('trips.save', { name: 'later', from: '2025-09-01', to: '2025-08-01' })).toMatchObject({ ok: false, error: { reason: 'trip.endsBeforeStart' } });
    expect(await core.dispatch('trips.save', { name: 'empty' })).toMatchObject({ ok: false, error: { reason: 'trip.needsTagOrDates' } });
    expect(await core.dispatch('trips.delete', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not-found', reason: 'trip.notFound' } });
    expect((await call(core, 'trips.list', {})).map((t) => t.name).sort()).toEqual(['August', 'パリ 2025']);
    await call(core, 'trips.delete', { id: byDates.id });
    expect(await call(core, 'trips.list', {})).toHaveLength(1);
  });
});

describe('a charge that posts later with another amount', () => {
  it('updates the unconfirmed row instead of adding a second one, and undo puts it back', async () => {
    const first = await call(core, 'import.commit', { files: [{ name: 'enavi-unconfirmed.csv', data: rakuten({ settled: false, billed: 1500, rate: '150.150', local: '9.990' }) }] });
    expect(first.files[0]).toMatchObject({ status: 'imported', inserted: 2 });
    const before = (await list({ foreign: true })).rows[0]!;
    expect(before).toMatchObject({ amountMinor: 1500, fxRate: '150.150' });

    const posted = await call(core, 'import.commit', { files: [{ name: 'enavi202507.csv', data: rakuten({ settled: true, billed: 1512, rate: '151.351', local: '9.990' }) }] });
    expect(posted.files[0]).toMatchObject({ status: 'imported', inserted: 0, duplicates: 2 });
    expect(posted.files[0]!.warnings.map((w) => w.message).join(' ')).toMatch(/1 unconfirmed foreign charge/);
    const rows = (await list({ foreign: true })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before.id, amountMinor: 1512, fxRate: '151.351', originalAmount: 9.99 });
    expect((await list({})).total).toBe(2);
    // An older unconfirmed listing of the same charge (another estimate) adds nothing either.
    const again = await call(core, 'import.commit', { files: [{ name: 'enavi-unconfirmed-older.csv', data: rakuten({ settled: false, billed: 1499, rate: '150.050', local: '9.990' }) }] });
    expect(again.files[0]).toMatchObject({ status: 'imported', inserted: 0, duplicates: 2 });
    expect((await list({})).total).toBe(2);

    const history = await call(core, 'imports.list', {});
    const postedImport = history.find((h) => h.fileName === 'enavi202507.csv')!;
    await call(core, 'imports.undo', { id: postedImport.id });
    expect((await list({ foreign: true })).rows[0]).toMatchObject({ id: before.id, amountMinor: 1500, fxRate: '150.150' });
  });
});

describe('an SMBC charge listed as not yet settled without its original amount', () => {
  const U = '\u3000';
  // UTF-8 with BOM: how a spreadsheet re-saves Vpass files (the parser reads both encodings).
  const unsettled = utf8(
    '\ufeff' +
      [
        "2025/6/3,EXAMPLE, INC. (EXAMPLE.COM),ご本人,1回払い,,'25/07,1500,1500,,,,,",
        "2025/6/5,SAMPLE APP,ご本人,1回払い,,'25/07,1000,1000,,,,,",
        "2025/6/11,テスト書店,ご家族,1回払い,,'25/07,2200,2200,,,,,",
      ].join('\r\n') +
      '\r\n',
  );
  const settled = utf8(
    '\ufeff' +
      [
        `ヤマダ${U}タロウ${U}様,4980-00**-****-****,三井住友カード（ＮＬ）`,
        `2025/06/03,EXAMPLE, INC. (EXAMPLE.COM),1513,１,１,1513,9.99${U}USD${U}151.4510${U}06 04`,
        // 60 % above the estimate of the same merchant and day: another charge, not this one posting.
        `2025/06/05,SAMPLE APP,1600,１,１,1600,10.00${U}USD${U}160.000${U}06 06`,
        '2025/06/11,テスト書店,2200,１,１,2200,',
        ',,,,,5313,',
      ].join('\r\n') +
      '\r\n',
  );

  it('is updated by the settled statement (same card, date, merchant, nearby amount), as the preview says, and undo restores it', async () => {
    expect((await call(core, 'import.commit', { files: [{ name: 'vpass-unsettled.csv', data: unsettled }] })).files[0]).toMatchObject({ status: 'imported', inserted: 3 });
    const before = (await list({ search: 'EXAMPLE' })).rows[0]!;
    expect(before).toMatchObject({ amountMinor: 1500, originalAmount: null });

    // The preview predicts the update: not a new row, not a plain duplicate.
    const preview = (await call(core, 'import.preview', { files: [{ name: '202507.csv', data: settled }] })).files[0]!;
    expect(preview).toMatchObject({ status: 'ready', rows: 3, duplicates: 2, updated: 1 });
    expect(preview.preview!.map((r) => [r.description, r.duplicate !== null, r.updates ?? null])).toEqual([
      ['EXAMPLE, INC. (EXAMPLE.COM)', false, 'updates the unconfirmed charge imported from vpass-unsettled.csv, line 1'],
      ['SAMPLE APP', false, null],
      ['テスト書店', true, null],
    ]);

    const posted = (await call(core, 'import.commit', { files: [{ name: '202507.csv', data: settled }] })).files[0]!;
    expect(posted).toMatchObject({ status: 'imported', inserted: 1, duplicates: 2, updated: 1 });
    const rows = (await list({ sort: 'date', order: 'asc' })).rows;
    expect(rows.map((r) => [r.description, r.amountMinor, r.originalAmount, r.originalCurrency])).toEqual([
      ['EXAMPLE, INC. (EXAMPLE.COM)', 1513, 9.99, 'USD'],
      ['SAMPLE APP', 1000, null, null],
      ['SAMPLE APP', 1600, 10, 'USD'],
      ['テスト書店', 2200, null, null],
    ]);
    expect(rows[0]!.id).toBe(before.id);
    // The rate as printed, trailing zero and all.
    expect(rows[0]!.fxRate).toBe('151.4510');

    const history = await call(core, 'imports.list', {});
    await call(core, 'imports.undo', { id: history.find((h) => h.fileName === '202507.csv')!.id });
    expect((await list({ search: 'EXAMPLE' })).rows).toEqual([expect.objectContaining({ id: before.id, amountMinor: 1500, originalAmount: null, originalCurrency: null, fxRate: null })]);
    expect((await list({})).total).toBe(3);
  });
});
