-- The outbox becomes a delivery queue: one row per person and channel, with a stable message id,
-- attempts and the next try. A row may name an address without a login (a client the worker
-- recorded only a phone number for), so user_id becomes nullable: the table is rebuilt.
CREATE TABLE `notification_outbox_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`client_id` integer,
	`kind` text DEFAULT 'message' NOT NULL,
	`channel` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'fi' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`text` text NOT NULL,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	`failed_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Rows from before this migration were never meant to leave the server: kept, marked skipped.
INSERT INTO `notification_outbox_new` (`id`, `user_id`, `channel`, `text`, `message_id`, `status`, `created_at`, `sent_at`)
SELECT `id`, `user_id`, `channel`, `text`, 'legacy-' || `id`, 'skipped', `created_at`, `sent_at` FROM `notification_outbox`;
--> statement-breakpoint
DROP TABLE `notification_outbox`;
--> statement-breakpoint
ALTER TABLE `notification_outbox_new` RENAME TO `notification_outbox`;
--> statement-breakpoint
CREATE INDEX `notification_outbox_user` ON `notification_outbox` (`user_id`,`created_at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_message_id` ON `notification_outbox` (`message_id`);
--> statement-breakpoint
CREATE INDEX `notification_outbox_due` ON `notification_outbox` (`status`,`next_attempt_at`);
--> statement-breakpoint
-- How a person wants to be told; no row = the default from what the worker recorded.
CREATE TABLE `notification_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`language` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A client's objection to a charge. Never a change to the ledger: a record of its own, resolved by
-- the provider's refund (a ledger row of its own) or closed by the own worker with a reason.
CREATE TABLE `charge_disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`charge_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`raised_by` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolved_at` text,
	`resolved_by` integer,
	`resolution_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`charge_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dispute_reason" CHECK(`reason` in ('not_received', 'wrong_amount')),
	CONSTRAINT "dispute_status" CHECK(`status` in ('open', 'refunded', 'closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `charge_disputes_charge` ON `charge_disputes` (`charge_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `charge_disputes_idempotency` ON `charge_disputes` (`idempotency_key`);
--> statement-breakpoint
CREATE INDEX `charge_disputes_client` ON `charge_disputes` (`client_id`,`status`);
--> statement-breakpoint
CREATE INDEX `charge_disputes_provider` ON `charge_disputes` (`provider_id`,`status`);
--> statement-breakpoint
CREATE TRIGGER charge_disputes_no_delete BEFORE DELETE ON charge_disputes
BEGIN SELECT RAISE(ABORT, 'disputes are resolved, never deleted'); END;
