/**
 * What Japanese issuers print around the transaction rows: key/value rows above the header
 * (`お支払日,2025/07/04`, `今回ご請求額,0000008430`), and totals and subtotals to check the rows
 * against. Pure.
 */
import { parseDate } from '../../dates';
import { formatMoney } from '../../money';
import type { CsvRecordLike, ImportProblem, StatementTotal } from '../types';
import { amountCell, norm, type Frame } from './common';

export interface PreambleRow {
  line: number;
  /** The label after `norm`. */
  label: string;
  /** The cell after the label, as printed. */
  value: string;
}

/**
 * The key/value rows above the header (at `headerIndex`), in file order. Most issuers put the
 * label in the first cell; MyJCB indents it with empty cells (`"","","今回のお支払日","2025/07/10"`),
 * so with `indented` the label is the first non-empty cell. Rows without a label are passed over.
 */
export function* preambleRows(records: readonly CsvRecordLike[], headerIndex: number, indented = false): Generator<PreambleRow> {
  for (let i = 0; i < headerIndex; i++) {
    const { line, cells } = records[i]!;
    const at = indented ? cells.findIndex((c) => c.trim() !== '') : 0;
    if (at === -1) continue;
    const label = norm(cells[at]);
    if (label !== '') yield { line, label, value: cells[at + 1] ?? '' };
  }
}

/**
 * The preamble most issuers print: the statement total under the label `total` and the payment
 * date under `paymentDate`, which sets the statement month. Rows with other labels go to `other`.
 * Returns the printed total (null when absent or unreadable: an unreadable one is a warning).
 */
export function readPreamble(records: readonly CsvRecordLike[], f: Frame, labels: { total: string; paymentDate: string }, other?: (row: PreambleRow) => void): Printed | null {
  const { result } = f;
  let total: Printed | null = null;
  for (const row of preambleRows(records, f.index)) {
    if (row.label === labels.total) total = printedAmount(row.value, result.card.currency, row.line, row.label, result.warnings) ?? total;
    else if (row.label === labels.paymentDate) result.statementMonth = paymentMonth(row.value) ?? result.statementMonth;
    else other?.(row);
  }
  return total;
}

/**
 * The statement (payment) month from a printed payment date (お支払日 `2025年7月27日`, 当月お支払日
 * `2025/7/27`), or null when it cannot be read: a payment month is a hint, never a reason to refuse.
 */
export function paymentMonth(raw: string): string | null {
  return parseDate(raw)?.slice(0, 7) ?? null;
}

/** A total or subtotal as printed, and where. */
export interface Printed {
  value: number;
  line: number;
}

/**
 * A printed total or subtotal (`what` names it in the message). An unreadable one is a warning,
 * not an error: the rows can still be imported, just not checked against it.
 */
export function printedAmount(raw: string, currency: string, line: number, what: string, warnings: ImportProblem[]): Printed | null {
  const a = amountCell(raw, currency, line, what);
  if (a.ok) return { value: a.value, line };
  warnings.push(a.problem);
  return null;
}

/**
 * The statement's printed total (`label`: what the file calls it) against what the rows add up
 * to by the same rule; the import pipeline warns when they differ.
 */
export function statementTotal(label: string, printed: Printed | null, computed: number): StatementTotal | null {
  return printed ? { printed: printed.value, computed, label: `${label} (line ${printed.line})` } : null;
}

/**
 * A printed subtotal the rows do not add up to, as a warning (the pipeline compares only the
 * statement total). `rows` says which rows were summed: `the 海外 rows`, `that cardholder's rows`.
 */
export function checkSubtotal(warnings: ImportProblem[], label: string, printed: Printed, computed: number, rows: string, currency: string): void {
  if (printed.value === computed) return;
  const money = (minor: number): string => formatMoney(minor, currency, 'en');
  warnings.push({ line: printed.line, message: `${label} (line ${printed.line}) is ${money(printed.value)}, but ${rows} add up to ${money(computed)}` });
}
