ALTER TABLE `order_summaries` ADD `number` integer;--> statement-breakpoint
CREATE INDEX `order_summaries_number` ON `order_summaries` (`number`);