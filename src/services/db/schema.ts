/**
 * The whole product's schema. Money is always an integer in the currency's minor unit plus an
 * ISO 4217 code (JPY has no minor unit). Dates are ISO `YYYY-MM-DD` text so they sort and compare
 * as strings. Change this file only together with a generated migration (`npm run db:generate`).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const cards = sqliteTable(
  'cards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    issuer: text('issuer').notNull(),
    name: text('name').notNull(),
    lastDigits: text('last_digits'),
    currency: text('currency').notNull().default('JPY'),
    /** Day of month the statement closes (締め日); 31 = month end. */
    closingDay: integer('closing_day'),
    /** Day of month the bill is debited (支払日). */
    paymentDay: integer('payment_day'),
    /** Months from the closing month to the payment month (翌月払い 1, 翌々月払い 2). */
    paymentMonthOffset: integer('payment_month_offset').notNull().default(1),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cards_name_unique').on(t.name),
    index('cards_issuer_digits_idx').on(t.issuer, t.lastDigits),
    check('cards_closing_day', sql`${t.closingDay} IS NULL OR ${t.closingDay} BETWEEN 1 AND 31`),
    check('cards_payment_day', sql`${t.paymentDay} IS NULL OR ${t.paymentDay} BETWEEN 1 AND 31`),
  ],
);

export const cardholders = sqliteTable(
  'cardholders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    /** The name as the statement prints it (e.g. `TARO YAMADA`, `本人`, `家族`). */
    name: text('name').notNull(),
    role: text('role', { enum: ['primary', 'family', 'etc', 'unknown'] })
      .notNull()
      .default('unknown'),
    lastDigits: text('last_digits'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cardholders_card_name_digits').on(t.cardId, t.name, t.lastDigits)],
);

export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the file's bytes: the same file imported twice is recognised at once. */
    contentHash: text('content_hash').notNull(),
    /** SHA-256 of the decoded, normalised rows: the same statement re-saved in another encoding. */
    rowsHash: text('rows_hash'),
    format: text('format').notNull(),
    encoding: text('encoding').notNull(),
    cardId: integer('card_id').references(() => cards.id, { onDelete: 'set null' }),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    rowCount: integer('row_count').notNull().default(0),
    insertedCount: integer('inserted_count').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    /** The statement's own printed total (minor units), when the file carries one. */
    statementTotal: integer('statement_total'),
    statementCurrency: text('statement_currency'),
    /** What the imported rows add up to by the statement's own rule, to show beside the total. */
    computedTotal: integer('computed_total'),
    /** Payment month (`YYYY-MM`) of the statement, when the file says. */
    statementMonth: text('statement_month'),
    /** Problems shown at import time that did not stop it (e.g. a total that does not reconcile), JSON. */
    warnings: text('warnings'),
    status: text('status', { enum: ['committed', 'undone'] })
      .notNull()
      .default('committed'),
    /** Where the imported file itself is kept, relative to the data directory. */
    storedPath: text('stored_path'),
    /**
     * Rows of earlier imports this one updated (an unconfirmed foreign charge that posted with its
     * final amount), with their values before, JSON — so undoing this import puts them back.
     */
    updatedRows: text('updated_rows'),
    importedAt: createdAt(),
    undoneAt: text('undone_at'),
  },
  (t) => [index('imports_hash_idx').on(t.contentHash), index('imports_rows_hash_idx').on(t.rowsHash)],
);

export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** Stable key of a built-in category, used to show its name in the user's language. */
    builtinKey: text('builtin_key'),
    color: text('color').notNull().default('#8a8f98'),
    parentId: integer('parent_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('categories_name_unique').on(t.name), uniqueIndex('categories_builtin_unique').on(t.builtinKey)],
);

