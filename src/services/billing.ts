/**
 * The billing month (請求月) of a row in SQL, in one place: the review's totals, its bills and the
 * transaction filter (`billingMonth`) all read it from here, so a click on a billing-month figure
 * lists exactly the rows it adds up. Same rule as core/review.ts `billingMonthOf` (a test compares them).
 */
import { monthRange } from '../core/dates';
import { shiftMonth } from '../core/review';

/**
 * The billing month of `transactions t` (sub-selects only, no joins): the payment month of the
 * statement the row came from when the file said so, else from the card's closing day and payment
 * month offset, else the usage month.
 */
export const BILLING_MONTH = `COALESCE((SELECT bi.statement_month FROM imports bi WHERE bi.id = t.import_id),
  (SELECT CASE WHEN bc.closing_day IS NULL THEN substr(t.date, 1, 7)
    ELSE strftime('%Y-%m', t.date, 'start of month', '+' || ((CAST(substr(t.date, 9, 2) AS INTEGER) > bc.closing_day) + bc.payment_month_offset) || ' months') END
   FROM cards bc WHERE bc.id = t.card_id))`;

/** Largest payment month offset (contract: cards.update) plus the month after closing. */
const MAX_MONTHS_BEFORE = 4;

/**
 * Rows of `transactions t` billed in `month`, as a condition with positional parameters. By the
 * card's cycle a bill holds usage from at most four months before; a statement's own payment month
 * may hold anything (late postings), so those rows are found through their import, whatever their date.
 */
export function billingMonthWhere(month: string): { sql: string; params: string[] } {
  return {
    sql: `((t.date BETWEEN ? AND ? OR t.import_id IN (SELECT id FROM imports WHERE statement_month = ?)) AND ${BILLING_MONTH} = ?)`,
    params: [monthRange(shiftMonth(month, -MAX_MONTHS_BEFORE)).from, monthRange(month).to, month, month],
  };
}
