/** What every statement parser returns: plain data, no database, no files. */

export type TransactionKind = 'purchase' | 'refund' | 'payment' | 'fee' | 'other';

export interface ParsedRow {
  /** 1-based line in the file. */
  line: number;
  date: string;
  postedDate: string | null;
  description: string;
  /** Minor units of `currency`; charges positive, refunds and credits negative. */
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  fxRate: string | null;
  kind: TransactionKind;
  cardholder: { name: string; role: 'primary' | 'family' | 'etc' | 'unknown'; lastDigits: string | null } | null;
  paymentPlan: string | null;
  billedAmount: number | null;
}

export interface ImportProblem {
  line: number | null;
  message: string;
}

export interface CardHint {
  issuer: string;
  /** A name for a new card when none matches. */
  suggestedName: string;
  lastDigits: string | null;
  currency: string;
}

export interface ParsedStatement {
  format: string;
  rows: ParsedRow[];
  card: CardHint;
  /** Total printed by the statement itself, in minor units, when it has one. */
  statementTotal: number | null;
  /** Problems that stop the import (the file is rejected whole). */
  errors: ImportProblem[];
  /** Things the user should see that do not stop the import (e.g. a total that does not reconcile). */
  warnings: ImportProblem[];
}

export interface StatementFormat {
  id: string;
  /** Human name, e.g. `American Express (Japan)`. */
  label: string;
  /** Cheap check on the first records: does this file look like this format? */
  detect(records: readonly { line: number; cells: string[] }[]): boolean;
  parse(records: readonly { line: number; cells: string[] }[], options: ParseOptions): ParsedStatement;
}

export interface ParseOptions {
  /** Currency of the card when the file does not say (home currency by default). */
  defaultCurrency: string;
}
