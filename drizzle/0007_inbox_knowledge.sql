CREATE TABLE `inbox_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` integer NOT NULL,
	`content_hash` text,
	`status` text NOT NULL,
	`format` text,
	`format_label` text,
	`card_name` text,
	`month` text,
	`period_from` text,
	`period_to` text,
	`rows` integer,
	`reason` text,
	`first_seen` text NOT NULL,
	`arrived_while_closed` integer DEFAULT false NOT NULL,
	`announced` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_files_path` ON `inbox_files` (`path`);--> statement-breakpoint
CREATE TABLE `merchant_knowledge` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`pattern` text NOT NULL,
	`match` text DEFAULT 'contains' NOT NULL,
	`category` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `merchant_knowledge_source_pattern` ON `merchant_knowledge` (`source`,`pattern`,`match`);