-- No statement reads the ledger by budget line (what is used is summed per client, service and
-- month through ledger_client_month), and budget lines are never deleted, so the foreign key
-- needs no index either. Every charge wrote one more random leaf page for it (issue 16: a charge
-- commit's cost is the pages it writes).
DROP INDEX IF EXISTS `ledger_line_month`;
