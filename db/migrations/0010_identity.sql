-- Clients and representatives are known by their Finnish identity code (Suomi.fi sign-in matches it).
ALTER TABLE `users` ADD `national_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_national_id` ON `users` (`national_id`) WHERE `national_id` IS NOT NULL;--> statement-breakpoint
-- A Suomi.fi session's NameID and SessionIndex, so single logout can find and end it.
ALTER TABLE `sessions` ADD `saml_name_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `saml_session_index` text;--> statement-breakpoint
CREATE INDEX `sessions_saml_name_id` ON `sessions` (`saml_name_id`);--> statement-breakpoint
-- AuthnRequest ids sent and not yet answered (an answer's InResponseTo must be one of them).
CREATE TABLE `saml_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL
);--> statement-breakpoint
-- Assertion ids and InResponseTo values already used once: a second use is a replay.
CREATE TABLE `saml_seen_ids` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`seen_at` text NOT NULL
);
