/**
 * The transactions workspace on the built UI in Chromium (web mode): filter, tag in bulk, write a
 * memo inline, accept the rule Meisai offers after a re-categorisation, undo and redo (the rule too,
 * labelled in the UI's language), saved filters, sorting, the rule editor's live preview and a run of
 * every rule, and manage a category in its tab — by mouse and by keyboard; and a ledger of a million
 * rows scrolled to its last row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/services/app';
import { MemorySettings } from '../../src/services/settings';
import { launchBrowser, newPage, ROOT, startWebApp, useWebAppPerTest, type WebApp } from './harness';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'samples');
let page: Page;

const rows = () => page.locator('[data-testid=tx-row]');
const row = (text: string) => page.locator('[data-testid=tx-row]', { hasText: text });
const count = () => page.textContent('[data-testid=tx-count]');

describe('transactions workspace', () => {
  useWebAppPerTest(async (p) => {
    page = p;
    await page.click('[data-section=import]');
    await page.setInputFiles('[data-testid=file-input]', [join(SAMPLES, 'amex_jp_current.csv'), join(SAMPLES, 'rakuten_enavi_latest_12col.csv')]);
    await expect.poll(() => page.locator('[data-testid=file-preview]').count()).toBe(2);
    await page.click('[data-testid=commit]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-section=transactions]');
    await expect.poll(() => page.locator('[data-testid=tx-row]').count()).toBe(9);
  });

  it('filters, tags in bulk, writes a memo, and undoes and redoes', async () => {
    // Search ignores width and kana: half-width ﾃｽﾄ finds テスト.
    await page.fill('[data-testid=filter-search]', 'ﾃｽﾄ');
    await expect.poll(count).toContain('2 件');
    await page.fill('[data-testid=filter-search]', '');
    await expect.poll(count).toContain('9 件');
    await page.selectOption('[data-testid=filter-card]', { label: '楽天カード' });
    await expect.poll(count).toContain('4 件');
    await page.click('[data-testid=filter-clear]');
    await expect.poll(count).toContain('9 件');

    // Tag two rows in bulk.
    await row('サンプル書店').locator('[data-testid=row-select]').click();
    await row('テストマート').locator('[data-testid=row-select]').click();
    await expect.poll(() => page.textContent('[data-testid=bulk-bar]')).toContain('2 件を選択中');
    await page.fill('[data-testid=bulk-tag]', '家計');
    await page.press('[data-testid=bulk-tag]', 'Enter');
    await expect.poll(() => row('サンプル書店').locator('[data-col=tags]').textContent()).toBe('家計');
    await expect.poll(() => row('テストマート').locator('[data-col=tags]').textContent()).toBe('家計');
    await page.selectOption('[data-testid=filter-tag]', '家計');
    await expect.poll(count).toContain('2 件');
    await page.click('[data-testid=filter-clear]');

    // A memo written inline, then found by search.
    await row('EXAMPLE CLOUD').locator('[data-testid=row-memo]').click();
    await page.fill('[data-testid=row-memo-input]', '開発用サーバー');
    await page.press('[data-testid=row-memo-input]', 'Enter');
    await expect.poll(() => row('EXAMPLE CLOUD').locator('[data-col=memo]').textContent()).toBe('開発用サーバー');
    await page.fill('[data-testid=filter-search]', 'さーばー');
    await expect.poll(count).toContain('1 件');
    await page.fill('[data-testid=filter-search]', '');

    // Undo takes the memo back (button), redo brings it again (keyboard).
    await page.click('[data-testid=undo]');
    await expect.poll(() => row('EXAMPLE CLOUD').locator('[data-col=memo]').textContent()).toBe('＋メモ');
    await page.click('[data-section=transactions]');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => row('EXAMPLE CLOUD').locator('[data-col=memo]').textContent()).toBe('開発用サーバー');
    // Undo twice more: the memo, then the bulk tag.
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => row('サンプル書店').locator('[data-col=tags]').textContent()).toBe('');
  });

  it('offers a rule after a re-categorisation, creates it, and shows it in the Rules tab', async () => {
    const cafe = rows().filter({ hasText: 'サンプルカフェ' }).filter({ hasNot: page.locator('.kind-refund') });
    await cafe.locator('[data-testid=row-category]').selectOption({ label: '食費' });
    await page.waitForSelector('[data-testid=rule-suggestion]');
    const offer = await page.textContent('[data-testid=rule-suggestion]');
    expect(offer).toContain('食費');
    // The cancelled charge of the same café is the other row the rule would change.
    expect(offer).toContain('ほかの 1 件');
    await page.click('[data-testid=rule-suggestion-create]');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('ルールを作成し、1 件に適用しました');
    await expect.poll(async () => (await rows().filter({ hasText: 'サンプルカフェ' }).locator('[data-testid=row-category]').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent)))).toEqual(['食費', '食費']);
    await page.selectOption('[data-testid=filter-category]', { label: '食費' });
    await expect.poll(count).toContain('2 件');

    await page.click('[data-testid=tab-rules]');
    await page.waitForSelector('[data-testid=rule-row]');
    expect(await page.textContent('[data-testid=rule-row]')).toContain('食費');
    expect(await page.locator('[data-testid=rule-learned]').count()).toBe(1);
  });

  it('works from the keyboard: move, select, open details, edit the display name', async () => {
    await page.focus('[data-testid=tx-scroll]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => page.textContent('[data-testid=bulk-bar]')).toContain('1 件を選択中');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=bulk-bar]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=detail-panel]');
    const second = await rows().nth(1).getAttribute('data-id');
    await page.fill('[data-testid=detail-name]', '表示名テスト');
    await page.press('[data-testid=detail-name]', 'Enter');
    await expect.poll(() => page.locator(`[data-testid=tx-row][data-id="${second}"] [data-col=description]`).textContent()).toBe('表示名テスト');
    // "/" jumps to the search box.
    await page.click('[data-testid=detail-close]');
    await page.focus('[data-testid=tx-scroll]');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-search');
  });

  it('sorts by clicking a column header, and again the other way', async () => {
    const firstRow = () => rows().first().locator('[data-testid=row-open]').textContent();
    // Newest first by default.
    await expect.poll(firstRow).toBe('ＶＩＳＡ国内利用　VS サンプルカフェ');
    await page.click('[data-testid=sort-amount]');
    await expect.poll(firstRow).toBe('サンプル書店　東京都　千代田区');
    expect(await page.getAttribute('[role=columnheader]:has([data-testid=sort-amount])', 'aria-sort')).toBe('descending');
    await page.click('[data-testid=sort-amount]');
    await expect.poll(firstRow).toBe('前回分口座振替金額');
    expect(await page.getAttribute('[role=columnheader]:has([data-testid=sort-amount])', 'aria-sort')).toBe('ascending');
    await page.click('[data-testid=sort-description]');
    await expect.poll(firstRow).toBe('EXAMPLE CLOUD SERVICES');
    expect(await page.getAttribute('[role=columnheader]:has([data-testid=sort-amount])', 'aria-sort')).toBeNull();
  });

  it('applies a saved filter from its chip, picks a cardholder from a list, and asks before deleting a saved filter', async () => {
    await page.selectOption('[data-testid=filter-card]', { label: '楽天カード' });
    await expect.poll(count).toContain('4 件');
    await page.click('[data-testid=filter-save]');
    await page.fill('[data-testid=filter-save-name]', '楽天だけ');
    await page.press('[data-testid=filter-save-name]', 'Enter');
    await expect.poll(() => page.locator('[data-testid=saved-filter]').allTextContents()).toEqual(['楽天だけ×']);
    await page.click('[data-testid=filter-clear]');
    await expect.poll(count).toContain('9 件');
    // Clicking the chip applies the filter (it does not delete it).
    await page.click('[data-testid=saved-filter-apply]');
    await expect.poll(count).toContain('4 件');
    expect(await page.$eval('[data-testid=filter-card]', (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('楽天カード');
    expect(await page.getAttribute('[data-testid=saved-filter-apply]', 'aria-pressed')).toBe('true');
    expect(await page.locator('[data-testid=saved-filter]').count()).toBe(1);

    // Cardholders come as a list: of the chosen card, or every name with its cards.
    await page.click('[data-testid=filter-more]');
    await expect.poll(() => page.locator('[data-testid=filter-cardholder] option').allTextContents()).toEqual(['すべての利用者', '本人 (4)']);
    await page.click('[data-testid=filter-clear]');
    await expect.poll(() => page.locator('[data-testid=filter-cardholder] option').allTextContents()).toEqual([
      'すべての利用者',
      'HANAKO YAMADA — アメリカン・エキスプレス (1)',
      'TARO YAMADA — アメリカン・エキスプレス (4)',
      '本人 — 楽天カード (4)',
    ]);
    await page.selectOption('[data-testid=filter-cardholder]', 'HANAKO YAMADA');
    await expect.poll(count).toContain('1 件');
    await expect.poll(() => rows().allTextContents()).toEqual([expect.stringContaining('テストマート')]);

    // The × deletes, after asking: dismissed, the filter stays; accepted, it goes.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.click('[data-testid=saved-filter-delete]');
    await expect.poll(() => asked).toEqual(['保存した条件「楽天だけ」を削除しますか？']);
    expect(await page.locator('[data-testid=saved-filter]').count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=saved-filter-delete]');
    await expect.poll(() => page.locator('[data-testid=saved-filter]').count()).toBe(0);
  });

  it('asks before an empty bulk memo clears the memos of the selected rows', async () => {
    await row('サンプル書店').locator('[data-testid=row-select]').click();
    await row('テストマート').locator('[data-testid=row-select]').click();
    await page.fill('[data-testid=bulk-memo]', '家族で');
    await page.click('[data-testid=bulk-memo-apply]');
    await expect.poll(() => row('テストマート').locator('[data-col=memo]').textContent()).toBe('家族で');
    await expect.poll(() => row('サンプル書店').locator('[data-col=memo]').textContent()).toBe('家族で');
    // Empty: asked first; dismissed, nothing changes (the next edit shows the memos were kept).
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.click('[data-testid=bulk-memo-apply]');
    await expect.poll(() => asked).toEqual(['選択した 2 件のメモを消しますか？']);
    await page.fill('[data-testid=bulk-tag]', '確認');
    await page.press('[data-testid=bulk-tag]', 'Enter');
    await expect.poll(() => row('テストマート').locator('[data-col=tags]').textContent()).toBe('確認');
    expect(await row('テストマート').locator('[data-col=memo]').textContent()).toBe('家族で');
    // Accepted, the memos are cleared.
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=bulk-memo-apply]');
    await expect.poll(() => row('テストマート').locator('[data-col=memo]').textContent()).toBe('＋メモ');
    await expect.poll(() => row('サンプル書店').locator('[data-col=memo]').textContent()).toBe('＋メモ');
  });

  it('undo removes a rule learned from an edit, with what it changed; redo brings it back', async () => {
    // The offer names the merchant as the row reads (テストマート), not its folded key (テストマ-ト).
    await row('テストマート').locator('[data-testid=row-category]').selectOption({ label: '日用品' });
    await expect.poll(() => page.textContent('[data-testid=rule-suggestion]')).toContain('「テストマート」をいつも「日用品」にしますか？');
    await page.click('[data-testid=rule-suggestion-dismiss]');

    const cafe = rows().filter({ hasText: 'サンプルカフェ' });
    const cafeCategories = () => cafe.locator('[data-testid=row-category]').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent));
    await cafe.filter({ hasNot: page.locator('.kind-refund') }).locator('[data-testid=row-category]').selectOption({ label: '食費' });
    await page.waitForSelector('[data-testid=rule-suggestion]');
    await page.click('[data-testid=rule-suggestion-create]');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('ルールを作成し、1 件に適用しました');
    await expect.poll(cafeCategories).toEqual(['食費', '食費']);
    await page.click('[data-testid=tab-rules]');
    await expect.poll(() => page.locator('[data-testid=rule-name-text]').allTextContents()).toEqual(['サンプルカフェ → 食費']);

    // One undo: the rule and its change to the other row go; the hand edit stays.
    await page.click('[data-testid=tab-transactions]');
    await expect.poll(() => page.getAttribute('[data-testid=undo]', 'title')).toBe('元に戻す: ルール「サンプルカフェ → 食費」を作成して適用（1 件）（Ctrl+Z）');
    await page.click('[data-testid=undo]');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('元に戻しました: ルール「サンプルカフェ → 食費」を作成して適用（1 件）');
    await expect.poll(cafeCategories).toEqual(['食費', '（未分類）']);
    await page.click('[data-testid=tab-rules]');
    await page.waitForSelector('[data-testid=rules-empty]');
    expect(await page.locator('[data-testid=rule-row]').count()).toBe(0);

    await page.click('[data-testid=tab-transactions]');
    await page.click('[data-testid=redo]');
    await expect.poll(cafeCategories).toEqual(['食費', '食費']);
    await page.click('[data-testid=tab-rules]');
    await expect.poll(() => page.locator('[data-testid=rule-name-text]').allTextContents()).toEqual(['サンプルカフェ → 食費']);
    expect(await page.locator('[data-testid=rule-learned]').count()).toBe(1);
  });

  it('edits a memo from the keyboard: M, Enter saves, Escape cancels; C for the category; focus follows the detail panel', async () => {
    await page.focus('[data-testid=tx-scroll]');
    await page.keyboard.press('ArrowDown');
    const focusedRow = page.locator('.tx-row.focused');
    await expect.poll(() => focusedRow.locator('[data-col=description]').textContent()).toBe('サンプル書店　東京都　千代田区');
    const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

    await page.keyboard.press('m');
    await expect.poll(active).toBe('row-memo-input');
    await page.keyboard.type('打ち合わせ');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('サンプル書店').locator('[data-col=memo]').textContent()).toBe('打ち合わせ');
    expect(await active()).toBe('tx-scroll');

    // Escape leaves the memo as it was, and back in the table.
    await page.keyboard.press('m');
    await expect.poll(active).toBe('row-memo-input');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('やめる');
    await page.keyboard.press('Escape');
    await expect.poll(active).toBe('tx-scroll');
    expect(await row('サンプル書店').locator('[data-col=memo]').textContent()).toBe('打ち合わせ');
    // The last step is still the memo written with Enter: undoing it empties the memo (had Escape
    // saved "やめる", undo would bring back "打ち合わせ").
    await page.keyboard.press('Control+z');
    await expect.poll(() => row('サンプル書店').locator('[data-col=memo]').textContent()).toBe('＋メモ');

    // C: the focused row's category picker; Escape comes back to the table.
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=tx-row]')?.getAttribute('data-id') + ':' + document.activeElement?.getAttribute('data-testid'))).toBe(
      `${await focusedRow.getAttribute('data-id')}:row-category`,
    );
    await page.keyboard.press('Escape');
    await expect.poll(active).toBe('tx-scroll');

    // Enter opens the details with focus inside; Escape closes them and focus is back on the row.
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=detail-panel]');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid=detail-panel]'))).toBe(true);
    // Its files are described in the UI language.
    await expect.poll(() => page.locator('[data-testid=doc-kind]').allTextContents()).toEqual(['明細書']);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=detail-panel]').count()).toBe(0);
    expect(await active()).toBe('tx-scroll');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedRow.locator('[data-col=description]').textContent()).toBe('海外利用　１　EXAMPLE APP STORE');
    // The keys are written down.
    expect(await page.textContent('.keys-help')).toContain('M メモ / C カテゴリ');
  });

  it('labels undo and redo in Japanese, and in English after switching', async () => {
    await row('EXAMPLE CLOUD').locator('[data-testid=row-memo]').click();
    await page.fill('[data-testid=row-memo-input]', 'サーバー代');
    await page.press('[data-testid=row-memo-input]', 'Enter');
    await expect.poll(() => page.getAttribute('[data-testid=undo]', 'title')).toBe('元に戻す: 1 件のメモを編集（Ctrl+Z）');
    await page.click('[data-testid=undo]');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('元に戻しました: 1 件のメモを編集');
    expect(await page.textContent('[data-testid=notice]')).not.toMatch(/Edit|row/);
    await expect.poll(() => page.getAttribute('[data-testid=redo]', 'title')).toBe('やり直す: 1 件のメモを編集（Ctrl+Shift+Z）');
    await page.click('.lang-switch');
    // The history comes back from the core after the switch: poll for the English wording.
    await expect.poll(() => page.getAttribute('[data-testid=redo]', 'title')).toBe('Redo: Edit memo of 1 row (Ctrl+Shift+Z)');
    await page.click('[data-testid=redo]');
    await expect.poll(() => page.textContent('[data-testid=notice]')).toContain('Redone: Edit memo of 1 row');
  });

  it('previews a new rule live in its editor and runs every rule after a preview', async () => {
    await page.click('[data-testid=tab-rules]');
    await page.click('[data-testid=rule-new]');
    await page.fill('[data-testid=rule-name]', 'サンプル系');
    await page.fill('[data-testid=rule-text-value]', 'サンプル');
    await page.selectOption('[data-testid=rule-category]', { label: '娯楽' });
    // The preview follows the form as it is typed.
    await expect.poll(() => page.textContent('[data-testid=rule-preview-count]')).toContain('4 件の明細が変わります');
    await expect.poll(() => page.locator('[data-testid=rule-preview-table] [data-testid=rules-change-row]').count()).toBe(4);
    await page.fill('[data-testid=rule-text-value]', 'サンプルカフェ');
    await expect.poll(() => page.textContent('[data-testid=rule-preview-count]')).toContain('2 件の明細が変わります');
    await page.click('[data-testid=rule-save]');
    await page.waitForSelector('[data-testid=rule-offer]');
    await page.click('[data-testid=rule-offer-dismiss]');
    await expect.poll(() => page.locator('[data-testid=rule-name-text]').allTextContents()).toEqual(['サンプル系']);

    // Run all: a preview first, then the change.
    await page.click('[data-testid=rule-apply-all]');
    await expect.poll(() => page.textContent('[data-testid=rules-preview-count]')).toContain('2 件の明細が変わります');
    await page.click('[data-testid=rules-apply-confirm]');
    await expect.poll(() => page.textContent('[data-testid=rules-notice]')).toContain('2 件の明細を変更しました');
    await page.click('[data-testid=tab-transactions]');
    await page.selectOption('[data-testid=filter-category]', { label: '娯楽' });
    await expect.poll(count).toContain('2 件');
    await expect.poll(() => page.getAttribute('[data-testid=undo]', 'title')).toBe('元に戻す: すべてのルールを適用（2 件）（Ctrl+Z）');
  });

  it('adds a category in its tab and uses it in the table, in English too', async () => {
    await page.click('[data-testid=tab-categories]');
    await page.fill('[data-testid=cat-new-name]', 'ペット');
    await page.click('[data-testid=cat-add]');
    await expect.poll(() => page.locator('[data-testid=cat-row]').count()).toBe(19);
    await page.click('[data-testid=tab-transactions]');
    await row('テストマート').locator('[data-testid=row-category]').selectOption({ label: 'ペット' });
    await page.waitForSelector('[data-testid=rule-suggestion]');
    await page.click('[data-testid=rule-suggestion-dismiss]');
    await page.click('.lang-switch');
    await expect.poll(() => page.textContent('[data-testid=tab-categories]')).toBe('Categories & tags');
    await expect.poll(() => row('サンプル書店').locator('[data-testid=row-category] option').first().textContent()).toBe('(uncategorised)');
    // Category names come back from the core in the new language a moment after the switch.
    await expect.poll(() => row('サンプル書店').locator('[data-testid=row-category] option').allTextContents()).toContain('Food');
  });
});

/** Visible rows of the table (inside the scroll area's box): their aria-rowindex and text. */
function visibleRows(p: Page) {
  return p.evaluate(() => {
    const box = document.querySelector('[data-testid=tx-scroll]')!.getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=tx-row]')]
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
      })
      .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')) - 2, text: r.querySelector('[data-col=description]')?.textContent ?? '' }));
  });
}

