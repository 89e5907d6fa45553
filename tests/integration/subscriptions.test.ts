/**
 * Subscription review through the API on a real SQLite file: detection from imported rows, status,
 * totals, confirm / dismiss / add by hand, and saved quarterly reviews that flag a cancelled
 * subscription still charging. Also the CLI's `subscriptions --json`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

function ledger(): string {
  const lines = ['date,description,amount'];
  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08'];
  months.forEach((m, i) => {
    lines.push(`${m}-15,NETFLIX.COM,${i < 6 ? 1490 : 1890}`);
    if (i < 5) lines.push(`${m}-03,SPOTIFY*P0A1B2C3,980`);
    lines.push(`${m}-27,前回分口座振替金額,-30000`);
    for (const d of ['02', '05', '09', '12', '19', '23']) lines.push(`${m}-${d},セブン－イレブン 千代田店,${300 + Number(d) * 11}`);
  });
  lines.push('2024-03-20,EXAMPLE DOMAINS,1500', '2025-03-20,EXAMPLE DOMAINS,1500');
  lines.push('2025-08-20,NEW GYM,8000', '2025-07-20,NEW GYM,8000', '2025-06-20,NEW GYM,8000');
  return lines.join('\r\n');
}

async function importLedger() {
  const res = await call(core, 'import.commit', { files: [{ name: 'ledger.csv', data: utf8(ledger()) }], card: 'Visa' });
  expect(res.files[0]!.status).toBe('imported');
}

describe('subscriptions', () => {
  it('detects recurring charges with cadence, price change, stop, next date and costs; not shops or card payments', async () => {
    await importLedger();
    const out = await call(core, 'subscriptions.list', {});
    const by = (m: string) => out.items.find((s) => s.merchant === m);
    expect(out.items.map((s) => s.merchant).sort()).toEqual(['EXAMPLE DOMAINS', 'NETFLIX.COM', 'NEW GYM', 'SPOTIFY']);
    expect(by('NETFLIX.COM')).toMatchObject({ cadence: 'monthly', amountMinor: 1890, status: 'price-changed', nextDate: '2025-09-15', monthlyCostMinor: 1890, annualCostMinor: 22680 });
    expect(by('NETFLIX.COM')!.priceHistory).toEqual([
      { date: '2025-01-15', amountMinor: 1490 },
      { date: '2025-07-15', amountMinor: 1890 },
    ]);
    // The card's statements run to August: June's and July's Spotify charges are missing.
    expect(by('SPOTIFY')).toMatchObject({ status: 'stopped', lastDate: '2025-05-03', description: 'SPOTIFY*P0A1B2C3' });
    expect(by('EXAMPLE DOMAINS')).toMatchObject({ cadence: 'yearly', nextDate: '2026-03-20', status: 'active' });
    // Changed first: stopped, then the price change.
    expect(out.items.slice(0, 2).map((s) => s.merchant)).toEqual(['SPOTIFY', 'NETFLIX.COM']);
    // Totals leave out what stopped: 1890 + 8000 + 1500/12 a month.
    expect(out.totals).toEqual([{ currency: 'JPY', monthlyMinor: 1890 + 8000 + 125, annualMinor: 22680 + 96000 + 1500 }]);
    expect(out.byCard).toEqual([expect.objectContaining({ card: 'Visa', annualMinor: 22680 + 96000 + 1500 })]);
    expect(out.trend.find((t) => t.month === '2025-08')).toEqual({ month: '2025-08', currency: 'JPY', totalMinor: 1890 + 8000 });
    expect(out.lastReview).toBeNull();
  });

  it('remembers a dismissed detection and tracks a merchant added by hand', async () => {
    await importLedger();
    const gym = (await call(core, 'subscriptions.list', {})).items.find((s) => s.merchant === 'NEW GYM')!;
    await call(core, 'subscriptions.mark', { key: gym.key, state: 'dismissed' });
    expect((await call(core, 'subscriptions.list', {})).items.map((s) => s.merchant)).not.toContain('NEW GYM');
    await call(core, 'subscriptions.mark', { key: gym.key, state: null });
    await call(core, 'subscriptions.mark', { key: gym.key, state: 'confirmed' });
    expect((await call(core, 'subscriptions.list', {})).items.find((s) => s.merchant === 'NEW GYM')!.mark).toBe('confirmed');
    // Two charges a month apart are not detected, but can be tracked by hand.
    await call(core, 'import.commit', { files: [{ name: 'more.csv', data: utf8('date,description,amount\r\n2025-07-01,CLOUD BACKUP,300\r\n2025-08-01,CLOUD BACKUP,300\r\n') }], card: 'Visa' });
    expect((await call(core, 'subscriptions.list', {})).items.map((s) => s.merchant)).not.toContain('CLOUD BACKUP');
    const tx = (await call(core, 'transactions.list', { search: 'cloud backup' })).rows[0]!;
    await call(core, 'subscriptions.add', { transactionId: tx.id, cadence: 'monthly' });
    expect((await call(core, 'subscriptions.list', {})).items.find((s) => s.merchant === 'CLOUD BACKUP')).toMatchObject({ mark: 'manual', cadence: 'monthly', nextDate: '2025-09-01' });
    const payment = (await call(core, 'transactions.list', { kinds: ['payment'] })).rows[0]!;
    await expect(call(core, 'subscriptions.add', { transactionId: payment.id, cadence: 'monthly' })).rejects.toThrow(/card payment/);
  });

  it('saves a quarterly review, and the next one shows a cancelled subscription still charging', async () => {
    await importLedger();
    const items = (await call(core, 'subscriptions.list', {})).items;
    const netflix = items.find((s) => s.merchant === 'NETFLIX.COM')!;
    const review = await call(core, 'reviews.save', {
      date: '2025-08-31',
      note: 'Q3',
      items: items.map((s) => ({ key: s.key, decision: s.key === netflix.key ? 'cancel' : 'keep', note: s.key === netflix.key ? 'too expensive' : null })),
    });
    expect(review).toMatchObject({ date: '2025-08-31', note: 'Q3' });
    expect(review.items.find((i) => i.key === netflix.key)).toMatchObject({ decision: 'cancel', note: 'too expensive', amountMinor: 1890, status: 'price-changed' });
    let after = await call(core, 'subscriptions.list', {});
    expect(after.lastReview).toMatchObject({ id: review.id, date: '2025-08-31' });
    expect(after.items.find((s) => s.key === netflix.key)).toMatchObject({ lastDecision: { decision: 'cancel', note: 'too expensive', date: '2025-08-31' }, stillCharging: false });
    // September's statement: Netflix charged again despite the cancel; a new service appears.
    await call(core, 'import.commit', { files: [{ name: 'sep.csv', data: utf8('date,description,amount\r\n2025-09-15,NETFLIX.COM,1890\r\n2025-09-01,NEW NEWS,500\r\n2025-10-01,NEW NEWS,500\r\n2025-11-01,NEW NEWS,500\r\n') }], card: 'Visa' });
    after = await call(core, 'subscriptions.list', {});
    expect(after.items[0]).toMatchObject({ merchant: 'NETFLIX.COM', stillCharging: true });
    expect(after.items.find((s) => s.merchant === 'NEW NEWS')).toMatchObject({ status: 'new' });
    expect(await call(core, 'reviews.list', {})).toHaveLength(1);
    await expect(call(core, 'reviews.save', { items: [{ key: 'JPY:NOPE', decision: 'keep' }] })).rejects.toThrow(/no subscription/);
  });
});

/** One CSV file of `date,description,amount` rows. */
const csv = (rows: [string, string, number][]) => utf8(['date,description,amount', ...rows.map((r) => r.join(','))].join('\r\n'));
const monthlyRows = (description: string, amount: number, day: string, months: string[]): [string, string, number][] => months.map((m) => [`${m}-${day}`, description, amount]);
async function importRows(rows: [string, string, number][], name = 'rows.csv') {
  const res = await call(core, 'import.commit', { files: [{ name, data: csv(rows) }], card: 'Visa' });
  expect(res.files[0]!.status).toBe('imported');
}

