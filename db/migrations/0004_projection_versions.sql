ALTER TABLE `customer_stats` ADD `events` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `projection_checkpoints` ADD `version` integer DEFAULT 0 NOT NULL;