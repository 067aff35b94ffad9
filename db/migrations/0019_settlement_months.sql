-- The region's monthly settlement at national size (issue 16): a closed month's ledger is summed
-- once per provider and service and kept beside the evaluation's rows, under the same closed-month
-- marker (evaluation_closed_months): computed together, forgotten together by a late refund.
CREATE TABLE `settlement_months` (
	`month` text NOT NULL,
	`provider_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`charge_count` integer NOT NULL,
	`charges_cents` integer NOT NULL,
	`refunds_cents` integer NOT NULL,
	PRIMARY KEY(`month`, `provider_id`, `service_id`)
) WITHOUT ROWID;--> statement-breakpoint
-- Months already marked closed get their settlement rows now: their ledger has not changed since
-- they were marked (a late refund deletes the mark in its own transaction).
INSERT INTO `settlement_months` (`month`, `provider_id`, `service_id`, `charge_count`, `charges_cents`, `refunds_cents`)
SELECT `budget_month`, `provider_id`, `service_id`,
    sum(CASE `kind` WHEN 'charge' THEN 1 ELSE 0 END),
    sum(CASE `kind` WHEN 'charge' THEN `amount_cents` ELSE 0 END),
    sum(CASE `kind` WHEN 'charge' THEN 0 ELSE `amount_cents` END)
  FROM `ledger_entries` WHERE `budget_month` IN (SELECT `month` FROM `evaluation_closed_months`)
  GROUP BY `budget_month`, `provider_id`, `service_id`;
