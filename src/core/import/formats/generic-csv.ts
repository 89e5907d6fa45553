/**
 * A plain CSV with a header row naming at least a date, a description and an amount column, in
 * Japanese or English, and optionally the original amount, original currency and rate of foreign
 * use. Issuer formats are tried first; this is the fallback for simple exports.
 */
import { inferDayMonthOrder, parseDate } from '../../dates';
import { isCurrencyCode } from '../../money';
import type { ImportProblem, ParsedRow, ParsedStatement, StatementFormat } from '../types';
import { amountCell, cell, foreignFromColumns, isBlank, makeRow, norm } from './common';

const COLUMN_NAMES = {
  date: ['date', 'transaction date', 'trans date', '日付', '利用日', 'ご利用日', '取引日', 'ご利用年月日', '利用年月日'],
  postedDate: ['posted date', 'post date', 'posting date', '処理日', 'データ処理日', '計上日'],
  description: ['description', 'merchant', 'payee', 'name', '内容', '摘要', '利用店名', 'ご利用店名', 'ご利用内容', '利用内容', '店名', '利用店名・商品名'],
  amount: ['amount', '金額', '利用金額', 'ご利用金額', '支払金額'],
  currency: ['currency', '通貨'],
  // Foreign use, in columns of their own (the original may carry its code: `20.00 USD`).
  originalAmount: ['original amount', 'foreign amount', 'local amount', 'amount in original currency', 'foreign currency amount', '現地通貨額', '現地利用額', '現地金額', '外貨金額', '外貨額', '海外通貨利用金額'],
  originalCurrency: ['original currency', 'foreign currency', 'local currency', '現地通貨', '通貨略称', '外貨通貨', '外貨'],
  fxRate: ['exchange rate', 'fx rate', 'conversion rate', 'rate', '換算レート', '為替レート', '変換レート', 'レート'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

function findColumns(cells: readonly string[]): Partial<Record<Column, number>> | null {
  const found: Partial<Record<Column, number>> = {};
  cells.forEach((c, i) => {
    const n = norm(c).toLowerCase().replace(/[_#]+/g, ' ').trim();
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

export const genericCsv: StatementFormat = {
  id: 'generic-csv',
  label: 'CSV (date, description, amount)',
  detect(records) {
    return records.slice(0, 30).some((r) => findColumns(r.cells) !== null);
  },
  parse(records, options): ParsedStatement {
    const errors: ImportProblem[] = [];
    const headerIndex = records.slice(0, 30).findIndex((r) => findColumns(r.cells) !== null);
    const header = records[headerIndex];
    const cols = header ? findColumns(header.cells) : null;
    const card = { issuer: 'other', suggestedName: 'Card', lastDigits: null, currency: options.defaultCurrency };
    const base = { format: 'generic-csv', card, total: null, statementMonth: null, warnings: [] };
    if (!header || !cols) return { ...base, rows: [], errors: [{ line: null, message: 'no header row with date, description and amount columns' }] };
    const body = records.slice(headerIndex + 1).filter((r) => !isBlank(r.cells));
    const order = inferDayMonthOrder(body.map((r) => cell(r.cells, cols.date!))) ?? 'mdy';
    const rows: ParsedRow[] = [];
    const get = (cells: readonly string[], c: Column) => cell(cells, cols[c] ?? -1);
    for (const r of body) {
      if (r.cells.length <= Math.max(cols.date!, cols.description!, cols.amount!)) {
        errors.push({ line: r.line, message: `the row has ${r.cells.length} fields but the header has ${header.cells.length} (truncated line?)` });
        continue;
      }
      const date = parseDate(get(r.cells, 'date'), order);
      if (!date) {
        errors.push({ line: r.line, message: `not a date: "${get(r.cells, 'date').slice(0, 40)}"` });
        continue;
      }
      const rowCurrency = norm(get(r.cells, 'currency')).toUpperCase();
      const currency = rowCurrency && isCurrencyCode(rowCurrency) ? rowCurrency : options.defaultCurrency;
      const amount = amountCell(get(r.cells, 'amount'), currency, r.line);
      if (!amount.ok) {
        errors.push({ line: r.line, message: amount.problem.message.replace(/^amount: /, '') });
        continue;
      }
      const description = get(r.cells, 'description');
      if (!description.trim() && !norm(description)) {
        errors.push({ line: r.line, message: 'the description is empty' });
        continue;
      }
      const posted = get(r.cells, 'postedDate') ? parseDate(get(r.cells, 'postedDate'), order) : null;
      const foreign = foreignFromColumns({ amount: get(r.cells, 'originalAmount'), currency: get(r.cells, 'originalCurrency'), rate: get(r.cells, 'fxRate') }, { amount: amount.value, currency }, r.line);
      if (!foreign.ok) {
        errors.push(foreign.problem);
        continue;
      }
      rows.push(makeRow({ line: r.line, date, postedDate: posted, description, amount: amount.value, currency, ...foreign.value }));
    }
    if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line, message: 'the file has a header but no rows' });
    return { ...base, rows, errors };
  },
};
