-- One unique index (card, date, fingerprint) serves both dedup and per-card date order; see schema.ts.
DROP INDEX `transactions_card_fingerprint`;--> statement-breakpoint
DROP INDEX `transactions_card_date_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_card_date_fingerprint` ON `transactions` (`card_id`,`date`,`fingerprint`);