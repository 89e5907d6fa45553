/**
 * The import writes rows in multi-row INSERTs, plain rows (no foreign amount, plan, details, display
 * name or memo) through a statement that binds fewer columns and leaves the rest to their defaults
 * (imports.ts PLAIN_COLUMNS). Whatever statement wrote a row, it must read back the same: here rows
 * of one shape written by each statement are compared column by column.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, testCore } from '../helpers';
import { encodeCp932 } from '../support/cp932';

const cores: ReturnType<typeof testCore>[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.cleanup()));

const HEADER = 'ご利用日,データ処理日,ご利用内容,カード会員様名,会員番号 #,金額,海外通貨利用金額,換算レート\r\n';
const plain = (i: number) => `2025/04/${String((i % 28) + 1).padStart(2, '0')},2025/04/29,ローソン\u3000新宿店,${i % 3 ? 'TARO YAMADA,-12345' : 'HANAKO YAMADA,-54321'},${100 + i},,\r\n`;
const foreign = '2025/04/10,2025/04/29,EXAMPLE HOTEL LONDON,TARO YAMADA,-12345,"15,234",80.00 GBP,190.42\r\n';

type Row = Record<string, unknown>;

describe('rows written by each insert statement', () => {
  it('read back the same: plain batches, mixed batches and single inserts', async () => {
    const core = testCore();
    cores.push(core);
    // Rows 1-25: a plain batch. Rows 26-50: a batch holding a foreign row (all columns bound).
    // Rows 51-60: fewer than a batch, written one by one.
    let lines = HEADER;
    for (let i = 0; i < 60; i++) lines += i === 30 ? foreign : plain(i);
    await call(core, 'rules.save', { name: 'note', conditions: { text: { field: 'merchant', op: 'contains', value: 'HOTEL' } }, actions: { memo: 'trip' } });
    const res = await call(core, 'import.commit', { files: [{ name: 'amex.csv', data: encodeCp932(lines) }] });
    expect(res.files[0]).toMatchObject({ status: 'imported', inserted: 60 });
    const rows = core.database.sqlite.prepare('SELECT * FROM transactions ORDER BY source_line').all() as Row[];
    // What differs from row to row by design; everything else must match between statements.
    const shape = (r: Row) => {
      const { id, date, amount, fingerprint, source_line, created_at, ...rest } = r;
      void [id, date, amount, fingerprint, source_line, created_at];
      return rest;
    };
    const byLine = (line: number) => rows.find((r) => r.source_line === line)!;
    // Lines are 1-based and the header is line 1: row i is on line i + 2.
    const batchedPlain = byLine(2 + 1);
    const inMixedBatch = byLine(2 + 31);
    const single = byLine(2 + 55);
    expect(shape(batchedPlain)).toEqual(shape(single));
    expect(shape(inMixedBatch)).toEqual(shape(single));
    expect(batchedPlain).toMatchObject({ status: 'confirmed', original_amount: null, original_currency: null, fx_rate: null, payment_plan: null, billed_amount: null, details: null, display_name: null, memo: null, category_manual: 0 });
    expect(typeof batchedPlain.created_at).toBe('string');
    expect(batchedPlain.search_id).not.toBeNull();
    // The foreign row in the mixed batch kept its own columns.
    expect(byLine(2 + 30)).toMatchObject({ original_amount: 8000, original_currency: 'GBP', fx_rate: '190.42', memo: 'trip' });
    // Family-card rows (every third) and the rest reached the same cardholders by either statement.
    expect(byLine(2 + 3).cardholder_id).toBe(byLine(2 + 57).cardholder_id);
    expect(byLine(2 + 3).cardholder_id).not.toBe(byLine(2 + 1).cardholder_id);
  });
});
