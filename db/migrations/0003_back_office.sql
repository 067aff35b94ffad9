CREATE TABLE `client_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`needs` text NOT NULL,
	`goals` text NOT NULL,
	`services_agreed` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_plans_client` ON `client_plans` (`client_id`,`id`);--> statement-breakpoint
CREATE TABLE `settlement_invoices` (
	`provider_id` integer NOT NULL,
	`budget_month` text NOT NULL,
	`charge_count` integer NOT NULL,
	`charges_cents` integer NOT NULL,
	`refunds_cents` integer NOT NULL,
	`net_cents` integer NOT NULL,
	`invoiced_at` text NOT NULL,
	`invoiced_by` integer NOT NULL,
	PRIMARY KEY(`provider_id`, `budget_month`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoiced_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `decisions` ADD `caregiver_leave_swap` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Plan history and invoiced months are kept: the database refuses changes and deletions.
CREATE TRIGGER client_plans_no_update BEFORE UPDATE ON client_plans
BEGIN SELECT RAISE(ABORT, 'client_plans is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER client_plans_no_delete BEFORE DELETE ON client_plans
BEGIN SELECT RAISE(ABORT, 'client_plans is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER settlement_invoices_no_update BEFORE UPDATE ON settlement_invoices
BEGIN SELECT RAISE(ABORT, 'settlement_invoices is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER settlement_invoices_no_delete BEFORE DELETE ON settlement_invoices
BEGIN SELECT RAISE(ABORT, 'settlement_invoices is append-only'); END;
--> statement-breakpoint
-- A decision is never rewritten: the one change allowed is ending it (shortening valid_to).
-- Replacing a decision ends the old one and adds a new one; budget lines never change.
CREATE TRIGGER decisions_only_end BEFORE UPDATE ON decisions
WHEN NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id OR NEW.worker_id IS NOT OLD.worker_id
  OR NEW.valid_from IS NOT OLD.valid_from OR NEW.replaces_decision_id IS NOT OLD.replaces_decision_id
  OR NEW.note IS NOT OLD.note OR NEW.caregiver_leave_swap IS NOT OLD.caregiver_leave_swap
  OR NEW.created_at IS NOT OLD.created_at
  OR NEW.valid_to IS NULL OR (OLD.valid_to IS NOT NULL AND NEW.valid_to > OLD.valid_to)
BEGIN SELECT RAISE(ABORT, 'a decision can only be ended, never rewritten'); END;
--> statement-breakpoint
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are ended, never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER budget_lines_no_update BEFORE UPDATE ON budget_lines
BEGIN SELECT RAISE(ABORT, 'budget_lines is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER budget_lines_no_delete BEFORE DELETE ON budget_lines
BEGIN SELECT RAISE(ABORT, 'budget_lines is append-only'); END;
