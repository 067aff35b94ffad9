-- The seller's details (name, business ID, address, IBAN, BIC, e-invoice address) as each build
-- was issued with, so the printable invoice shows the account it was issued to even after the
-- provider changes its profile. Builds made before this migration have none and fall back to
-- the provider's current details. ADD COLUMN does not fire the append-only triggers.
ALTER TABLE `invoice_builds` ADD `seller` text;
