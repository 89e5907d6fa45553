CREATE TABLE `budgets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer NOT NULL,
	`month` text,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budgets_category_month` ON `budgets` (`category_id`,`month`);--> statement-breakpoint
CREATE TABLE `month_reviews` (
	`month` text PRIMARY KEY NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `cards` ADD `payment_month_offset` integer DEFAULT 1 NOT NULL;