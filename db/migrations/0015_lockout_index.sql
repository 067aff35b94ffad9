-- The charge lockout counts one provider user's rows of one action in the last 15 minutes
-- (issue 16): with the action in the index that is an index-only range, not a read of every audit
-- row the user left in the window.
DROP INDEX IF EXISTS `audit_log_actor`;--> statement-breakpoint
CREATE INDEX `audit_log_actor_action` ON `audit_log` (`actor_user_id`,`action`,`created_at`);
