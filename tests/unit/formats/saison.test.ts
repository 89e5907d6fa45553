/**
 * Saison Netアンサー (doc §5): 3 key/value rows + blank line + 7-column header, cardholder sections,
 * 【小計】 / 【合計】 / zero-padded 今回ご請求額 checks, the SAISON_YYMM file name, bad input.
 */
import { describe, expect, it } from 'vitest';
import { saison } from '../../../src/core/import/formats/saison';
import { claimedSamples, detects, expectRejected, expectSameStatement, fixture, ok, parse, toLf, utf8 } from './support';

const HEADER = '利用日,ご利用店名及び商品名,本人・家族区分,支払区分名称,締前入金区分,利用金額,備考';
const preamble = (card: string, total: string): string[] => [`カード名称,${card}`, 'お支払日,2025/07/04', `今回ご請求額,${total}`, '', HEADER];

describe('Saison Netアンサー', () => {
  it('reads the sample the same with CRLF and with LF line endings', () => {
    const { original } = expectSameStatement(toLf(fixture('samples/saison_netanswer.csv')), fixture('samples/saison_netanswer.csv'));
    expect(original.statement.rows).toHaveLength(3);
    expect(original.statement.total).toEqual({ printed: 8430, computed: 8430, label: '今回ご請求額 (line 3)' });
  });

  it('reads a spreadsheet re-save (UTF-8 BOM, padded blank line, zero padding and date padding lost) to the same rows', () => {
    const { copy: resaved } = expectSameStatement(fixture('formats/saison/resaved-utf8-bom.csv'), fixture('samples/saison_netanswer.csv'));
    expect(resaved.encoding).toBe('utf-8');
    expect(resaved.statement.statementMonth).toBe('2025-07');
    expect(resaved.statement.card.suggestedName).toBe('セゾンカードインターナショナル');
  });

  it('warns about a 【小計】 and a 【合計】 that do not match their rows; the total check compares 今回ご請求額', () => {
    const text = [
      ...preamble('セゾンカードインターナショナル', '003000'),
      ',ご利用者名:ヤマダ タロウ     様,,,,,',
      '2025/05/12,サンプル食堂,,1回払い,,1000,',
      ',【小計】,,,,1200,',
      ',ご利用者名：ヤマダ ハナコ　様,1,,,,',
      '2025/05/22,サンプル衣料,1,1回,,2000,',
      ',【小計】,,,,2000,',
      ',【合計】,,,,3500,',
    ].join('\r\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.rows.map((r) => [r.line, r.amount, r.paymentPlan, r.cardholder])).toEqual([
      [7, 1000, null, { name: 'ヤマダ タロウ', role: 'primary', lastDigits: null }],
      [10, 2000, null, { name: 'ヤマダ ハナコ', role: 'family', lastDigits: null }],
    ]);
    expect(st.total).toEqual({ printed: 3000, computed: 3000, label: '今回ご請求額 (line 3)' });
    expect(st.warnings).toEqual([
      { line: 8, message: '【小計】 for ヤマダ タロウ (line 8) is ¥1,200, but that cardholder\'s rows add up to ¥1,000' },
      { line: 12, message: '【合計】 (line 12) is ¥3,500, but the rows add up to ¥3,000' },
    ]);
  });

  it('warns (through the import) when 今回ご請求額 does not match the rows', () => {
    const text = [...preamble('セゾンカード', '0000009999'), ',ご利用者名:ヤマダ タロウ     様,,,,,', '2025/05/12,サンプル食堂,,1回,,3200,', ',【小計】,,,,3200,', ',【合計】,,,,3200,'].join('\r\n');
    const st = ok(parse(utf8(text))).statement;
    expect(st.total).toEqual({ printed: 9999, computed: 3200, label: '今回ご請求額 (line 3)' });
    expect(st.warnings.map((w) => w.message)).toEqual(["the statement's total (今回ご請求額 (line 3)) is ¥9,999, but the imported rows add up to ¥3,200"]);
  });

  it('uses 【合計】 as the total without a preamble, the card name of other Saison-issued cards, memos and refunds', () => {
    const idemitsu = [
      'カード名称,出光カードまいどプラス',
      '',
      HEADER,
      ',ご利用者名:ヤマダ タロウ     様,,,,,',
      '2025/05/12,サンプル石油,,1回,,5000,ポイント対象外',
      '2025/05/13,サンプル石油,,1回,,-500,',
      ',【小計】,,,,4500,',
      ',【合計】,,,,4500,',
    ].join('\n');
    const st = ok(parse(utf8(idemitsu), 'SAISON_2607.csv')).statement;
    expect(st.card).toEqual({ issuer: 'saison', suggestedName: '出光カードまいどプラス', lastDigits: null, currency: 'JPY' });
    expect(st.total).toEqual({ printed: 4500, computed: 4500, label: '【合計】 (line 8)' });
    // No お支払日 in the preamble: the SAISON_YYMM file name gives the payment month.
    expect(st.statementMonth).toBe('2026-07');
    expect(st.rows.map((r) => [r.amount, r.kind, r.details])).toEqual([
      [5000, 'purchase', { memo: 'ポイント対象外' }],
      [-500, 'refund', null],
    ]);
  });

  it('rejects a bad date and a truncated row, naming their lines, with no rows', () => {
    const text = [...preamble('セゾンカード', '3200'), ',ご利用者名:ヤマダ タロウ     様,,,,,', '2025/5/32,サンプル食堂,,1回,,3200,', '2025/05/20,テストドラッグ', ',【小計】,,,,3200,'].join('\r\n');
    expectRejected(saison, text, [
      { line: 7, message: 'date: not a date: "2025/5/32"' },
      { line: 8, message: 'the row has 2 fields but the header has 7 (truncated line?)' },
    ]);
  });

  it('rejects a bad amount and a file with sections but no rows', () => {
    const bad = [...preamble('セゾンカード', '3200'), '2025/05/12,サンプル食堂,,1回,,3千200,'].join('\r\n');
    expectRejected(saison, bad, [{ line: 6, message: '利用金額: not an amount: "3千200"' }]);
    const empty = [...preamble('セゾンカード', '0'), ',ご利用者名:ヤマダ タロウ     様,,,,,', ',【小計】,,,,0,', ',【合計】,,,,0,'].join('\r\n');
    expectRejected(saison, empty, [{ line: 5, message: 'the file has a Saison header but no transaction rows' }]);
  });

  it('claims its own sample only, not other issuers’ files or a plain CSV', () => {
    expect(claimedSamples(saison)).toEqual(['saison_netanswer.csv']);
    expect(detects(saison, '利用日,利用店名,利用金額\n2025/06/01,店,100')).toBe(false);
  });
});
