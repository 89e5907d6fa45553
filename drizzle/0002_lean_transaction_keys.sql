-- Fingerprints become 64-bit keys (meisai_fingerprint_key is registered by src/services/db/open.ts);
-- the merchant and category indexes go until a feature queries by them.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_transactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`cardholder_id` integer,
	`date` text NOT NULL,
	`posted_date` text,
	`description` text NOT NULL,
	`merchant` text NOT NULL,
	`display_name` text,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`original_amount` integer,
	`original_currency` text,
	`fx_rate` text,
	`kind` text NOT NULL,
	`payment_plan` text,
	`billed_amount` integer,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`details` text,
	`category_id` integer,
	`memo` text,
	`import_id` integer,
	`source_line` integer,
	`fingerprint` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`cardholder_id`) REFERENCES `cardholders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "transactions_date_format" CHECK("__new_transactions"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_transactions`("id", "card_id", "cardholder_id", "date", "posted_date", "description", "merchant", "display_name", "amount", "currency", "original_amount", "original_currency", "fx_rate", "kind", "payment_plan", "billed_amount", "status", "details", "category_id", "memo", "import_id", "source_line", "fingerprint", "created_at", "updated_at") SELECT "id", "card_id", "cardholder_id", "date", "posted_date", "description", "merchant", "display_name", "amount", "currency", "original_amount", "original_currency", "fx_rate", "kind", "payment_plan", "billed_amount", "status", "details", "category_id", "memo", "import_id", "source_line", meisai_fingerprint_key("fingerprint"), "created_at", "updated_at" FROM `transactions`;--> statement-breakpoint
DROP TABLE `transactions`;--> statement-breakpoint
ALTER TABLE `__new_transactions` RENAME TO `transactions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_card_fingerprint` ON `transactions` (`card_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `transactions_date_idx` ON `transactions` (`date`);--> statement-breakpoint
CREATE INDEX `transactions_card_date_idx` ON `transactions` (`card_id`,`date`);--> statement-breakpoint
CREATE INDEX `transactions_import_idx` ON `transactions` (`import_id`);