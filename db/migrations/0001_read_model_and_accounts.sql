CREATE TABLE `activity_projection_state` (
	`order_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customer_stats` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`orders_count` integer NOT NULL,
	`submitted_count` integer NOT NULL,
	`cancelled_count` integer NOT NULL,
	`lifetime_value_cents` integer NOT NULL,
	`last_order_at` text
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`username` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` text NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `order_activity` (
	`position` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text NOT NULL,
	`type` text NOT NULL,
	`version` integer NOT NULL,
	`actor` text,
	`recorded_at` text NOT NULL,
	`summary` text NOT NULL,
	`correlation_id` text,
	`causation_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_activity_order_version` ON `order_activity` (`order_id`,`version`);--> statement-breakpoint
CREATE INDEX `order_activity_type_position` ON `order_activity` (`type`,`position`);--> statement-breakpoint
CREATE INDEX `order_activity_correlation` ON `order_activity` (`correlation_id`,`position`);--> statement-breakpoint
CREATE INDEX `order_activity_causation` ON `order_activity` (`causation_id`);--> statement-breakpoint
CREATE INDEX `order_activity_event` ON `order_activity` (`event_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	PRIMARY KEY(`order_id`, `product_id`)
);
--> statement-breakpoint
CREATE TABLE `order_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`total_cents` integer NOT NULL,
	`item_count` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_at` text,
	`cancelled_at` text,
	`cancel_reason` text
);
--> statement-breakpoint
CREATE INDEX `order_summaries_customer_created` ON `order_summaries` (`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `order_summaries_customer_status_created` ON `order_summaries` (`customer_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `order_summaries_status_created` ON `order_summaries` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `order_summaries_created` ON `order_summaries` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `orders_projection_state` (
	`order_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projection_checkpoints` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projector_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`username`) REFERENCES `users`(`username`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_username` ON `sessions` (`username`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`username` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL
);
