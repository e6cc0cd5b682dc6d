CREATE TABLE `stock_levels` (
	`product_id` text PRIMARY KEY NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`position` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`product_id` text NOT NULL,
	`order_id` text NOT NULL,
	`type` text NOT NULL,
	`quantity` integer NOT NULL,
	`available` integer,
	`causation_id` text,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_movements_order` ON `stock_movements` (`order_id`,`position`);