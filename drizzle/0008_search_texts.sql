-- Search texts move out of the rows into a table of distinct texts (src/services/search-texts.ts):
-- a search reads the few distinct texts, then the matching rows through transactions_search_date_idx.
-- meisai_search_text is registered by src/services/db/open.ts (the same fold as the services use).
CREATE TABLE `search_texts` (
	`id` integer PRIMARY KEY NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_texts_text_unique` ON `search_texts` (`text`);--> statement-breakpoint
ALTER TABLE `transactions` ADD `search_id` integer;--> statement-breakpoint
INSERT OR IGNORE INTO `search_texts` (`text`) SELECT COALESCE(`search_text`, meisai_search_text(`description`, `display_name`, `memo`)) FROM `transactions`;--> statement-breakpoint
UPDATE `transactions` SET `search_id` = (SELECT `id` FROM `search_texts` s WHERE s.`text` = COALESCE(`transactions`.`search_text`, meisai_search_text(`transactions`.`description`, `transactions`.`display_name`, `transactions`.`memo`)));--> statement-breakpoint
CREATE INDEX `transactions_search_date_idx` ON `transactions` (`search_id`,`date`);