export const transactions = sqliteTable(
  'transactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'restrict' }),
    cardholderId: integer('cardholder_id').references(() => cardholders.id, { onDelete: 'set null' }),
    /** Usage date (利用日), `YYYY-MM-DD`. */
    date: text('date').notNull(),
    /** Posting / processing date (データ処理日), when the statement prints one. */
    postedDate: text('posted_date'),
    /** Merchant text exactly as the statement prints it (trimmed). */
    description: text('description').notNull(),
    /** Normalised merchant (NFKC, spacing, store numbers removed) for matching and rules. */
    merchant: text('merchant').notNull(),
    /** A name the user or a rule chose to show instead of the description. */
    displayName: text('display_name'),
    /** Billed amount in minor units of `currency`; charges positive, refunds and credits negative. */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    originalAmount: integer('original_amount'),
    originalCurrency: text('original_currency'),
    /** The issuer's printed rate as decimal text, kept exactly as printed. */
    fxRate: text('fx_rate'),
    kind: text('kind', { enum: ['purchase', 'refund', 'payment', 'fee', 'other'] }).notNull(),
    /** Instalment / revolving detail (e.g. `3回払い 1/3`) as printed. */
    paymentPlan: text('payment_plan'),
    /** Amount billed on this statement when it differs from the purchase amount (instalments). */
    billedAmount: integer('billed_amount'),
    status: text('status', { enum: ['confirmed', 'unconfirmed'] })
      .notNull()
      .default('confirmed'),
    /** Issuer detail without a column of its own (raw foreign text, card block, memo, …), JSON. */
    details: text('details'),
    categoryId: integer('category_id').references(() => categories.id, { onDelete: 'set null' }),
    /** The user chose this row's category by hand: re-running rules leaves it unless asked. */
    categoryManual: integer('category_manual', { mode: 'boolean' }).notNull().default(false),
    memo: text('memo'),
    /**
     * The row's search text (description, display name and memo folded by core/search.ts) as an id in
     * `search_texts`, kept in step by the services (services/search-texts.ts). Rows share the text of
     * their merchant, so a search reads the few distinct texts, not every row.
     */
    searchId: integer('search_id'),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    /** 1-based line in the imported file the row came from. */
    sourceLine: integer('source_line'),
    /**
     * Dedup key: 64-bit hash (core/import/fingerprint.ts `fingerprintKey`) of date, amount, currency,
     * folded merchant text and occurrence number within the file. Unique per card.
     */
    fingerprint: integer('fingerprint').notNull(), // bound as a BigInt by raw statements; drizzle never reads it
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    // Dedup key and the card's date order in one index. The fingerprint hashes the date, so it is
    // unique per card and date as it was per card; led by the date, a statement's rows land in a few
    // neighbouring pages instead of at random places (a random 64-bit key cost an import ~20 %).
    uniqueIndex('transactions_card_date_fingerprint').on(t.cardId, t.date, t.fingerprint),
    index('transactions_date_idx').on(t.date),
    index('transactions_import_idx').on(t.importId),
    // A text search finds the matching texts first, then their rows through this index; with the
    // date in it, the newest of many matches are picked without reading the rows.
    index('transactions_search_date_idx').on(t.searchId, t.date),
    // Category filters and month summaries by category (the workspace's most used filter). Partial:
    // uncategorised rows (most of a fresh import) cost the import nothing here.
    index('transactions_category_date_idx')
      .on(t.categoryId, t.date)
      .where(sql`${t.categoryId} IS NOT NULL`),
    check('transactions_date_format', sql`${t.date} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

/**
 * Each distinct folded search text once (core/search.ts `searchText`). No foreign key from
 * transactions: texts no row uses any more are pruned (services/search-texts.ts), and a foreign-key
 * check on every imported row would cost the import for nothing.
 */
export const searchTexts = sqliteTable('search_texts', {
  id: integer('id').primaryKey(),
  text: text('text').notNull().unique('search_texts_text_unique'),
});

export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    color: text('color'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_name_unique').on(t.name)],
);

export const transactionTags = sqliteTable(
  'transaction_tags',
  {
    transactionId: integer('transaction_id')
      .notNull()
      .references(() => transactions.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.transactionId, t.tagId] }), index('transaction_tags_tag_idx').on(t.tagId)],
);

export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['statement', 'receipt', 'other'] }).notNull(),
    /** Path relative to the library folder, `/`-separated. */
    path: text('path').notNull(),
    contentHash: text('content_hash').notNull(),
    mimeType: text('mime_type'),
    size: integer('size').notNull(),
    originalName: text('original_name'),
    cardId: integer('card_id').references(() => cards.id, { onDelete: 'set null' }),
    /** Statement or receipt month, `YYYY-MM`. */
    month: text('month'),
    importId: integer('import_id').references(() => imports.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('documents_hash_unique').on(t.contentHash),
    uniqueIndex('documents_path_unique').on(t.path),
    index('documents_month_card_idx').on(t.month, t.cardId),
  ],
);

export const transactionDocuments = sqliteTable(
  'transaction_documents',
  {
    transactionId: integer('transaction_id')
      .notNull()
      .references(() => transactions.id, { onDelete: 'cascade' }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.transactionId, t.documentId] }), index('transaction_documents_doc_idx').on(t.documentId)],
);

/** Column mappings the user made for CSV layouts Meisai does not know, recognised by their header. */
export const csvProfiles = sqliteTable(
  'csv_profiles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** Normalised header cells joined by U+001F: how the layout is recognised next time. */
    headerSignature: text('header_signature').notNull(),
    /** The mapping (columns, date order, sign convention, currency), JSON. */
    mapping: text('mapping').notNull(),
    cardId: integer('card_id').references(() => cards.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [uniqueIndex('csv_profiles_name_unique').on(t.name), index('csv_profiles_signature_idx').on(t.headerSignature)],
);

/**
 * Categorisation rules, applied in `position` order on import and on demand. Conditions and actions
 * are JSON in the shapes of core/rules.ts (validated by the API contract on the way in).
 */
export const rules = sqliteTable(
  'rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    conditions: text('conditions').notNull(),
    actions: text('actions').notNull(),
    /** `learned`: made from a user's re-categorisation (offered or automatic). */
    source: text('source', { enum: ['user', 'learned'] })
      .notNull()
      .default('user'),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('rules_position_idx').on(t.position)],
);

/** Named transaction filters the user saved (the query as JSON). */
export const savedFilters = sqliteTable(
  'saved_filters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    query: text('query').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('saved_filters_name_unique').on(t.name)],
);

/**
 * Undo/redo of edits to transactions: each entry holds what it changed (before and after per row,
 * tag links added and removed) as JSON. `undone` entries are the redo stack; a new edit drops them.
 */
export const editHistory = sqliteTable('edit_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  label: text('label').notNull(),
  changes: text('changes').notNull(),
  state: text('state', { enum: ['done', 'undone'] })
    .notNull()
    .default('done'),
  createdAt: createdAt(),
});

/** Small facts about the database itself (e.g. which merchant normaliser made the stored keys). */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A trip: foreign spending grouped by a date range and/or a tag, with totals in both currencies.
 * With a tag, the trip is that tag's rows (any currency) within the dates, if given; without one,
 * the foreign-currency rows within the dates.
 */
export const trips = sqliteTable(
  'trips',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    fromDate: text('from_date'),
    toDate: text('to_date'),
    tag: text('tag'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('trips_name_unique').on(t.name)],
);

/**
 * The user's word on a detected (or missed) subscription, by merchant key and currency: confirmed,
 * dismissed (a wrong detection, remembered), or added by hand with its cadence.
 */
export const subscriptionMarks = sqliteTable('subscription_marks', {
  key: text('key').primaryKey(),
  merchant: text('merchant').notNull(),
  currency: text('currency').notNull(),
  state: text('state', { enum: ['confirmed', 'dismissed', 'manual'] }).notNull(),
  cadence: text('cadence', { enum: ['weekly', 'monthly', 'quarterly', 'yearly'] }),
  createdAt: createdAt(),
});

/** A saved quarterly review: each subscription's decision (keep / cancel / check) and note, JSON. */
export const subscriptionReviews = sqliteTable('subscription_reviews', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reviewedAt: text('reviewed_at').notNull(),
  note: text('note'),
  items: text('items').notNull(),
  createdAt: createdAt(),
});

/** Monthly budget per category: `month` null is the default that repeats; a month overrides it. */
export const budgets = sqliteTable(
  'budgets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    month: text('month'),
    /** Minor units of the home currency. */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [uniqueIndex('budgets_category_month').on(t.categoryId, t.month)],
);

/** A month the user has reviewed, with a note. */
export const monthReviews = sqliteTable('month_reviews', {
  month: text('month').primaryKey(),
  note: text('note'),
  reviewedAt: createdAt(),
});

/**
 * Merchant knowledge (core/knowledge.ts): the table shipped in resources/merchants.csv, loaded here
 * on start whenever that file changes, plus the user's own entries. The user's entries come first;
 * a shipped entry the user switched off stays off when the shipped table is reloaded.
 */
export const merchantKnowledge = sqliteTable(
  'merchant_knowledge',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: ['shipped', 'user'] }).notNull(),
    pattern: text('pattern').notNull(),
    match: text('match', { enum: ['contains', 'prefix', 'exact'] })
      .notNull()
      .default('contains'),
    /** A default category's key (`food`, …) or a category name. */
    category: text('category').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    note: text('note'),
  },
  (t) => [uniqueIndex('merchant_knowledge_source_pattern').on(t.source, t.pattern, t.match)],
);

/**
 * Files seen in the statement inbox folder (by default Downloads) and what became of them. A file is
 * offered only once its size and time have held still; one already imported is left alone.
 */
export const inboxFiles = sqliteTable(
  'inbox_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    path: text('path').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    mtimeMs: integer('mtime_ms').notNull(),
    contentHash: text('content_hash'),
    status: text('status', { enum: ['waiting', 'offered', 'imported', 'dismissed', 'ignored'] }).notNull(),
    format: text('format'),
    formatLabel: text('format_label'),
    cardName: text('card_name'),
    month: text('month'),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    rows: integer('rows'),
    /** Why an ignored file is not a statement, or what an offered one needs. */
    reason: text('reason'),
    firstSeen: text('first_seen').notNull(),
    /** Seen by the scan that runs when the app starts: it arrived while Meisai was closed. */
    arrivedWhileClosed: integer('arrived_while_closed', { mode: 'boolean' }).notNull().default(false),
    /** The user has seen the start notice that lists it. */
    announced: integer('announced', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('inbox_files_path').on(t.path)],
);
