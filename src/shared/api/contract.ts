/**
 * The one typed door between the UI (and CLI) and the core: input and output schema per method.
 * Electron IPC, the web-mode HTTP server and the CLI are all derived from this table.
 */
import { z } from 'zod';
import { checkPattern } from '../../core/library/naming';
import { isCurrencyCode } from '../../core/money';
import type { ApiMethod } from './methods';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
const id = z.number().int().positive();

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

const libraryPattern = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => checkPattern(p) === null, { message: 'not a valid file-name pattern' });

export const Settings = z.object({
  locale: Locale,
  /** An active ISO 4217 code (the static table: what amounts are stored and shown in). */
  homeCurrency: currency.refine(isCurrencyCode, { message: 'not an ISO 4217 currency code' }),
  /** The document library's folder; null = `library/` inside the data directory. */
  libraryDir: z.string().min(1).nullable(),
  /** How statement files are named in the library (see src/core/library/naming.ts). */
  statementPattern: libraryPattern,
  receiptPattern: libraryPattern,
  /** After a re-categorisation: offer a rule, create it at once, or neither. */
  ruleLearning: z.enum(['offer', 'auto', 'off']),
  /** Categorise new rows from the merchant table shipped with the app (resources/merchants.csv). */
  merchantKnowledge: z.boolean(),
  /** Look for new statement files in the inbox folder and offer them (never import on its own). */
  inbox: z.boolean(),
  /** The inbox folder; null = the system's Downloads folder. */
  inboxDir: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'give the folder as a full path')
    .nullable(),
  /** The first-run guide has been finished or skipped. */
  onboarded: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const KnowledgeRecord = z.object({
  id,
  source: z.enum(['shipped', 'user']),
  pattern: z.string(),
  match: z.enum(['contains', 'prefix', 'exact']),
  /** As stored: a default category's key or a category name. */
  category: z.string(),
  categoryId: id.nullable(),
  categoryName: z.string().nullable(),
  enabled: z.boolean(),
  note: z.string().nullable(),
});
export type KnowledgeRecord = z.infer<typeof KnowledgeRecord>;

export const InboxFile = z.object({
  id,
  name: z.string(),
  size: z.number().int(),
  status: z.enum(['waiting', 'offered', 'imported', 'dismissed', 'ignored']),
  format: z.string().nullable(),
  formatLabel: z.string().nullable(),
  cardName: z.string().nullable(),
  month: z.string().nullable(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  rows: z.number().int().nullable(),
  reason: z.string().nullable(),
  firstSeen: z.string(),
  arrivedWhileClosed: z.boolean(),
});
export type InboxFile = z.infer<typeof InboxFile>;

export const InboxState = z.object({
  /** The folder looked at; null when the inbox is off. */
  dir: z.string().nullable(),
  exists: z.boolean(),
  /** The app is watching it for changes (desktop and web mode). */
  watching: z.boolean(),
  /** Statement files offered for import, newest first. */
  offered: z.array(InboxFile),
  /** Files still being written (waiting to hold still). */
  waiting: z.number().int(),
  /** Offered files that arrived while the app was closed and have not been announced yet. */
  notice: z.array(InboxFile),
});
export type InboxState = z.infer<typeof InboxState>;

export const Card = z.object({
  id,
  name: z.string(),
  issuer: z.string(),
  lastDigits: z.string().nullable(),
  currency,
  closingDay: z.number().int().nullable(),
  paymentDay: z.number().int().nullable(),
  paymentMonthOffset: z.number().int(),
});
export type Card = z.infer<typeof Card>;

/** A cardholder as the card's statements print it (`本人`, `家族`, `TARO YAMADA`), with its row count. */
/** One name on one card (`ids`: its cardholder rows, one per last digits printed with it). */
export const Cardholder = z.object({ cardId: id, cardName: z.string(), name: z.string(), ids: z.array(id), count: z.number().int() });
export type Cardholder = z.infer<typeof Cardholder>;

export const Problem = z.object({ line: z.number().int().nullable(), message: z.string() });
export type Problem = z.infer<typeof Problem>;

/** A file handed to the importer: its base name and bytes. */
export const InputFile = z.object({
  name: z.string().min(1).max(1024),
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the file bytes'),
});

const column = z.number().int().min(0).max(500);

/** A column mapping for a CSV layout Meisai does not know (see src/core/import/mapping.ts). */
export const CsvMapping = z.object({
  headerLine: z.number().int().min(0),
  columns: z.object({
    date: column,
    description: column,
    amount: column.nullish(),
    debit: column.nullish(),
    credit: column.nullish(),
    postedDate: column.nullish(),
    currency: column.nullish(),
    memo: column.nullish(),
    originalAmount: column.nullish(),
    originalCurrency: column.nullish(),
    fxRate: column.nullish(),
  }),
  dateOrder: z.enum(['ymd', 'mdy', 'dmy']),
  chargesAre: z.enum(['positive', 'negative']),
  currency,
});
export type CsvMapping = z.infer<typeof CsvMapping>;

export const ImportRequest = z.object({
  files: z.array(InputFile).min(1).max(200),
  /** Card id or name; a name not yet known creates that card. Omitted: recognised from the file. */
  card: z.union([id, z.string().min(1).max(200)]).nullish(),
  /** Read the files with this column mapping instead of detecting their format. */
  mapping: CsvMapping.nullish(),
  /** With `mapping`, on commit: save it as a profile under this name, recognised next time. */
  saveProfileAs: z.string().trim().min(1).max(100).nullish(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const PreviewRow = z.object({
  line: z.number().int(),
  date: isoDate,
  postedDate: isoDate.nullable(),
  description: z.string(),
  amount: z.number(),
  amountMinor: z.number().int(),
  currency,
  kind: z.enum(['purchase', 'refund', 'payment', 'fee', 'other']),
  cardholder: z.string().nullable(),
  /** Foreign use: the original amount (minor units of `originalCurrency`) and the rate as printed. */
  originalAmountMinor: z.number().int().nullable().optional(),
  originalCurrency: currency.nullable().optional(),
  fxRate: z.string().nullable().optional(),
  /** Why the row would not be inserted, when it already exists. */
  duplicate: z.string().nullable(),
  /** Set when the row is the posted form of an unconfirmed charge in the ledger: that row is updated instead. */
  updates: z.string().nullable().optional(),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const FileResult = z.object({
  file: z.string(),
  /** `filed`: a PDF without readable text, stored as the statement; no rows came from it. */
  status: z.enum(['ready', 'imported', 'already-imported', 'filed', 'error']),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  card: z.object({ id: id.nullable(), name: z.string(), isNew: z.boolean() }).nullable(),
  periodFrom: isoDate.nullable(),
  periodTo: isoDate.nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  /** Of `duplicates`: rows that update an unconfirmed charge already in the ledger (posted amount and rate). */
  updated: z.number().int().optional(),
  importId: id.nullable(),
  formatLabel: z.string().nullable(),
  /** Payment month of the statement, when the file says. */
  statementMonth: month.nullable(),
  /** The statement's printed total against the rows' sum (minor units of `currency`). */
  total: z.object({ printed: z.number().int(), computed: z.number().int(), label: z.string(), currency }).nullable(),
  /** The layout is unknown: the user can map its columns. */
  needsMapping: z.boolean(),
  errors: z.array(Problem),
  warnings: z.array(Problem),
  /** Preview only: the first rows as they would be stored (all counts cover every row). */
  preview: z.array(PreviewRow).optional(),
});
export type FileResult = z.infer<typeof FileResult>;

export const ImportRecord = z.object({
  id,
  fileName: z.string(),
  contentHash: z.string(),
  format: z.string(),
  encoding: z.string(),
  cardId: id.nullable(),
  cardName: z.string().nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  periodFrom: isoDate.nullable(),
  periodTo: isoDate.nullable(),
  status: z.enum(['committed', 'undone']),
  importedAt: z.string(),
  undoneAt: z.string().nullable(),
  statementTotal: z.number().int().nullable(),
  computedTotal: z.number().int().nullable(),
  currency: currency.nullable(),
  warnings: z.array(z.string()),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

const Kind = z.enum(['purchase', 'refund', 'payment', 'fee', 'other']);
const tagName = z.string().trim().min(1).max(60);

/** Which transactions: every field narrows (AND). Shared by the list, bulk edits and saved filters. */
export const TransactionFilter = z.object({
  month: month.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Card id or name. */
  card: z.union([id, z.string().min(1)]).optional(),
  cardholder: z.string().min(1).max(200).optional(),
  /** Category name (in either language) or built-in key. */
  category: z.string().min(1).optional(),
  /** Category id, or `none` for rows without a category. */
  categoryId: z.union([id, z.literal('none')]).optional(),
  tag: z.string().min(1).max(60).optional(),
  kinds: z.array(Kind).max(5).optional(),
  currency: currency.optional(),
  /** Inclusive bounds in major units of the row's currency. */
  amountMin: z.number().finite().optional(),
  amountMax: z.number().finite().optional(),
  hasMemo: z.boolean().optional(),
  hasReceipt: z.boolean().optional(),
  /** Only rows with (true) or without (false) a foreign original amount. */
  foreign: z.boolean().optional(),
  /** Only rows whose original amount is in this currency. */
  originalCurrency: currency.optional(),
  /** Words matched in description, display name and memo, ignoring width, case and kana. */
  search: z.string().max(500).optional(),
  /** Only the rows a library document is linked to. */
  document: id.optional(),
  /** Rows billed in this month (請求月): the statement's payment month, else from the card's closing day. */
  billingMonth: month.optional(),
  /** The normalised merchant key: every name variant of one merchant. */
  merchant: z.string().min(1).max(500).optional(),
  /** Cardholder id, or `none` for rows without a cardholder. */
  cardholderId: z.union([id, z.literal('none')]).optional(),
});
export type TransactionFilter = z.input<typeof TransactionFilter>;

export const TransactionQuery = TransactionFilter.extend({
  sort: z.enum(['date', 'amount', 'description', 'category', 'card']).default('date'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(100_000).default(1000),
  offset: z.number().int().min(0).default(0),
  /** Also sum the matching rows per currency (card payments excluded); costs a pass over them. */
  withTotals: z.boolean().default(false),
  /**
   * Count the matching rows (`total`); costs a pass over them, so a table that shows its first page
   * before the count skips it (total is then -1) and asks `transactions.count` separately.
   */
  withCount: z.boolean().default(true),
});
export type TransactionQuery = z.input<typeof TransactionQuery>;

export const TransactionCountQuery = TransactionFilter.extend({
  /** Also sum the matching rows per currency (card payments excluded), in the same pass. */
  withTotals: z.boolean().default(false),
});
export type TransactionCountQuery = z.input<typeof TransactionCountQuery>;
const TransactionTotals = z.array(z.object({ currency, totalMinor: z.number().int(), count: z.number().int() }));

export const Transaction = z.object({
  id,
  cardId: id,
  cardName: z.string(),
  cardholder: z.string().nullable(),
  date: isoDate,
  postedDate: isoDate.nullable(),
  description: z.string(),
  /** Card-currency major units; charges positive, refunds and credits negative. */
  amount: z.number(),
  /** The same amount in exact minor units. */
  amountMinor: z.number().int(),
  currency,
  originalAmount: z.number().nullable(),
  originalCurrency: currency.nullable(),
  /** The issuer's rate as printed (`151.4510`), never rounded through a number. */
  fxRate: z.string().nullable(),
  /** Billed ÷ original: the rate the charge actually came to. */
  impliedRate: z.number().nullable(),
  /** Billed minus original × printed rate (minor units of the billed currency): the conversion's cost. */
  fxFeeMinor: z.number().int().nullable(),
  kind: Kind,
  /** The category's name in the user's language. */
  category: z.string().nullable(),
  categoryId: id.nullable(),
  categoryColor: z.string().nullable(),
  /** Chosen by hand (rules leave it alone unless asked). */
  categoryManual: z.boolean(),
  /** Normalised merchant, what rules match on. */
  merchant: z.string(),
  displayName: z.string().nullable(),
  tags: z.array(z.string()),
  memo: z.string().nullable(),
  documents: z.array(z.string()),
  hasReceipt: z.boolean(),
});
export type Transaction = z.infer<typeof Transaction>;

export const Category = z.object({ id, name: z.string(), builtinKey: z.string().nullable(), color: z.string(), sortOrder: z.number().int(), count: z.number().int() });
export type Category = z.infer<typeof Category>;
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #a1b2c3');

export const Tag = z.object({ id, name: z.string(), color: z.string().nullable(), count: z.number().int() });
export type Tag = z.infer<typeof Tag>;

export const RuleConditions = z
  .object({
    text: z.object({ field: z.enum(['merchant', 'description']), op: z.enum(['contains', 'startsWith', 'equals', 'regex']), value: z.string().trim().min(1).max(500) }).nullish(),
    amountMin: z.number().finite().nullish(),
    amountMax: z.number().finite().nullish(),
    cardIds: z.array(id).max(100).optional(),
    cardholders: z.array(z.string().min(1).max(200)).max(50).optional(),
    currencies: z.array(currency).max(50).optional(),
    kinds: z.array(Kind).max(5).optional(),
  })
  .strict();
export const RuleActions = z
  .object({
    categoryId: id.nullish(),
    addTags: z.array(tagName).max(20).optional(),
    memo: z.string().max(2000).nullish(),
    displayName: z.string().max(200).nullish(),
  })
  .strict();
export const RuleDraft = z.object({ conditions: RuleConditions, actions: RuleActions });
export const RuleRecord = z.object({
  id,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: RuleConditions,
  actions: RuleActions,
  source: z.enum(['user', 'learned']),
});
export type RuleRecord = z.infer<typeof RuleRecord>;

/** One row a rule run would change (or did), before and after. */
const RowState = z.object({ category: z.string().nullable(), displayName: z.string().nullable(), memo: z.string().nullable(), tags: z.array(z.string()) });
export const RuleChange = z.object({ id, date: isoDate, description: z.string(), amount: z.number(), currency, cardName: z.string(), before: RowState, after: RowState });
export type RuleChange = z.infer<typeof RuleChange>;

/** What to change on the chosen rows; omitted fields stay as they are. */
export const TransactionEdit = z
  .object({
    categoryId: id.nullable().optional(),
    memo: z.string().max(2000).nullable().optional(),
    displayName: z.string().max(200).nullable().optional(),
    addTags: z.array(tagName).max(20).optional(),
    removeTags: z.array(tagName).max(20).optional(),
    /** The amount in the currency actually paid (major units), its ISO code and the rate used; null clears them. */
    foreign: z.object({ amount: z.number().finite(), currency, rate: z.string().max(30).nullish() }).nullable().optional(),
  })
  .strict();
export type TransactionEdit = z.infer<typeof TransactionEdit>;

/** After a re-categorisation: the rule Meisai offers (or made, per the learning setting). */
export const RuleSuggestion = z.object({
  /** The normalised merchant key the rule matches on. */
  merchant: z.string(),
  /** The merchant as shown to the user: the edited row's text without store and place parts (not folded). */
  merchantName: z.string(),
  categoryId: id,
  category: z.string(),
  /** Other rows of this merchant the rule would re-categorise. */
  otherRows: z.number().int(),
  /** Set when the rule was created automatically. */
  createdRuleId: id.nullable(),
  /** The rule to save when the user accepts the offer (`rules.learn`). */
  rule: z.object({ name: z.string(), conditions: RuleConditions, actions: RuleActions }),
});
export type RuleSuggestion = z.infer<typeof RuleSuggestion>;

/**
 * What an undoable step did, as a message key and its values, so the UI words it in its language:
 * `edit` (fields of n rows; `rule` when the edit also learned a rule), `rule.apply` (one rule run over
 * n rows), `rules.applyAll`, `rule.learn` (an offered rule accepted: created and run over n rows),
 * `text` (a step recorded before labels had keys: `text` as it was stored).
 */
export const HistoryLabel = z.object({
  key: z.enum(['edit', 'rule.apply', 'rules.applyAll', 'rule.learn', 'text']),
  args: z.object({
    n: z.number().int().optional(),
    fields: z.array(z.enum(['category', 'memo', 'name', 'foreign', 'tags'])).optional(),
    rule: z.string().optional(),
    text: z.string().optional(),
  }),
});
export type HistoryLabel = z.infer<typeof HistoryLabel>;
/** One step of the history: `label` is the English wording (logs, CLI), `key` and `args` are for the UI. */
export const HistoryEntry = HistoryLabel.extend({ id, label: z.string() });
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export const HistoryState = z.object({ undo: HistoryEntry.nullable(), redo: HistoryEntry.nullable() });
export type HistoryState = z.infer<typeof HistoryState>;
/** After an undo or redo: the step taken (null when there was none), in English and as a key. */
const HistoryStep = z.object({ label: z.string().nullable(), entry: HistoryEntry.nullable(), rows: z.number().int(), state: HistoryState });

export const SavedFilter = z.object({ id, name: z.string(), query: TransactionFilter });
export type SavedFilter = z.infer<typeof SavedFilter>;

export const MonthSummary = z.object({
  month,
  /** Totals are spending in this (the home) currency: purchases, fees and refunds; card payments excluded. */
  currency,
  total: z.number(),
  totalMinor: z.number().int(),
  count: z.number().int(),
  byCategory: z.array(z.object({ categoryId: id.nullable(), category: z.string().nullable(), color: z.string().nullable(), total: z.number(), totalMinor: z.number().int(), count: z.number().int() })),
  byCard: z.array(z.object({ cardId: id, card: z.string(), total: z.number(), totalMinor: z.number().int(), count: z.number().int() })),
  /** Spending on cards billed in other currencies, per currency (never added to the total). */
  otherCurrencies: z.array(z.object({ currency, total: z.number(), totalMinor: z.number().int(), count: z.number().int() })),
});
export type MonthSummary = z.infer<typeof MonthSummary>;

/** Foreign spending in one month and original currency (and billing currency). */
export const CurrencyMonth = z.object({
  month,
  currency,
  billedCurrency: currency,
  count: z.number().int(),
  originalTotal: z.number(),
  originalTotalMinor: z.number().int(),
  billedTotalMinor: z.number().int(),
  /** Billed ÷ original over the month. */
  averageRate: z.number().nullable(),
  /** Sum of billed − original × printed rate over the rows that print a rate (billed minor units). */
  feeMinor: z.number().int(),
  rowsWithRate: z.number().int(),
});
export type CurrencyMonth = z.infer<typeof CurrencyMonth>;

export const Trip = z.object({
  id,
  name: z.string(),
  from: isoDate.nullable(),
  to: isoDate.nullable(),
  tag: z.string().nullable(),
  count: z.number().int(),
  /** The filter that lists the trip's rows in the workspace. */
  filter: TransactionFilter,
  /** Totals as billed, per billing currency, with the conversion cost. */
  billed: z.array(z.object({ currency, total: z.number(), totalMinor: z.number().int(), feeMinor: z.number().int() })),
  /** Totals in the currencies actually paid. */
  original: z.array(z.object({ currency, total: z.number(), totalMinor: z.number().int() })),
});
export type Trip = z.infer<typeof Trip>;

const Cadence = z.enum(['weekly', 'monthly', 'quarterly', 'yearly']);
const Decision = z.enum(['keep', 'cancel', 'check']);
const SubscriptionChange = z.enum(['still-charging', 'stopped', 'price-changed', 'new', 'cancelled']);

export const Subscription = z.object({
  /** Stable key: currency and normalised merchant. */
  key: z.string(),
  merchant: z.string(),
  /** What the statement printed on the last charge (or the display name). */
  description: z.string(),
  cadence: Cadence,
  amount: z.number(),
  amountMinor: z.number().int(),
  currency,
  originalAmount: z.number().nullable(),
  /** The same in minor units of `originalCurrency`. */
  originalAmountMinor: z.number().int().nullable(),
  originalCurrency: currency.nullable(),
  firstDate: isoDate,
  lastDate: isoDate,
  nextDate: isoDate,
  charges: z.number().int(),
  monthlyCostMinor: z.number().int(),
  annualCostMinor: z.number().int(),
  priceHistory: z.array(z.object({ date: isoDate, amountMinor: z.number().int() })),
  status: z.enum(['active', 'stopped', 'price-changed', 'new']),
  /** The user's word: confirmed, added by hand, or only detected. */
  mark: z.enum(['detected', 'confirmed', 'manual']),
  cardId: id,
  cardName: z.string(),
  categoryId: id.nullable(),
  category: z.string().nullable(),
  /** The decision in the latest saved review, if it covered this subscription, with the amount it had then. */
  lastDecision: z.object({ decision: Decision, note: z.string().nullable(), date: isoDate, amountMinor: z.number().int() }).nullable(),
  /** Marked cancel in the latest review and charged again since. */
  stillCharging: z.boolean(),
  /**
   * What changed since the latest review (null: nothing, or no review yet): charged again after a
   * cancel, stopped, a new price (against the amount the review saved), new since, or cancelled
   * as planned (marked cancel and no charge since).
   */
  change: SubscriptionChange.nullable(),
});
export type Subscription = z.infer<typeof Subscription>;

const CostLine = z.object({ currency, monthlyMinor: z.number().int(), annualMinor: z.number().int() });

/** A detection the user dismissed (remembered; clearing the mark brings it back). */
export const DismissedSubscription = z.object({
  /** The mark's key, for `subscriptions.mark` with state null. */
  key: z.string(),
  merchant: z.string(),
  /** What the statement printed, and the amount, when the charges are still in the review window. */
  description: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  currency,
});
export type DismissedSubscription = z.infer<typeof DismissedSubscription>;

export const SubscriptionOverview = z.object({
  items: z.array(Subscription),
  /** Monthly and annual cost of the subscriptions still running, per currency. */
  totals: z.array(CostLine),
  byCategory: z.array(CostLine.extend({ categoryId: id.nullable(), category: z.string().nullable() })),
  byCard: z.array(CostLine.extend({ cardId: id, card: z.string() })),
  /** What the subscriptions charged per month (billed, per currency), for the chart. */
  trend: z.array(z.object({ month, currency, totalMinor: z.number().int() })),
  lastReview: z.object({ id, date: isoDate, note: z.string().nullable() }).nullable(),
  dismissed: z.array(DismissedSubscription),
});
export type SubscriptionOverview = z.infer<typeof SubscriptionOverview>;

export const SubscriptionReview = z.object({
  id,
  date: isoDate,
  note: z.string().nullable(),
  items: z.array(
    z.object({
      key: z.string(),
      merchant: z.string(),
      decision: Decision,
      note: z.string().nullable(),
      amountMinor: z.number().int(),
      currency,
      status: z.string(),
      /** Foreign subscriptions: the amount in their own currency (reviews saved before this have none). */
      originalAmountMinor: z.number().int().nullable().optional(),
      originalCurrency: currency.nullable().optional(),
    }),
  ),
});
export type SubscriptionReview = z.infer<typeof SubscriptionReview>;

const minor = z.number().int();
export const MonthReview = z.object({
  month,
  basis: z.enum(['usage', 'billing']),
  /** Everything below is in this (the home) currency's minor units. */
  currency,
  totalMinor: minor,
  count: z.number().int(),
  previous: z.object({ month, totalMinor: minor }),
  lastYear: z.object({ month, totalMinor: minor }),
  byCategory: z.array(
    z.object({ categoryId: id.nullable(), category: z.string().nullable(), color: z.string().nullable(), totalMinor: minor, count: z.number().int(), previousMinor: minor, lastYearMinor: minor, budgetMinor: minor.nullable() }),
  ),
  byCard: z.array(z.object({ cardId: id, card: z.string(), totalMinor: minor, count: z.number().int() })),
  byCardholder: z.array(z.object({ cardholderId: id.nullable(), cardholder: z.string().nullable(), cardId: id, card: z.string(), totalMinor: minor, count: z.number().int() })),
  topMerchants: z.array(z.object({ merchant: z.string(), description: z.string(), totalMinor: minor, count: z.number().int() })),
  /** The 12 months up to this one, per category. */
  trend: z.array(z.object({ month, categories: z.array(z.object({ categoryId: id.nullable(), totalMinor: minor })) })),
  /** Each card's bill for this month (billing month) per billed currency, with its payment date when the card has a payment day. */
  bills: z.array(z.object({ cardId: id, card: z.string(), billingMonth: month, paymentDate: isoDate.nullable(), currency, totalMinor: minor, count: z.number().int() })),
  /** Each card's next payment on or after today (whatever month is viewed), for cards with a payment day. */
  upcoming: z.array(
    z.object({ cardId: id, card: z.string(), billingMonth: month, paymentDate: isoDate, totals: z.array(z.object({ currency, totalMinor: minor, count: z.number().int() })) }),
  ),
  reviewed: z.object({ at: z.string(), note: z.string().nullable() }).nullable(),
  otherCurrencies: z.array(z.object({ currency, totalMinor: minor })),
});
export type MonthReview = z.infer<typeof MonthReview>;

/** `damaged`: SQLite found this backup damaged when it was written (a backup of a damaged database); never restorable. */
export const BackupInfo = z.object({ name: z.string(), reason: z.string(), createdAt: z.string(), size: z.number().int(), damaged: z.boolean() });
export type BackupInfo = z.infer<typeof BackupInfo>;
export const BackupPreview = z.object({
  name: z.string(),
  ok: z.boolean(),
  problem: z.string().nullable(),
  transactions: z.number().int(),
  imports: z.number().int(),
  cards: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  lastImportAt: z.string().nullable(),
  /**
   * What a restore does to the document library, which is never rolled back: files the backup
   * records (`documents`); files recorded now but not in the backup (`addedSince`: they stay in
   * the library, and the file check lists them as not recorded — Repair adopts them); files the
   * backup records that are no longer in the library (`gone`: the check lists them as missing).
   * Null where the ledger cannot be compared (its database is damaged).
   */
  library: z.object({ documents: z.number().int(), addedSince: z.number().int(), gone: z.number().int() }).nullable(),
});
export type BackupPreview = z.infer<typeof BackupPreview>;

/**
 * Whether the database could not be opened because SQLite finds it damaged, and the newest backup
 * SQLite finds intact (checked), which the app offers to restore (the damaged file is kept aside).
 */
export const RecoveryState = z.object({ damaged: z.boolean(), databasePath: z.string(), problem: z.string().nullable(), backup: BackupInfo.nullable() });
export type RecoveryState = z.infer<typeof RecoveryState>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'web', 'cli', 'test']),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  /** The data folder can be chosen in the app (not when given with --data-dir / MEISAI_DATA_DIR). */
  canMoveDataDir: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const CsvProfile = z.object({ id, name: z.string(), headerSignature: z.string(), mapping: CsvMapping, lastUsedAt: z.string().nullable() });
export type CsvProfile = z.infer<typeof CsvProfile>;

export const InspectResult = z.object({
  file: z.string(),
  encoding: z.string().nullable(),
  /** The first records of the file as cells, for the column-mapping dialog. */
  records: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
  errors: z.array(Problem),
});

/** Where a running import is, for a progress bar. */
export const ImportProgress = z.object({
  file: z.string(),
  /** 1-based position of the file among those sent together. */
  fileIndex: z.number().int(),
  files: z.number().int(),
  phase: z.enum(['reading', 'checking', 'writing']),
  /** Bytes handled so far in this phase, out of `total` (big files only; else 0 of 0). */
  done: z.number().int(),
  total: z.number().int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const LibraryDocument = z.object({
  id,
  kind: z.enum(['statement', 'receipt', 'other']),
  /** Library-relative path, `/`-separated. */
  path: z.string(),
  originalName: z.string().nullable(),
  size: z.number().int(),
  month: z.string().nullable(),
  cardId: id.nullable(),
  cardName: z.string().nullable(),
  /** How many transactions it is linked to. */
  transactions: z.number().int(),
  addedAt: z.string(),
});
export type LibraryDocument = z.infer<typeof LibraryDocument>;

export const LibraryCheck = z.object({ ok: z.boolean(), missing: z.array(z.string()), changed: z.array(z.string()), unknown: z.array(z.string()) });
export type LibraryCheck = z.infer<typeof LibraryCheck>;

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');

export const Suggestion = z.object({ id, date: isoDate, description: z.string(), amount: z.number(), amountMinor: z.number().int(), currency, cardName: z.string(), score: z.number() });

const Empty = z.object({}).strict().default({});

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  /** Choose where the ledger lives (while it is empty: the first-run guide); remembered for the next start. */
  'app.moveDataDir': { input: z.object({ dir: z.string().trim().min(1).max(4096) }), output: AppInfo },
  'settings.get': { input: Empty, output: Settings },
  // The library folder moves with its files (files.moveLibrary), never by a bare settings change.
  'settings.update': { input: Settings.omit({ libraryDir: true }).partial().strict(), output: Settings },
  'cards.list': { input: Empty, output: z.array(Card) },
  /** Cardholders per card (of one card when given): what the cardholder filter offers. */
  'cardholders.list': { input: z.object({ card: id.optional() }).strict().default({}), output: z.array(Cardholder) },
  'import.preview': { input: ImportRequest, output: z.object({ files: z.array(FileResult) }) },
  'import.commit': { input: ImportRequest, output: z.object({ files: z.array(FileResult) }) },
  'import.inspect': { input: z.object({ file: InputFile }), output: InspectResult },
  'import.progress': { input: Empty, output: ImportProgress.nullable() },
  'imports.list': { input: Empty, output: z.array(ImportRecord) },
  'imports.undo': { input: z.object({ id }), output: z.object({ id, removed: z.number().int() }) },
  'profiles.list': { input: Empty, output: z.array(CsvProfile) },
  'files.list': { input: z.object({ month: month.optional(), card: id.optional() }), output: z.object({ root: z.string(), documents: z.array(LibraryDocument) }) },
  'files.check': { input: Empty, output: LibraryCheck },
  'files.repair': { input: Empty, output: LibraryCheck.extend({ repaired: z.number().int() }) },
  'files.read': { input: z.object({ id }), output: z.object({ name: z.string(), mimeType: z.string(), data: Bytes }) },
  /** Desktop: open (or reveal) with the system; elsewhere answers opened: false and the UI downloads it. */
  'files.open': { input: z.object({ id, reveal: z.boolean().default(false) }), output: z.object({ opened: z.boolean() }) },
  'files.moveLibrary': { input: z.object({ dir: z.string().min(1).max(4096) }), output: z.object({ moved: z.number().int(), libraryDir: z.string() }) },
  'files.bundle': { input: z.object({ month, card: id.optional() }), output: z.object({ name: z.string(), data: Bytes, files: z.number().int(), transactions: z.number().int() }) },
  'documents.addReceipts': { input: z.object({ transactionId: id, files: z.array(InputFile).min(1).max(50) }), output: z.object({ documentIds: z.array(id) }) },
  'documents.link': { input: z.object({ transactionId: id, documentId: id }), output: z.object({ ok: z.literal(true) }) },
  'documents.unlink': { input: z.object({ transactionId: id, documentId: id }), output: z.object({ ok: z.literal(true) }) },
  'documents.forTransaction': { input: z.object({ transactionId: id }), output: z.array(LibraryDocument) },
  'documents.suggest': { input: z.object({ date: isoDate, amount: z.number().nullish(), currency: currency.nullish() }), output: z.array(Suggestion) },
  'profiles.delete': { input: z.object({ id }), output: z.object({ id }) },
  'transactions.list': {
    input: TransactionQuery,
    output: z.object({ rows: z.array(Transaction), total: z.number().int().min(-1), totals: TransactionTotals.optional() }),
  },
  /** How many rows match a filter (and their totals): the count a table fills in after its first page. */
  'transactions.count': { input: TransactionCountQuery, output: z.object({ total: z.number().int().min(0), totals: TransactionTotals.optional() }) },
  /** Edit the rows given by id, or every row matching a filter (bulk edit); one undoable step. */
  'transactions.update': {
    input: z.object({ ids: z.array(id).min(1).max(1_000_000).optional(), filter: TransactionFilter.optional(), set: TransactionEdit }).refine((v) => (v.ids === undefined) !== (v.filter === undefined), 'give either ids or filter'),
    output: z.object({ updated: z.number().int(), historyId: id.nullable(), suggestion: RuleSuggestion.nullable() }),
  },
  'categories.list': { input: Empty, output: z.array(Category) },
  'categories.save': { input: z.object({ id: id.optional(), name: z.string().trim().min(1).max(60), color }), output: Category },
  'categories.delete': { input: z.object({ id }), output: z.object({ id, uncategorised: z.number().int() }) },
  'tags.list': { input: Empty, output: z.array(Tag) },
  'tags.save': { input: z.object({ id: id.optional(), name: tagName, color: color.nullish() }), output: Tag },
  'tags.delete': { input: z.object({ id }), output: z.object({ id, untagged: z.number().int() }) },
  'rules.list': { input: Empty, output: z.array(RuleRecord) },
  'rules.save': {
    input: z.object({ id: id.optional(), name: z.string().trim().min(1).max(200), enabled: z.boolean().default(true), conditions: RuleConditions, actions: RuleActions, source: z.enum(['user', 'learned']).default('user') }),
    output: RuleRecord,
  },
  'rules.delete': { input: z.object({ id }), output: z.object({ id }) },
  'rules.reorder': { input: z.object({ ids: z.array(id).min(1).max(10_000) }), output: z.array(RuleRecord) },
  /** What re-running the rules (all, one saved rule, or an unsaved draft) would change. */
  'rules.preview': {
    input: z.object({ ruleId: id.optional(), draft: RuleDraft.optional(), includeManual: z.boolean().default(false), limit: z.number().int().min(0).max(1000).default(200) }),
    output: z.object({ changed: z.number().int(), examined: z.number().int(), changes: z.array(RuleChange) }),
  },
  'rules.apply': {
    input: z.object({ ruleId: id.optional(), includeManual: z.boolean().default(false) }),
    output: z.object({ changed: z.number().int(), historyId: id.nullable() }),
  },
  /** Accept the rule offered after a re-categorisation: save it as learned and run it, one undoable step. */
  'rules.learn': {
    input: z.object({ name: z.string().trim().min(1).max(200), conditions: RuleConditions, actions: RuleActions }),
    output: z.object({ rule: RuleRecord, changed: z.number().int(), historyId: id.nullable() }),
  },
  'history.state': { input: Empty, output: HistoryState },
  'history.undo': { input: Empty, output: HistoryStep },
  'history.redo': { input: Empty, output: HistoryStep },
  'filters.list': { input: Empty, output: z.array(SavedFilter) },
  'filters.save': { input: z.object({ name: z.string().trim().min(1).max(100), query: TransactionFilter }), output: SavedFilter },
  'filters.delete': { input: z.object({ id }), output: z.object({ id }) },
  'summary.month': { input: z.object({ month, basis: z.enum(['usage', 'billing']).default('usage') }), output: MonthSummary },
  'fx.summary': { input: z.object({ from: isoDate.optional(), to: isoDate.optional() }), output: z.array(CurrencyMonth) },
  'trips.list': { input: Empty, output: z.array(Trip) },
  'trips.save': { input: z.object({ id: id.optional(), name: z.string().trim().min(1).max(100), from: isoDate.nullish(), to: isoDate.nullish(), tag: z.string().max(60).nullish() }), output: Trip },
  'trips.delete': { input: z.object({ id }), output: z.object({ id }) },
  'subscriptions.list': { input: z.object({ asOf: isoDate.optional() }), output: SubscriptionOverview },
  /**
   * Confirm a detection (kept at its cadence even when detection later fails), dismiss a wrong one
   * (remembered), or clear the mark. `key` is an item's key or a dismissed mark's.
   */
  'subscriptions.mark': { input: z.object({ key: z.string().min(1).max(600), state: z.enum(['confirmed', 'dismissed']).nullable() }), output: z.object({ ok: z.literal(true) }) },
  /** Track a merchant as a subscription by hand, from one of its transactions (one charge is enough). */
  'subscriptions.add': { input: z.object({ transactionId: id, cadence: Cadence }), output: z.object({ key: z.string() }) },
  'reviews.list': { input: Empty, output: z.array(SubscriptionReview) },
  'backups.list': { input: Empty, output: z.array(BackupInfo) },
  'backups.create': { input: Empty, output: BackupInfo },
  'backups.inspect': { input: z.object({ name: z.string().min(1).max(200) }), output: BackupPreview },
  /** Replace the ledger with a backup's; the current state is backed up first. */
  'backups.restore': { input: z.object({ name: z.string().min(1).max(200) }), output: z.object({ restored: z.string(), safetyBackup: z.string(), transactions: z.number().int(), library: BackupPreview.shape.library }) },
  /** Answered also while the database is damaged (every other method then fails with its message). */
  'recovery.state': { input: Empty, output: RecoveryState },
  /** Only while the database is damaged: moves it aside (kept), puts the backup in its place and opens it. */
  'recovery.restore': { input: z.object({ name: z.string().min(1).max(200) }), output: z.object({ restored: z.string(), movedAside: z.string().nullable() }) },
  /** `today`: the user's local date, for the upcoming payments (the core's local date when absent). */
  'review.month': { input: z.object({ month, basis: z.enum(['usage', 'billing']).default('usage'), today: isoDate.optional() }), output: MonthReview },
  /** A category's monthly budget in the home currency (major units): the default, or one month's override; null clears. */
  'budgets.set': { input: z.object({ categoryId: id, amount: z.number().finite().min(0).nullable(), month: month.nullish() }), output: z.object({ ok: z.literal(true) }) },
  'review.mark': { input: z.object({ month, reviewed: z.boolean(), note: z.string().max(4000).nullish() }), output: z.object({ ok: z.literal(true) }) },
  'cards.update': {
    input: z.object({ id, name: z.string().trim().min(1).max(100).optional(), closingDay: z.number().int().min(1).max(31).nullable().optional(), paymentDay: z.number().int().min(1).max(31).nullable().optional(), paymentMonthOffset: z.number().int().min(0).max(3).optional() }),
    output: Card,
  },
  /** A month (by usage or billing month, optionally one card) as CSV: its transactions or its summary; UTF-8 with BOM or Shift_JIS. */
  'export.month': {
    input: z.object({
      month,
      card: id.nullish(),
      what: z.enum(['transactions', 'summary']).default('transactions'),
      encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8'),
      basis: z.enum(['usage', 'billing']).default('usage'),
    }),
    output: z.object({ name: z.string(), data: Bytes, rows: z.number().int() }),
  },
  'inbox.state': { input: Empty, output: InboxState },
  /** Look at the inbox folder now (the first call of a run is the start scan behind the notice). */
  'inbox.scan': { input: Empty, output: InboxState },
  /** An offered file's bytes, for the import preview: only files the inbox recorded. */
  'inbox.read': { input: z.object({ id }), output: z.object({ name: z.string(), data: Bytes }) },
  'inbox.dismiss': { input: z.object({ id }), output: z.object({ id }) },
  /** The start notice has been seen. */
  'inbox.ack': { input: Empty, output: z.object({ ok: z.literal(true) }) },
  'knowledge.list': { input: Empty, output: z.array(KnowledgeRecord) },
  /** Add an entry, or change one (a shipped entry is switched off and replaced by the user's own). */
  'knowledge.save': { input: z.object({ id: id.optional(), pattern: z.string().trim().min(1).max(200), match: z.enum(['contains', 'prefix', 'exact']).default('contains'), categoryId: id }), output: KnowledgeRecord },
  'knowledge.setEnabled': { input: z.object({ id, enabled: z.boolean() }), output: z.object({ id, enabled: z.boolean() }) },
  'knowledge.delete': { input: z.object({ id }), output: z.object({ id }) },
  'reviews.save': {
    input: z.object({ date: isoDate.optional(), note: z.string().max(4000).nullish(), items: z.array(z.object({ key: z.string().min(1).max(600), decision: Decision, note: z.string().max(2000).nullish() })).max(5000) }),
    output: SubscriptionReview,
  },
} as const satisfies Record<ApiMethod, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
// Compile-time check that every contract method is listed in API_METHODS (the reverse is `satisfies`).
type _Exact = Exclude<keyof Contract, ApiMethod> extends never ? true : never;
export const _contractMatchesMethods: _Exact = true;

export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>;

export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

/** Every call answers with an envelope: transports never throw across the boundary. */
export type ApiError = {
  code: 'invalid-input' | 'not-found' | 'conflict' | 'failed' | 'forbidden' | 'unknown-method';
  /** English, for logs, the CLI and callers without a translation. */
  message: string;
  issues?: string[];
  /** A stable key for the UI to say the same in the user's language (e.g. `trip.nameTaken`), with its values. */
  reason?: string;
  params?: Record<string, string | number>;
};
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
