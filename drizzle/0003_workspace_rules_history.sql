CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `edit_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`changes` text NOT NULL,
	`state` text DEFAULT 'done' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`conditions` text NOT NULL,
	`actions` text NOT NULL,
	`source` text DEFAULT 'user' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text
);
--> statement-breakpoint
CREATE INDEX `rules_position_idx` ON `rules` (`position`);--> statement-breakpoint
CREATE TABLE `saved_filters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_filters_name_unique` ON `saved_filters` (`name`);--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_manual` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `transactions` ADD `search_text` text;--> statement-breakpoint
CREATE INDEX `transactions_category_date_idx` ON `transactions` (`category_id`,`date`);--> statement-breakpoint
-- The default household categories (src/core/categories.ts).
INSERT OR IGNORE INTO `categories` (`name`, `builtin_key`, `color`, `sort_order`) VALUES
	('食費', 'food', '#e4572e', 0),
	('日用品', 'daily', '#f3a712', 1),
	('交通', 'transport', '#29335c', 2),
	('通信', 'telecom', '#4c9f70', 3),
	('水道光熱', 'utilities', '#2e86ab', 4),
	('住居', 'housing', '#8e6c8a', 5),
	('医療', 'medical', '#d1495b', 6),
	('教育', 'education', '#66a182', 7),
	('娯楽', 'entertainment', '#edae49', 8),
	('交際費', 'social', '#c05299', 9),
	('サブスク', 'subscriptions', '#00798c', 10),
	('旅行', 'travel', '#3d5a80', 11),
	('仕事・経費', 'work', '#6c757d', 12),
	('衣服・美容', 'clothing', '#b56576', 13),
	('ショッピング', 'shopping', '#f9844a', 14),
	('保険', 'insurance', '#577590', 15),
	('税金・社会保険', 'tax', '#90be6d', 16),
	('その他', 'other', '#8a8f98', 17);