describe('subscriptions the user vouches for', () => {
  it('tracks a merchant added by hand from its only charge, with the next date from the chosen cadence', async () => {
    // Statements run to late August; the software was bought once, on 5 August.
    await importRows([...monthlyRows('COFFEE BEANS CLUB', 2400, '01', ['2025-05', '2025-06', '2025-07', '2025-08']), ['2025-08-05', 'PHOTO SOFTWARE', 4800], ['2025-08-25', 'BOOKSHOP', 1200]]);
    expect((await call(core, 'subscriptions.list', {})).items.map((s) => s.merchant)).not.toContain('PHOTO SOFTWARE');
    const tx = (await call(core, 'transactions.list', { search: 'photo software' })).rows[0]!;
    await call(core, 'subscriptions.add', { transactionId: tx.id, cadence: 'yearly' });
    const photo = (await call(core, 'subscriptions.list', {})).items.find((s) => s.merchant === 'PHOTO SOFTWARE');
    expect(photo).toMatchObject({ mark: 'manual', cadence: 'yearly', charges: 1, firstDate: '2025-08-05', lastDate: '2025-08-05', nextDate: '2026-08-05', status: 'active', amountMinor: 4800, annualCostMinor: 4800, monthlyCostMinor: 400 });
  });

  it('adds a one-off at a merchant that already has a subscription as a second one, each with its own key', async () => {
    await importRows([...monthlyRows('APPLE.COM/BILL', 400, '03', ['2025-03', '2025-04', '2025-05', '2025-06']), ['2025-05-18', 'APPLE.COM/BILL', 3000]]);
    let apple = (await call(core, 'subscriptions.list', {})).items.filter((s) => s.merchant === 'APPLE.COM/BILL');
    expect(apple.map((s) => s.amountMinor)).toEqual([400]);
    const tx = (await call(core, 'transactions.list', { search: 'apple' })).rows.find((r) => r.amount === 3000)!;
    await call(core, 'subscriptions.add', { transactionId: tx.id, cadence: 'yearly' });
    apple = (await call(core, 'subscriptions.list', {})).items.filter((s) => s.merchant === 'APPLE.COM/BILL');
    expect(apple.map((s) => [s.amountMinor, s.cadence, s.mark]).sort()).toEqual([
      [3000, 'yearly', 'manual'],
      [400, 'monthly', 'detected'],
    ]);
    expect(new Set(apple.map((s) => s.key)).size).toBe(2);
  });

  it('keeps a confirmed subscription, at its confirmed cadence, when detection later fails', async () => {
    await importRows([
      ...monthlyRows('CITY GYM', 8000, '15', ['2025-04', '2025-05', '2025-06']),
      ...monthlyRows('YOGA STUDIO', 6000, '03', ['2025-04', '2025-05', '2025-06']),
      ['2024-03-20', 'EXAMPLE DOMAINS', 1500],
      ['2025-03-20', 'EXAMPLE DOMAINS', 1500],
    ]);
    const before = (await call(core, 'subscriptions.list', {})).items;
    expect(before.map((s) => s.merchant).sort()).toEqual(['CITY GYM', 'EXAMPLE DOMAINS', 'YOGA STUDIO']);
    for (const m of ['CITY GYM', 'EXAMPLE DOMAINS']) await call(core, 'subscriptions.mark', { key: before.find((s) => s.merchant === m)!.key, state: 'confirmed' });
    // A one-off at each merchant, at the same price, days after the last charge: the gaps no longer
    // look regular. The studio nobody confirmed drops out; the confirmed ones stay.
    await importRows(
      [
        ['2025-06-20', 'CITY GYM', 8000],
        ['2025-06-08', 'YOGA STUDIO', 6000],
        ['2025-04-02', 'EXAMPLE DOMAINS', 1500],
      ],
      'later.csv',
    );
    const after = (await call(core, 'subscriptions.list', {})).items;
    expect(after.map((s) => s.merchant).sort()).toEqual(['CITY GYM', 'EXAMPLE DOMAINS']);
    expect(after.find((s) => s.merchant === 'CITY GYM')).toMatchObject({ mark: 'confirmed', cadence: 'monthly', lastDate: '2025-06-20', charges: 4 });
    expect(after.find((s) => s.merchant === 'EXAMPLE DOMAINS')).toMatchObject({ mark: 'confirmed', cadence: 'yearly', nextDate: '2026-04-20' });
    // The cadence was saved with the confirmation.
    expect(core.database.sqlite.prepare("SELECT cadence FROM subscription_marks WHERE state = 'confirmed' ORDER BY cadence").pluck().all()).toEqual(['monthly', 'yearly']);
    // Clearing the mark gives the word back to detection.
    await call(core, 'subscriptions.mark', { key: after.find((s) => s.merchant === 'CITY GYM')!.key, state: null });
    expect((await call(core, 'subscriptions.list', {})).items.map((s) => s.merchant)).toEqual(['EXAMPLE DOMAINS']);
  });

  it('keeps a confirmation through a price change', async () => {
    await importRows(monthlyRows('VIDEO PLUS', 990, '10', ['2025-01', '2025-02', '2025-03', '2025-04']));
    const key = (await call(core, 'subscriptions.list', {})).items[0]!.key;
    await call(core, 'subscriptions.mark', { key, state: 'confirmed' });
    await importRows(monthlyRows('VIDEO PLUS', 1290, '10', ['2025-05', '2025-06']), 'may.csv');
    expect((await call(core, 'subscriptions.list', {})).items).toEqual([expect.objectContaining({ merchant: 'VIDEO PLUS', amountMinor: 1290, mark: 'confirmed', status: 'price-changed' })]);
  });

  it('dismisses one of two services at one merchant, lists the dismissal and undoes it', async () => {
    await importRows([...monthlyRows('APPLE.COM/BILL', 400, '03', ['2025-03', '2025-04', '2025-05', '2025-06']), ...monthlyRows('APPLE.COM/BILL', 1300, '20', ['2025-03', '2025-04', '2025-05', '2025-06'])]);
    const both = (await call(core, 'subscriptions.list', {})).items;
    expect(both.map((s) => s.amountMinor).sort()).toEqual([1300, 400]);
    await call(core, 'subscriptions.mark', { key: both.find((s) => s.amountMinor === 1300)!.key, state: 'dismissed' });
    let out = await call(core, 'subscriptions.list', {});
    expect(out.items.map((s) => s.amountMinor)).toEqual([400]);
    expect(out.dismissed).toEqual([expect.objectContaining({ merchant: 'APPLE.COM/BILL', description: 'APPLE.COM/BILL', amountMinor: 1300, currency: 'JPY' })]);
    await call(core, 'subscriptions.mark', { key: out.dismissed[0]!.key, state: null });
    out = await call(core, 'subscriptions.list', {});
    expect(out.items.map((s) => s.amountMinor).sort()).toEqual([1300, 400]);
    expect(out.dismissed).toEqual([]);
  });
});

