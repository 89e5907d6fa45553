/**
 * A user whose cards bill in US dollars: the home currency picked in Settings from every ISO code,
 * a Chase statement imported with cents, and a receipt of $12.50 matched to its charge on Files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, useWebAppPerTest } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');
let page: Page;

useWebAppPerTest(async (p) => {
  page = p;
});

describe('a US dollar home currency', () => {
  it('imports a USD statement with cents and matches a receipt of 12.50', async () => {
    await page.click('[data-section=settings]');
    await page.waitForSelector('[data-testid=set-currency]');
    // Every ISO 4217 code is offered, the common ones first.
    const codes = await page.locator('[data-testid=set-currency] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(codes.slice(0, 3)).toEqual(['JPY', 'USD', 'EUR']);
    expect(codes).toEqual(expect.arrayContaining(['KWD', 'IQD', 'CLF', 'UYW', 'VND']));
    await page.selectOption('[data-testid=set-currency]', 'USD');
    await expect.poll(() => page.inputValue('[data-testid=set-currency]')).toBe('USD');

    await page.click('[data-section=import]');
    const diner = 'date,description,amount\r\n2025-06-20,EXAMPLE DINER,12.50\r\n2025-06-21,EXAMPLE DINER,12.05\r\n';
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'chase_card.csv', mimeType: 'text/csv', buffer: readFileSync(join(SAMPLES, 'chase_card.csv')) },
      { name: 'june.csv', mimeType: 'text/csv', buffer: Buffer.from(diner) },
    ]);
    await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    await page.waitForSelector('[data-testid=tx-row]');
    await expect.poll(() => page.locator('[data-testid=tx-row]').count()).toBe(6);
    const table = (await page.locator('[data-testid=tx-row]').allTextContents()).join('\n');
    expect(table).toContain('$32.10');
    expect(table).toContain('$4.75');
    expect(table).toContain('$12.05');

    await page.click('[data-section=files]');
    await page.waitForSelector('[data-testid=receipt-drop]');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([1, 2, 3])], '2025-06-20_diner.pdf', { type: 'application/pdf' }));
      document.querySelector('[data-testid=receipt-drop]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('[data-testid=receipt-match]');
    expect(await page.inputValue('[data-testid=receipt-currency]')).toBe('USD');
    // Before an amount: every charge within a week of the date.
    await expect.poll(() => page.locator('[data-testid=receipt-match] tr').count()).toBeGreaterThan(1);
    await page.fill('[data-testid=receipt-match] input[inputmode=decimal]', '12.50');
    // With it: only the charge of exactly $12.50 (not the $12.05 one the next day).
    await expect.poll(() => page.locator('[data-testid=receipt-match] tr').count()).toBe(1);
    const match = page.locator('[data-testid=receipt-match] tr');
    expect(await match.textContent()).toContain('EXAMPLE DINER');
    expect(await match.textContent()).toContain('$12.50');
    expect(await page.locator('[role=alert]').count()).toBe(0);
    await match.locator('button').click();
    await expect.poll(() => page.textContent('[data-testid=files-table]')).toContain('2025-06-20_EXAMPLE DINER_12.50USD.pdf');
  });
});
