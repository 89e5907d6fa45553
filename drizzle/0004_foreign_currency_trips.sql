CREATE TABLE `trips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`from_date` text,
	`to_date` text,
	`tag` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trips_name_unique` ON `trips` (`name`);--> statement-breakpoint
ALTER TABLE `imports` ADD `updated_rows` text;