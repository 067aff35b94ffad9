-- What a client has used of a service this month (every charge checks it, the budget page shows
-- it) is summed from this index alone. Since ledger_month_provider also carries client_id (0016)
-- it covered those sums too, and SQLite preferred it: every charge then read the whole month of
-- the region (500,000 rows at national size, 34 ms) instead of the client's few rows (issue 16).
DROP INDEX IF EXISTS `ledger_client_month`;--> statement-breakpoint
CREATE INDEX `ledger_client_month` ON `ledger_entries` (`client_id`,`budget_month`,`service_id`,`kind`,`amount_cents`);
