-- Kept apart from 0008 only because drizzle-kit generates the column's removal on its own.
ALTER TABLE `transactions` DROP COLUMN `search_text`;
