-- A worker's or administrator's second factor (TOTP, RFC 6238). The secret is encrypted with a
-- server key (AES-256-GCM); last_used_step is the last time step accepted, so a code works once.
CREATE TABLE `second_factors` (
	`user_id` integer PRIMARY KEY NOT NULL REFERENCES `users`(`id`),
	`secret_encrypted` text NOT NULL,
	`last_used_step` integer,
	`enrolled_at` text NOT NULL
);
--> statement-breakpoint
-- Recovery codes, hashed; each works once.
CREATE TABLE `recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL REFERENCES `users`(`id`),
	`code_hash` text NOT NULL,
	`used_at` text
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_user` ON `recovery_codes` (`user_id`);--> statement-breakpoint
-- A sign-in that has passed the password and waits for the code (or for enrolment). Not a
-- session: its cookie opens only the code and enrolment pages. id is the SHA-256 of the cookie value.
CREATE TABLE `pending_sign_ins` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL REFERENCES `users`(`id`),
	`ip` text,
	`redirect_to` text,
	`enrol_secret_encrypted` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pending_sign_ins_user` ON `pending_sign_ins` (`user_id`);
