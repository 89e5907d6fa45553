CREATE TABLE `subscription_marks` (
	`key` text PRIMARY KEY NOT NULL,
	`merchant` text NOT NULL,
	`currency` text NOT NULL,
	`state` text NOT NULL,
	`cadence` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscription_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reviewed_at` text NOT NULL,
	`note` text,
	`items` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
DROP INDEX `transactions_category_date_idx`;--> statement-breakpoint
CREATE INDEX `transactions_category_date_idx` ON `transactions` (`category_id`,`date`) WHERE "transactions"."category_id" IS NOT NULL;