/** What every statement parser returns: plain data, no database, no files. */

export type TransactionKind = 'purchase' | 'refund' | 'payment' | 'fee' | 'other';

export type CardholderRole = 'primary' | 'family' | 'etc' | 'unknown';

export interface ParsedCardholder {
  /** The name or label as printed (`TARO YAMADA`, `本人`, `家族`, `ETC`, `ヤマダ タロウ`). */
  name: string;
  role: CardholderRole;
  /** Card digits of this holder's card when printed (Amex `-12345` → `12345`). */
  lastDigits: string | null;
}

export interface ParsedRow {
  /** 1-based line in the file (the first line of the record). */
  line: number;
  /** Usage date (利用日), `YYYY-MM-DD`. */
  date: string;
  /** Posting / processing date when printed. */
  postedDate: string | null;
  /** Merchant text as printed, trimmed (including U+3000 padding). Never rewritten. */
  description: string;
  /** Card-currency minor units; charges positive, refunds and credits negative. */
  amount: number;
  /** ISO 4217 code of `amount` (the card's billing currency). */
  currency: string;
  /** Foreign use: amount in the original currency's minor units, its code, the issuer's rate as printed. */
  originalAmount: number | null;
  originalCurrency: string | null;
  fxRate: string | null;
  kind: TransactionKind;
  cardholder: ParsedCardholder | null;
  /** Instalment / revolving plan as printed (`3回払い`, `リボ`), null for one-time payment. */
  paymentPlan: string | null;
  /** Amount billed on this statement when it differs from `amount` (instalments, later months). */
  billedAmount: number | null;
  /** `unconfirmed` for not-yet-settled statements (Vpass 13-column, Rakuten shape A). */
  status: 'confirmed' | 'unconfirmed';
  /**
   * Issuer detail worth keeping that has no column of its own: raw foreign-currency text, the
   * card block or section a row sat in, memo text, network prefix, … Stored as JSON.
   */
  details: Record<string, string> | null;
}

export interface ImportProblem {
  line: number | null;
  message: string;
}

export interface CardHint {
  /** Format family / issuer id, e.g. `amex-jp`, `rakuten`, `smbc`. */
  issuer: string;
  /** A name for a new card when none matches, e.g. `楽天カード`. */
  suggestedName: string;
  /** Digits identifying the card (last 4 or 5), when the file or its name carries them. */
  lastDigits: string | null;
  /** Other digits seen in the file (family cards) that also identify this card account. */
  otherDigits?: string[];
  /** Billing currency of the card. */
  currency: string;
}

export interface StatementTotal {
  /** What the statement itself prints, in minor units. */
  printed: number;
  /** What the imported rows add up to by the same rule, in minor units. */
  computed: number;
  /** Where the total came from, e.g. `今回ご請求額 (line 3)` or `TOTAL footer (line 7)`. */
  label: string;
}

export interface ParsedStatement {
  format: string;
  rows: ParsedRow[];
  card: CardHint;
  /** The statement's own total and the rows' sum by the same rule, when the file prints one. */
  total: StatementTotal | null;
  /** Payment month (`YYYY-MM`) when the file or its name says. */
  statementMonth: string | null;
  /** Problems that stop the import (the file is rejected whole). */
  errors: ImportProblem[];
  /** Things the user should see that do not stop the import. */
  warnings: ImportProblem[];
}

export interface CsvRecordLike {
  line: number;
  cells: string[];
}

export interface StatementFormat {
  /** Stable id, e.g. `amex-jp`, `rakuten-enavi`, `smbc-vpass`. */
  id: string;
  /** Human name, e.g. `American Express (Japan)`. */
  label: string;
  /** Cheap check on the first records (at most 40): does this file look like this format? */
  detect(records: readonly CsvRecordLike[], fileName: string): boolean;
  parse(records: readonly CsvRecordLike[], options: ParseOptions): ParsedStatement;
  /**
   * Optional streaming form for formats that meet very large files: records arrive one by one
   * and rows leave through `emit`, so neither is ever held whole. When present, `parse` is
   * derived from it (see `formats/streaming.ts`).
   */
  stream?(records: Iterable<CsvRecordLike>, options: ParseOptions, emit: (row: ParsedRow) => void): StatementSummary;
}

/** A parsed statement without its rows (they went to `emit`). */
export type StatementSummary = Omit<ParsedStatement, 'rows'>;

export interface ParseOptions {
  /** Currency of the card when the file does not say (the home currency). */
  defaultCurrency: string;
  /** The file's base name; some issuers put the month and card digits there. */
  fileName: string;
}
