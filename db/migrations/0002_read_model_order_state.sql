CREATE TABLE `order_state` (
	`order_id` text PRIMARY KEY NOT NULL,
	`schema_version` integer NOT NULL,
	`state` text NOT NULL
);
--> statement-breakpoint
DROP TABLE `activity_projection_state`;--> statement-breakpoint
DROP TABLE `orders_projection_state`;