describe('what changed since the last review', () => {
  const before = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
  const after = ['2025-07', '2025-08', '2025-09'];
  it('flags stopped, new price, new, still charging and cancelled against the review’s date and saved amounts, changed first', async () => {
    await importRows([
      ...monthlyRows('STOPPING', 1000, '10', before),
      ...monthlyRows('PRICEUP', 2000, '12', before),
      ...monthlyRows('CANCEL BUT CHARGING', 1500, '15', before),
      ...monthlyRows('CANCEL DONE', 800, '20', before),
      ...monthlyRows('STEADY', 300, '01', before),
      ...monthlyRows('OLD STOP', 700, '08', before.slice(0, 3)),
      ...monthlyRows('RAISED EARLIER', 900, '25', before.slice(0, 3)),
      ...monthlyRows('RAISED EARLIER', 1100, '25', before.slice(3)),
    ]);
    const items = (await call(core, 'subscriptions.list', {})).items;
    const key = (m: string) => items.find((s) => s.merchant === m)!.key;
    expect(items.find((s) => s.merchant === 'OLD STOP')!.status).toBe('stopped');
    const cancel = new Set(['CANCEL BUT CHARGING', 'CANCEL DONE']);
    await call(core, 'reviews.save', { date: '2025-06-30', items: items.map((s) => ({ key: s.key, decision: cancel.has(s.merchant) ? 'cancel' : 'keep' })) });
    expect((await call(core, 'subscriptions.list', {})).items.every((s) => s.change === null)).toBe(true);

    await importRows(
      [
        ...monthlyRows('PRICEUP', 2000, '12', after.slice(0, 1)),
        ...monthlyRows('PRICEUP', 2400, '12', after.slice(1)),
        ...monthlyRows('CANCEL BUT CHARGING', 1500, '15', after),
        ...monthlyRows('STEADY', 300, '01', after),
        ...monthlyRows('RAISED EARLIER', 1100, '25', after),
        ...monthlyRows('NEW SERVICE', 500, '05', after),
      ],
      'q3.csv',
    );
    const out = (await call(core, 'subscriptions.list', {})).items;
    const by = (m: string) => out.find((s) => s.merchant === m)!;
    expect(out.map((s) => [s.merchant, s.change])).toEqual([
      ['CANCEL BUT CHARGING', 'still-charging'],
      ['STOPPING', 'stopped'],
      ['PRICEUP', 'price-changed'],
      ['NEW SERVICE', 'new'],
      ['CANCEL DONE', 'cancelled'],
      ['RAISED EARLIER', null],
      ['OLD STOP', null],
      ['STEADY', null],
    ]);
    expect(by('PRICEUP')).toMatchObject({ amountMinor: 2400, lastDecision: { decision: 'keep', date: '2025-06-30', amountMinor: 2000 } });
    expect(by('CANCEL BUT CHARGING')).toMatchObject({ stillCharging: true, lastDecision: { decision: 'cancel' } });
    expect(by('CANCEL DONE')).toMatchObject({ status: 'stopped', stillCharging: false });
    expect(by('NEW SERVICE')).toMatchObject({ status: 'new', lastDecision: null });
    expect(by('STOPPING').key).toBe(key('STOPPING'));
  });
});