describe('a ledger of 1,000,000 rows', () => {
  const ROWS = 1_000_000;
  let browser: Browser;
  let app: WebApp;
  let big: Page;
  beforeAll(async () => {
    // Built in SQL on the data folder before web mode starts (the importer is not what is tested).
    const dir = mkdtempSync(join(tmpdir(), 'meisai-e2e-big-'));
    const core = openCore({ dataDir: dir, settings: new MemorySettings(), mode: 'test', validateOutput: false });
    const { sqlite } = core.database;
    sqlite.pragma('synchronous = OFF');
    sqlite.exec("INSERT INTO cards (issuer, name) VALUES ('other', 'Big')");
    // Row i is dated so that, newest first, ROW 0999999 comes first and ROW 0000000 last.
    sqlite.exec(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${ROWS - 1})
      INSERT INTO transactions (card_id, date, description, merchant, amount, currency, kind, fingerprint)
      SELECT 1, date('2000-01-01', '+' || (i / 100) || ' days'), printf('ROW %07d', i), printf('ROW %07d', i), 100 + i % 5000, 'JPY', 'purchase', i FROM seq`);
    core.close();
    app = await startWebApp(dir);
    browser = await launchBrowser();
    big = await newPage(browser);
    await big.goto(app.url);
    await big.click('[data-section=transactions]');
    await big.waitForFunction(() => document.querySelector('[data-testid=tx-count]')?.textContent?.includes('1,000,000 件'), null, { timeout: 120_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('reaches the last row with End, comes back with Home, and pages with PageUp/PageDown', async () => {
    await expect.poll(async () => (await visibleRows(big))[0]?.text).toBe('ROW 0999999');
    await big.focus('[data-testid=tx-scroll]');
    await big.keyboard.press('End');
    await expect.poll(async () => (await visibleRows(big)).at(-1)).toEqual({ index: ROWS - 1, text: 'ROW 0000000' });
    expect(await big.getAttribute('.tx-row.focused', 'aria-rowindex')).toBe(String(ROWS + 1));
    // The scroll space stays inside what Chrome can lay out (about 33.5M px).
    expect(await big.$eval('[data-testid=tx-scroll]', (el) => el.scrollHeight)).toBeLessThan(33_000_000);
    await big.keyboard.press('PageUp');
    await expect.poll(() => big.getAttribute('.tx-row.focused', 'aria-rowindex')).toBe(String(ROWS + 1 - 15));
    await big.keyboard.press('PageDown');
    await expect.poll(async () => (await visibleRows(big)).at(-1)?.text).toBe('ROW 0000000');
    await big.keyboard.press('Home');
    await expect.poll(async () => (await visibleRows(big))[0]).toEqual({ index: 0, text: 'ROW 0999999' });
  });

  it('reaches the last row and the middle with the scrollbar', async () => {
    // Dragging the thumb to the bottom sets scrollTop to its maximum.
    await big.$eval('[data-testid=tx-scroll]', (el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await visibleRows(big)).at(-1)).toEqual({ index: ROWS - 1, text: 'ROW 0000000' });
    await big.$eval('[data-testid=tx-scroll]', (el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
    await expect.poll(async () => (await visibleRows(big))[0]?.index ?? -1).toBeGreaterThan(ROWS / 2 - 100);
    const rows = await visibleRows(big);
    expect(rows[0]!.index).toBeLessThan(ROWS / 2 + 100);
    // Each visible row shows its own data (row i is ROW 999999 − i).
    for (const r of rows) expect(r.text).toBe(`ROW ${String(ROWS - 1 - r.index).padStart(7, '0')}`);
    await big.$eval('[data-testid=tx-scroll]', (el) => (el.scrollTop = 0));
    await expect.poll(async () => (await visibleRows(big))[0]).toEqual({ index: 0, text: 'ROW 0999999' });
  });
});
