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
