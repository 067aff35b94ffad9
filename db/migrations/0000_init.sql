CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`details` text,
	`ip` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_action` ON `audit_log` (`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `budget_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`monthly_cents` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "monthly_positive" CHECK("budget_lines"."monthly_cents" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_lines_decision_service` ON `budget_lines` (`decision_id`,`service_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`phone` text NOT NULL,
	`municipality_code` text NOT NULL,
	`language` text DEFAULT 'fi' NOT NULL,
	`own_worker_id` integer NOT NULL,
	`client_group` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`own_worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_phone` ON `clients` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `clients_user` ON `clients` (`user_id`);--> statement-breakpoint
CREATE INDEX `clients_worker` ON `clients` (`own_worker_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`replaces_decision_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_client` ON `decisions` (`client_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`client_id` integer NOT NULL,
	`budget_line_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`provider_user_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`quantity_hundredths` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`budget_month` text NOT NULL,
	`service_date` text NOT NULL,
	`receipt_number` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`refund_of_id` integer,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`budget_line_id`) REFERENCES `budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amount_positive" CHECK("ledger_entries"."amount_cents" > 0),
	CONSTRAINT "quantity_positive" CHECK("ledger_entries"."quantity_hundredths" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_receipt` ON `ledger_entries` (`receipt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_idempotency` ON `ledger_entries` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_refund_of` ON `ledger_entries` (`refund_of_id`);--> statement-breakpoint
CREATE INDEX `ledger_line_month` ON `ledger_entries` (`budget_line_id`,`budget_month`);--> statement-breakpoint
CREATE INDEX `ledger_provider_month` ON `ledger_entries` (`provider_id`,`budget_month`);--> statement-breakpoint
CREATE INDEX `ledger_client_month` ON `ledger_entries` (`client_id`,`budget_month`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`succeeded` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_email` ON `login_attempts` (`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `login_attempts_ip` ON `login_attempts` (`ip`,`created_at`);--> statement-breakpoint
CREATE TABLE `municipalities` (
	`code` text PRIMARY KEY NOT NULL,
	`name_fi` text NOT NULL,
	`name_sv` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `provider_languages` (
	`provider_id` integer NOT NULL,
	`language` text NOT NULL,
	PRIMARY KEY(`provider_id`, `language`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `provider_municipalities` (
	`provider_id` integer NOT NULL,
	`municipality_code` text NOT NULL,
	PRIMARY KEY(`provider_id`, `municipality_code`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `provider_offerings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`valid_from` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "price_positive" CHECK("provider_offerings"."price_cents" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_offerings_from` ON `provider_offerings` (`provider_id`,`service_id`,`valid_from`);--> statement-breakpoint
CREATE INDEX `provider_offerings_service` ON `provider_offerings` (`service_id`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`business_id` text NOT NULL,
	`contact_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text NOT NULL,
	`street_address` text DEFAULT '' NOT NULL,
	`website` text,
	`description_fi` text DEFAULT '' NOT NULL,
	`description_sv` text DEFAULT '' NOT NULL,
	`accessibility_fi` text DEFAULT '' NOT NULL,
	`accessibility_sv` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`status_reason` text,
	`approved_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_business_id` ON `providers` (`business_id`);--> statement-breakpoint
CREATE INDEX `providers_status` ON `providers` (`status`);--> statement-breakpoint
CREATE TABLE `representative_links` (
	`client_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`relationship` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`client_id`, `user_id`),
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `representative_links_user` ON `representative_links` (`user_id`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_fi` text NOT NULL,
	`name_sv` text NOT NULL,
	`unit` text NOT NULL,
	`category` text NOT NULL,
	`retired_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_code` ON `services` (`code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`language` text DEFAULT 'fi' NOT NULL,
	`phone` text,
	`provider_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_role` ON `users` (`role`);