-- A temporary (one-time) password stops working at this time; null when the password is the person's own.
ALTER TABLE `users` ADD `temporary_password_expires_at` text;--> statement-breakpoint
-- Temporary passwords handed out before this migration get the default 72 hours from now.
UPDATE `users` SET `temporary_password_expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+72 hours') WHERE `must_change_password` = 1;--> statement-breakpoint
-- Sign-ins refused while a limit is in force are counted here (one row per lockout episode),
-- not written to the audit log one row each.
CREATE TABLE `sign_in_refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`first_at` text NOT NULL,
	`last_at` text NOT NULL,
	`refused` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_refusals_subject` ON `sign_in_refusals` (`scope`,`subject`,`last_at`);--> statement-breakpoint
CREATE INDEX `login_attempts_email_ip` ON `login_attempts` (`email`,`ip`,`created_at`);
