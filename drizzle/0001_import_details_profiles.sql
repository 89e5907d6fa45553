CREATE TABLE `csv_profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`header_signature` text NOT NULL,
	`mapping` text NOT NULL,
	`card_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`last_used_at` text,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `csv_profiles_name_unique` ON `csv_profiles` (`name`);--> statement-breakpoint
CREATE INDEX `csv_profiles_signature_idx` ON `csv_profiles` (`header_signature`);--> statement-breakpoint
ALTER TABLE `imports` ADD `computed_total` integer;--> statement-breakpoint
ALTER TABLE `imports` ADD `statement_month` text;--> statement-breakpoint
ALTER TABLE `imports` ADD `warnings` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `details` text;