/**
 * A plain CSV with a header row naming at least a date, a description and an amount column, in
 * Japanese or English. Issuer formats are tried first; this is the fallback for simple exports.
 */
import { inferDayMonthOrder, parseDate } from '../dates';
import { isCurrencyCode, parseAmount } from '../money';
import { cleanDescription } from '../merchant';
import { isBlankRecord, type CsvRecord } from './csv';
import type { ImportProblem, ParsedRow, ParsedStatement, StatementFormat, TransactionKind } from './types';

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s_#]+/g, ' ');

const COLUMN_NAMES = {
  date: ['date', 'transaction date', 'trans date', '日付', '利用日', 'ご利用日', '取引日', 'ご利用年月日', '利用年月日'],
  postedDate: ['posted date', 'post date', 'posting date', '処理日', 'データ処理日', '計上日'],
  description: ['description', 'merchant', 'payee', 'name', '内容', '摘要', '利用店名', 'ご利用店名', 'ご利用内容', '利用内容', '店名', '利用店名・商品名'],
  amount: ['amount', '金額', '利用金額', 'ご利用金額', '支払金額'],
  currency: ['currency', '通貨'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

function findColumns(cells: readonly string[]): Partial<Record<Column, number>> | null {
  const found: Partial<Record<Column, number>> = {};
  cells.forEach((cell, i) => {
    const n = norm(cell);
    for (const key of Object.keys(COLUMN_NAMES) as Column[]) {
      if (found[key] === undefined && (COLUMN_NAMES[key] as readonly string[]).includes(n)) {
        found[key] = i;
        break;
      }
    }
  });
  if (found.date === undefined || found.description === undefined || found.amount === undefined) return null;
  return found;
}

const PAYMENT_WORDS = /口座振替|お支払い?ありがとう|payment.*thank|autopay|^payment$/i;

function classify(description: string, amount: number): TransactionKind {
  if (PAYMENT_WORDS.test(description.normalize('NFKC'))) return 'payment';
  return amount < 0 ? 'refund' : 'purchase';
}

export const genericCsv: StatementFormat = {
  id: 'generic-csv',
  label: 'CSV (date, description, amount)',
  detect(records) {
    return records.slice(0, 30).some((r) => findColumns(r.cells) !== null);
  },
  parse(records: readonly CsvRecord[], options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const headerIndex = records.slice(0, 30).findIndex((r) => findColumns(r.cells) !== null);
    const header = records[headerIndex];
    const cols = header ? findColumns(header.cells) : null;
    const card = { issuer: 'other', suggestedName: 'Card', lastDigits: null, currency: options.defaultCurrency };
    if (!header || !cols) {
      return { format: 'generic-csv', rows: [], card, statementTotal: null, errors: [{ line: null, message: 'no header row with date, description and amount columns' }], warnings: [] };
    }
    const body = records.slice(headerIndex + 1).filter((r) => !isBlankRecord(r.cells));
    const order = inferDayMonthOrder(body.map((r) => r.cells[cols.date!] ?? '')) ?? 'mdy';
    const rows: ParsedRow[] = [];
    for (const r of body) {
      const cell = (c: Column) => (cols[c] === undefined ? '' : (r.cells[cols[c]!] ?? ''));
      if (r.cells.length < header.cells.length && r.cells.length <= Math.max(cols.date!, cols.description!, cols.amount!)) {
        errors.push({ line: r.line, message: `the row has ${r.cells.length} fields but the header has ${header.cells.length} (truncated line?)` });
        continue;
      }
      const date = parseDate(cell('date'), order);
      if (!date) {
        errors.push({ line: r.line, message: `not a date: "${cell('date').slice(0, 40)}"` });
        continue;
      }
      const rowCurrency = cell('currency').trim().toUpperCase();
      const currency = rowCurrency && isCurrencyCode(rowCurrency) ? rowCurrency : options.defaultCurrency;
      const amount = parseAmount(cell('amount'), currency);
      if (!amount.ok) {
        errors.push({ line: r.line, message: amount.reason });
        continue;
      }
      const description = cleanDescription(cell('description'));
      if (!description) {
        errors.push({ line: r.line, message: 'the description is empty' });
        continue;
      }
      const posted = cell('postedDate') ? parseDate(cell('postedDate'), order) : null;
      rows.push({
        line: r.line,
        date,
        postedDate: posted,
        description,
        amount: amount.minor,
        currency,
        originalAmount: null,
        originalCurrency: null,
        fxRate: null,
        kind: classify(description, amount.minor),
        cardholder: null,
        paymentPlan: null,
        billedAmount: null,
      });
    }
    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a header but no rows' });
    return { format: 'generic-csv', rows, card, statementTotal: null, errors, warnings: [] };
  },
};
