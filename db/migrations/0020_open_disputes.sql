-- The region's settlement lists the month's open disputes: from the open ones alone (few at any
-- time), not from every dispute ever nor from the month's ledger rows.
CREATE INDEX `charge_disputes_open` ON `charge_disputes` (`status`,`created_at`) WHERE `status` = 'open';
