-- Indexes for national size (issue 16, measured with npm run bench:scale): every hot read is a
-- range of an index, so its cost follows the rows it returns, not the size of the table.
-- The provider's charges page reads a month newest first: the order comes from the index.
DROP INDEX IF EXISTS `ledger_provider_month`;--> statement-breakpoint
CREATE INDEX `ledger_provider_month` ON `ledger_entries` (`provider_id`,`budget_month`,`created_at`,`id`);--> statement-breakpoint
-- The region's monthly settlement groups one month's rows by provider and service without the table.
CREATE INDEX `ledger_month_provider` ON `ledger_entries` (`budget_month`,`provider_id`,`service_id`,`kind`,`amount_cents`);--> statement-breakpoint
-- The audit log viewer filtered by client, newest first, paged by id.
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject_type`,`subject_id`,`id`);--> statement-breakpoint
-- The region's client list, by name, a page at a time.
CREATE INDEX `clients_name` ON `clients` (`last_name`,`first_name`,`id`);
