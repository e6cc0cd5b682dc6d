CREATE TABLE `catalog_prices` (
	`product_id` text NOT NULL,
	`version` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`changed_at` text NOT NULL,
	`actor` text,
	PRIMARY KEY(`product_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `catalog_products` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`listed_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_products_active_name` ON `catalog_products` (`active`,`name`);--> statement-breakpoint
DROP TABLE `login_failures`;--> statement-breakpoint
DROP TABLE `products`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `order_summaries` ADD `customer_name` text;