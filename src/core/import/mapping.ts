/**
 * "Any other CSV": the user maps columns once; the mapping is saved as a named profile and
 * recognised by the file's header next time. Pure: records + mapping in, a statement out.
 */
import { parseDate, type DateOrder } from '../dates';
import { isCurrencyCode, parseAmount } from '../money';
import { cell, foreignFromColumns, isBlank, makeRow, norm } from './formats/common';
import type { CsvRecordLike, ImportProblem, ParsedRow, ParsedStatement } from './types';

export interface CsvMapping {
  /** 1-based line of the header row; 0 when the file has none (data starts at `firstDataLine`). */
  headerLine: number;
  columns: {
    date: number;
    description: number;
    /** One signed amount column … */
    amount?: number | null;
    /** … or separate money-out / money-in columns. */
    debit?: number | null;
    credit?: number | null;
    postedDate?: number | null;
    currency?: number | null;
    memo?: number | null;
    /** Foreign use: the amount in the currency paid (may carry its code: `20.00 USD`), that currency, the rate. */
    originalAmount?: number | null;
    originalCurrency?: number | null;
    fxRate?: number | null;
  };
  dateOrder: DateOrder;
  /** How the file signs a purchase: positive (most Japanese issuers) or negative (bank-style). */
  chargesAre: 'positive' | 'negative';
  /** Billing currency when no currency column is mapped. */
  currency: string;
}

export interface CsvProfile {
  id: number;
  name: string;
  headerSignature: string;
  mapping: CsvMapping;
}

/** How a header row is recognised: its normalised cells, joined. */
export function headerSignature(cells: readonly string[]): string {
  return cells.map((c) => norm(c).toLowerCase()).join('\u001f');
}

/** The saved profile whose header appears within the first records, if any. */
export function findProfile(records: readonly CsvRecordLike[], profiles: readonly CsvProfile[]): CsvProfile | null {
  if (profiles.length === 0) return null;
  const bySignature = new Map(profiles.map((p) => [p.headerSignature, p]));
  for (const r of records.slice(0, 40)) {
    const p = bySignature.get(headerSignature(r.cells));
    if (p) return { ...p, mapping: { ...p.mapping, headerLine: r.line } };
  }
  return null;
}

export function validateMapping(m: CsvMapping): string | null {
  if (m.columns.amount == null && m.columns.debit == null && m.columns.credit == null) return 'choose an amount column (or money-out / money-in columns)';
  if (!isCurrencyCode(m.currency)) return `unknown currency ${m.currency}`;
  return null;
}

export function parseWithMapping(records: readonly CsvRecordLike[], mapping: CsvMapping, options: { formatId: string; issuer: string; cardName: string }): ParsedStatement {
  const errors: ImportProblem[] = [];
  const rows: ParsedRow[] = [];
  const invalid = validateMapping(mapping);
  const base = {
    format: options.formatId,
    card: { issuer: options.issuer, suggestedName: options.cardName, lastDigits: null, currency: mapping.currency },
    total: null,
    statementMonth: null,
    warnings: [],
  };
  if (invalid) return { ...base, rows, errors: [{ line: null, message: invalid }] };
  const c = mapping.columns;
  const needed = Math.max(c.date, c.description, c.amount ?? -1, c.debit ?? -1, c.credit ?? -1);
  for (const r of records) {
    if (r.line <= mapping.headerLine || isBlank(r.cells)) continue;
    if (r.cells.length <= needed) {
      errors.push({ line: r.line, message: `the row has ${r.cells.length} fields; the mapping needs ${needed + 1}` });
      continue;
    }
    const date = parseDate(cell(r.cells, c.date), mapping.dateOrder);
    if (!date) {
      errors.push({ line: r.line, message: `not a date: "${cell(r.cells, c.date).trim().slice(0, 40)}"` });
      continue;
    }
    const rowCurrency = c.currency != null ? norm(cell(r.cells, c.currency)).toUpperCase() : '';
    const currency = rowCurrency && isCurrencyCode(rowCurrency) ? rowCurrency : mapping.currency;
    let amount: number;
    if (c.amount != null) {
      const a = parseAmount(cell(r.cells, c.amount), currency);
      if (!a.ok) {
        errors.push({ line: r.line, message: a.reason });
        continue;
      }
      amount = mapping.chargesAre === 'negative' ? -a.minor : a.minor;
    } else {
      // Money out is a charge, money in a credit, whatever sign each column prints.
      const out = norm(cell(r.cells, c.debit ?? -1));
      const inn = norm(cell(r.cells, c.credit ?? -1));
      const o = out ? parseAmount(out, currency) : { ok: true as const, minor: 0 };
      const i = inn ? parseAmount(inn, currency) : { ok: true as const, minor: 0 };
      if (!o.ok || !i.ok) {
        errors.push({ line: r.line, message: (!o.ok ? o.reason : '') || (!i.ok ? i.reason : '') });
        continue;
      }
      amount = Math.abs(o.minor) - Math.abs(i.minor);
    }
    const description = cell(r.cells, c.description);
    if (!norm(description)) {
      errors.push({ line: r.line, message: 'the description is empty' });
      continue;
    }
    const posted = c.postedDate != null ? parseDate(cell(r.cells, c.postedDate), mapping.dateOrder) : null;
    const memo = c.memo != null ? norm(cell(r.cells, c.memo)) : '';
    const foreign = foreignFromColumns(
      { amount: cell(r.cells, c.originalAmount ?? -1), currency: cell(r.cells, c.originalCurrency ?? -1), rate: cell(r.cells, c.fxRate ?? -1) },
      { amount, currency },
      r.line,
    );
    if (!foreign.ok) {
      errors.push(foreign.problem);
      continue;
    }
    rows.push(makeRow({ line: r.line, date, postedDate: posted, description, amount, currency, details: memo ? { memo } : null, ...foreign.value }));
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: mapping.headerLine || null, message: 'no rows to import with this mapping' });
  return { ...base, rows, errors };
}
