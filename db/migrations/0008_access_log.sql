-- Who has looked at or changed a client's data (703/2023 §11, 906/2019 §17): one row per loader or
-- action by anyone but the client or a representative acting for them. Append-only: rows leave
-- only through the retention job, for a client whose data has been erased, once they are old
-- enough (see the access_log_no_delete trigger and docs/decisions/018-data-retention.md).
CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL REFERENCES `clients`(`id`),
	`actor_user_id` integer REFERENCES `users`(`id`),
	`actor_role` text NOT NULL,
	`provider_id` integer REFERENCES `providers`(`id`),
	`record_kind` text NOT NULL,
	`basis` text NOT NULL,
	`reason_code` text,
	`reason_text` text,
	`succeeded` integer NOT NULL,
	`ip` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `access_log_client` ON `access_log` (`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `access_log_actor` ON `access_log` (`actor_user_id`,`client_id`,`created_at`);--> statement-breakpoint
-- The day the client's matter closed (they left the service); the retention period runs from it.
ALTER TABLE `clients` ADD `service_ended_on` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `erased_at` text;--> statement-breakpoint
-- Every retention run with what it removed; a run is open while finished_at is null.
CREATE TABLE `retention_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`access_log_before` text NOT NULL,
	`counts` text
);
--> statement-breakpoint
-- Clients whose personal data a retention run erased (the client row stays, anonymised).
CREATE TABLE `retention_erasures` (
	`client_id` integer PRIMARY KEY NOT NULL REFERENCES `clients`(`id`),
	`run_id` integer NOT NULL REFERENCES `retention_runs`(`id`),
	`erased_at` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
WHEN NOT EXISTS (
  SELECT 1 FROM retention_runs r JOIN retention_erasures e ON e.client_id = OLD.client_id
  WHERE r.finished_at IS NULL AND OLD.created_at < r.access_log_before)
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
--> statement-breakpoint
-- Messages, conversations and plans stay append-only, except that an open retention run may remove
-- those of a client it has erased.
DROP TRIGGER messages_no_delete;--> statement-breakpoint
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
WHEN NOT EXISTS (
  SELECT 1 FROM retention_runs r, retention_erasures e JOIN conversations c ON c.client_id = e.client_id
  WHERE r.finished_at IS NULL AND e.run_id = r.id AND c.id = OLD.conversation_id)
BEGIN SELECT RAISE(ABORT, 'messages is append-only'); END;
--> statement-breakpoint
DROP TRIGGER conversations_no_delete;--> statement-breakpoint
CREATE TRIGGER conversations_no_delete BEFORE DELETE ON conversations
WHEN NOT EXISTS (
  SELECT 1 FROM retention_runs r JOIN retention_erasures e ON e.run_id = r.id
  WHERE r.finished_at IS NULL AND e.client_id = OLD.client_id)
BEGIN SELECT RAISE(ABORT, 'conversations are closed, never deleted'); END;
--> statement-breakpoint
DROP TRIGGER client_plans_no_delete;--> statement-breakpoint
CREATE TRIGGER client_plans_no_delete BEFORE DELETE ON client_plans
WHEN NOT EXISTS (
  SELECT 1 FROM retention_runs r JOIN retention_erasures e ON e.run_id = r.id
  WHERE r.finished_at IS NULL AND e.client_id = OLD.client_id)
BEGIN SELECT RAISE(ABORT, 'client_plans is append-only'); END;
--> statement-breakpoint
-- A decision's free-text note may be emptied (and nothing else changed) by the retention run that
-- erases its client; otherwise the rule of 0003 stands: a decision can only be ended.
DROP TRIGGER decisions_only_end;--> statement-breakpoint
CREATE TRIGGER decisions_only_end BEFORE UPDATE ON decisions
WHEN NOT (
    NEW.note = '' AND NEW.id IS OLD.id AND NEW.client_id IS OLD.client_id AND NEW.worker_id IS OLD.worker_id
    AND NEW.valid_from IS OLD.valid_from AND NEW.valid_to IS OLD.valid_to AND NEW.replaces_decision_id IS OLD.replaces_decision_id
    AND NEW.caregiver_leave_swap IS OLD.caregiver_leave_swap AND NEW.created_at IS OLD.created_at
    AND EXISTS (SELECT 1 FROM retention_runs r JOIN retention_erasures e ON e.run_id = r.id
                WHERE r.finished_at IS NULL AND e.client_id = OLD.client_id))
  AND (NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id OR NEW.worker_id IS NOT OLD.worker_id
  OR NEW.valid_from IS NOT OLD.valid_from OR NEW.replaces_decision_id IS NOT OLD.replaces_decision_id
  OR NEW.note IS NOT OLD.note OR NEW.caregiver_leave_swap IS NOT OLD.caregiver_leave_swap
  OR NEW.created_at IS NOT OLD.created_at
  OR NEW.valid_to IS NULL OR (OLD.valid_to IS NOT NULL AND NEW.valid_to > OLD.valid_to))
BEGIN SELECT RAISE(ABORT, 'a decision can only be ended, never rewritten'); END;
