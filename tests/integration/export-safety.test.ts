/**
 * Every CSV Meisai writes — a month's transactions, its summary, and the CSV inside the month's
 * bundle for an accountant — neutralises cells a spreadsheet would run (including the full-width
 * forms Japanese Excel accepts), while amounts stay numbers, refunds' negative ones too.
 */
import Papa from 'papaparse';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, testCore, utf8 } from '../helpers';

let core: ReturnType<typeof testCore>;
beforeEach(() => {
  core = testCore();
});
afterEach(() => core.cleanup());

const TRIGGER = /^[=+\-@\t\r\n＝＋－＠]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function parse(bytes: Uint8Array): Record<string, string>[] {
  const text = new TextDecoder().decode(bytes);
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** Text cells never start a formula (unless written as text with the apostrophe); number cells are plain numbers. */
function expectSafe(rows: Record<string, string>[], numberColumns: string[]) {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const [column, cell] of Object.entries(row)) {
      if (numberColumns.includes(column)) expect(cell === '' || NUMBER.test(cell), `${column}: ${cell}`).toBe(true);
      else expect(TRIGGER.test(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
    }
  }
}

async function importHostile() {
  const rows = [
    '2025-06-01,"=HYPERLINK(""http://evil.example"",""x"")",100',
    '2025-06-02,-1200,500',
    '2025-06-03,REFUND,-1200',
    '2025-06-04,＋cmd|calc,300',
    '2025-06-05,＠SUM(A1),50',
    '2025-06-06,＝1+1,60',
    '2025-06-07,"@cmd",70',
  ];
  const res = await call(core, 'import.commit', { files: [{ name: 'june.csv', data: utf8(`date,description,amount\r\n${rows.join('\r\n')}\r\n`) }], card: '-Card' });
  expect(res.files[0]).toMatchObject({ status: 'imported', inserted: rows.length });
  const category = await call(core, 'categories.save', { name: '=EVIL()', color: '#888888' });
  const list = (await call(core, 'transactions.list', { sort: 'date', order: 'asc' })).rows;
  await call(core, 'transactions.update', { ids: list.map((r) => r.id), set: { categoryId: category.id, memo: '+memo', addTags: ['@tag'] } });
}

describe('CSV exports', () => {
  it("a month's transactions: every text cell neutralised, amounts numbers (a refund's -1200 too)", async () => {
    await importHostile();
    const rows = parse((await call(core, 'export.month', { month: '2025-06' })).data);
    expectSafe(rows, ['amount', 'original_amount', 'fx_rate']);
    expect(rows.find((r) => r.description === 'REFUND')!.amount).toBe('-1200');
    expect(rows.map((r) => r.description)).toContain("'-1200");
    expect(rows.map((r) => r.description)).toContain("'＠SUM(A1)");
    expect(rows[0]).toMatchObject({ card: "'-Card", category: "'=EVIL()", memo: "'+memo", tags: "'@tag" });
  });

  it("a month's summary: category, card and merchant names neutralised, amounts and counts numbers", async () => {
    await importHostile();
    const rows = parse((await call(core, 'export.month', { month: '2025-06', what: 'summary' })).data);
    expectSafe(rows, ['amount', 'count', 'previous_month', 'budget']);
    expect(rows.find((r) => r.section === 'category')).toMatchObject({ name: "'=EVIL()" });
    expect(rows.find((r) => r.section === 'card')).toMatchObject({ name: "'-Card" });
    expect(rows.filter((r) => r.section === 'merchant').map((r) => r.name)).toContain("'＋cmd|calc");
  });

  it("the CSV inside a month's bundle", async () => {
    await importHostile();
    const bundle = await call(core, 'files.bundle', { month: '2025-06' });
    const files = unzipSync(bundle.data);
    const csv = files['2025-06/transactions-2025-06.csv'];
    expect(csv).toBeDefined();
    const rows = parse(csv!);
    expectSafe(rows, ['amount', 'original_amount', 'fx_rate']);
    expect(rows.find((r) => r.description === 'REFUND')!.amount).toBe('-1200');
    expect(rows.map((r) => r.description)).toContain("'＝1+1");
  });
});
