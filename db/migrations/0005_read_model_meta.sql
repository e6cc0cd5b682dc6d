CREATE TABLE `read_model_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
