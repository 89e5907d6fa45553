/**
 * A user whose cards bill in US dollars gets the same app: the home currency is any ISO 4217 code
 * (and only one), USD statements import with cents, receipts match in cents, totals and foreign
 * amounts (here yen paid on a dollar card) work the same way as for yen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileSettings } from '../../src/services/settings';
import { call, tempDir, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');

describe('home currency', () => {
  it('accepts any ISO 4217 code and refuses codes that only look like one', async () => {
    expect(await call(core, 'settings.update', { homeCurrency: 'USD' })).toMatchObject({ homeCurrency: 'USD' });
    expect(await call(core, 'settings.update', { homeCurrency: 'IQD' })).toMatchObject({ homeCurrency: 'IQD' });
    for (const bad of ['XYZ', 'ABC', 'usd', 'DEM']) {
      const res = await core.dispatch('settings.update', { homeCurrency: bad });
      expect(res.ok, bad).toBe(false);
    }
    expect((await call(core, 'settings.get', {})).homeCurrency).toBe('IQD');
    // A settings file edited by hand falls back to the default for that key only.
    const dir = tempDir();
    try {
      const store = new JsonFileSettings(join(dir.path, 'settings.json'));
      store.update({ locale: 'en' });
      const raw = JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, unknown>;
      writeFileSync(store.path, JSON.stringify({ ...raw, homeCurrency: 'XYZ' }));
      expect(store.get()).toMatchObject({ locale: 'en', homeCurrency: 'JPY' });
    } finally {
      dir.cleanup();
    }
  });

  it('imports a USD statement with cents, matches a receipt of 12.50, and totals the month in dollars', async () => {
    await call(core, 'settings.update', { homeCurrency: 'USD' });
    const chase = readFileSync(join(SAMPLES, 'chase_card.csv'));
    const diner = utf8('date,description,amount\r\n2025-06-20,EXAMPLE DINER,12.50\r\n2025-06-21,EXAMPLE DINER,12.05\r\n2025-06-22,TOKYO RAMEN,10.00\r\n');
    const res = await call(core, 'import.commit', { files: [{ name: 'chase_card.csv', data: chase }, { name: 'june.csv', data: diner }] });
    expect(res.files.map((f) => [f.status, f.card?.name])).toEqual([
      ['imported', expect.any(String)],
      ['imported', expect.any(String)],
    ]);
    const rows = (await call(core, 'transactions.list', { sort: 'date', order: 'asc' })).rows;
    expect(rows.map((r) => [r.description, r.amount, r.amountMinor, r.currency])).toEqual([
      ['AUTOMATIC PAYMENT - THANK', -250, -25000, 'USD'],
      ['SAMPLE HARDWARE', -12, -1200, 'USD'],
      ['SAMPLE HARDWARE', 32.1, 3210, 'USD'],
      ['EXAMPLE COFFEE CO', 4.75, 475, 'USD'],
      ['EXAMPLE DINER', 12.5, 1250, 'USD'],
      ['EXAMPLE DINER', 12.05, 1205, 'USD'],
      ['TOKYO RAMEN', 10, 1000, 'USD'],
    ]);

    // A receipt of $12.50 from the 20th: the diner's charge that day, exactly, comes first.
    const found = await call(core, 'documents.suggest', { date: '2025-06-20', amount: 12.5, currency: 'USD' });
    expect(found[0]).toMatchObject({ description: 'EXAMPLE DINER', amount: 12.5, amountMinor: 1250, currency: 'USD' });
    expect(found.filter((s) => s.amountMinor === 1250)).toHaveLength(1);

    const summary = await call(core, 'summary.month', { month: '2025-06' });
    // Purchases less the return; the card payment is not spending.
    expect(summary).toMatchObject({ currency: 'USD', totalMinor: 3210 + 475 - 1200 + 1250 + 1205 + 1000, otherCurrencies: [] });
    const review = await call(core, 'review.month', { month: '2025-06' });
    expect(review.currency).toBe('USD');
    await call(core, 'budgets.set', { categoryId: (await call(core, 'categories.list', {}))[0]!.id, amount: 12.5 });

    // Yen paid on the dollar card, from the receipt: ¥1,500 at the printed 0.0066 is $9.90; billed $10.00.
    const ramen = rows.find((r) => r.description === 'TOKYO RAMEN')!;
    await call(core, 'transactions.update', { ids: [ramen.id], set: { foreign: { amount: 1500, currency: 'JPY', rate: '0.0066' } } });
    const row = (await call(core, 'transactions.list', { originalCurrency: 'JPY' })).rows[0]!;
    expect(row).toMatchObject({ originalAmount: 1500, originalCurrency: 'JPY', fxRate: '0.0066', fxFeeMinor: 10 });
    expect(row.impliedRate).toBeCloseTo(10 / 1500, 12);
    expect(await call(core, 'fx.summary', {})).toMatchObject([{ currency: 'JPY', billedCurrency: 'USD', originalTotalMinor: 1500, billedTotalMinor: 1000, feeMinor: 10 }]);
  });
});
