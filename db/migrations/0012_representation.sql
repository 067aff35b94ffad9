-- Acting on someone's behalf (issue 12). The session remembers whom the signed-in person acts for;
-- a representative link records why it exists and for how long; audit rows name the client acted for.
ALTER TABLE `sessions` ADD `acting_for_client_id` integer REFERENCES `clients`(`id`);
--> statement-breakpoint
-- Links from before this migration were recorded without a basis: 'authorised' (the client's own
-- say-so) is the weakest basis and the worker can correct it on the representatives page.
ALTER TABLE `representative_links` ADD `basis` text DEFAULT 'authorised' NOT NULL;
--> statement-breakpoint
ALTER TABLE `representative_links` ADD `decision_date` text;
--> statement-breakpoint
ALTER TABLE `representative_links` ADD `valid_from` text;
--> statement-breakpoint
ALTER TABLE `representative_links` ADD `valid_until` text;
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `acting_for_client_id` integer REFERENCES `clients`(`id`);
--> statement-breakpoint
CREATE INDEX `audit_log_acting_for` ON `audit_log` (`acting_for_client_id`,`created_at`);
