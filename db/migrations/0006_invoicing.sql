ALTER TABLE `providers` ADD `iban` text;--> statement-breakpoint
ALTER TABLE `providers` ADD `bic` text;--> statement-breakpoint
ALTER TABLE `providers` ADD `einvoice_address` text;--> statement-breakpoint
ALTER TABLE `providers` ADD `einvoice_operator` text;--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`budget_month` text NOT NULL,
	`kind` text NOT NULL,
	`sequence_number` integer NOT NULL,
	`invoice_number` text NOT NULL,
	`reference_number` text NOT NULL,
	`original_invoice_id` integer,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoice_kind" CHECK("invoices"."kind" in ('invoice', 'credit_note')),
	CONSTRAINT "credit_note_has_original" CHECK(("invoices"."kind" = 'invoice') = ("invoices"."original_invoice_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_provider_sequence` ON `invoices` (`provider_id`,`sequence_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_reference` ON `invoices` (`reference_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_one_per_month` ON `invoices` (`provider_id`,`budget_month`) WHERE "invoices"."kind" = 'invoice';--> statement-breakpoint
CREATE INDEX `invoices_month` ON `invoices` (`budget_month`);--> statement-breakpoint
CREATE TABLE `invoice_builds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`invoice_date` text NOT NULL,
	`due_date` text NOT NULL,
	`charges_cents` integer NOT NULL,
	`refunds_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`ledger_entry_ids` text NOT NULL,
	`xml` text NOT NULL,
	`built_by` integer NOT NULL,
	`built_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`built_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_builds_invoice` ON `invoice_builds` (`invoice_id`,`id`);--> statement-breakpoint
CREATE TABLE `invoice_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`state` text NOT NULL,
	`build_id` integer NOT NULL,
	`event_date` text,
	`actor_user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`build_id`) REFERENCES `invoice_builds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoice_state" CHECK("invoice_events"."state" in ('draft', 'approved', 'accepted', 'sent', 'paid'))
);
--> statement-breakpoint
CREATE INDEX `invoice_events_invoice` ON `invoice_events` (`invoice_id`,`id`);--> statement-breakpoint
CREATE TABLE `invoice_entries` (
	`ledger_entry_id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer NOT NULL,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_entries_invoice` ON `invoice_entries` (`invoice_id`);--> statement-breakpoint
-- Invoices, their builds, state changes and the receipts they cover are kept: nothing is edited
-- in place or deleted.
CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_builds_no_update BEFORE UPDATE ON invoice_builds
BEGIN SELECT RAISE(ABORT, 'invoice_builds is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_builds_no_delete BEFORE DELETE ON invoice_builds
BEGIN SELECT RAISE(ABORT, 'invoice_builds is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_events_no_update BEFORE UPDATE ON invoice_events
BEGIN SELECT RAISE(ABORT, 'invoice_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_events_no_delete BEFORE DELETE ON invoice_events
BEGIN SELECT RAISE(ABORT, 'invoice_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_entries_no_update BEFORE UPDATE ON invoice_entries
BEGIN SELECT RAISE(ABORT, 'invoice_entries is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_entries_no_delete BEFORE DELETE ON invoice_entries
BEGIN SELECT RAISE(ABORT, 'invoice_entries is append-only'); END;
