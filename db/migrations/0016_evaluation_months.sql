-- The evaluation report at national size (issue 16): a closed month's ledger is summed once per
-- client and service and kept; only the current month is read from the ledger. A closed month
-- changes only by a late refund of a disputed charge, which deletes that month's rows again.
CREATE TABLE `evaluation_ledger_months` (
	`month` text NOT NULL,
	`client_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`net_used_cents` integer NOT NULL,
	`providers` text,
	PRIMARY KEY(`month`, `client_id`, `service_id`)
) WITHOUT ROWID;--> statement-breakpoint
CREATE TABLE `evaluation_closed_months` (
	`month` text PRIMARY KEY NOT NULL,
	`computed_at` text NOT NULL
);--> statement-breakpoint
-- client_id appended: the region's settlement and the evaluation's live month both read one
-- month's rows from this index alone.
DROP INDEX IF EXISTS `ledger_month_provider`;--> statement-breakpoint
CREATE INDEX `ledger_month_provider` ON `ledger_entries` (`budget_month`,`provider_id`,`service_id`,`kind`,`amount_cents`,`client_id`);--> statement-breakpoint
-- The report counts every client by group and joining day: from this index, not the client rows.
CREATE INDEX `clients_group_joined` ON `clients` (`client_group`,`created_at`);
