// A property of invoicing, over random months of charges and refunds: the invoice's total is the
// charges minus the refunds; after the invoice is accepted, corrections come on credit notes that
// bring the month to the ledger to the cent; and no receipt is ever on two invoices.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, invoiceBuilds, invoiceEntries, invoices, ledgerEntries } from '../../db/schema';
import { chargeAmount } from '../../app/domain/charge.server';
import { newReceiptNumber } from '../../app/domain/receiptNumber';
import { changeInvoiceState, invoiceView, refundInvoicedCharge, runInvoicing } from '../../app/domain/invoicing.server';
import { addMonths } from '../../app/domain/months';
import { settlementFor } from '../../app/domain/settlement.server';
import { parseFinvoice } from '../helpers/finvoice';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';

const charge = fc.record({
  quantityHundredths: fc.integer({ min: 1, max: 1000 }),
  unitPriceCents: fc.integer({ min: 100, max: 20_000 }), // at least 1 €: every charge is at least a cent
  refundedAtOnce: fc.boolean(), // refunded before the month is invoiced
  correctedLater: fc.boolean(), // given back by the region after the invoice is accepted
});

type ChargeInput = typeof charge extends fc.Arbitrary<infer T> ? T : never;

let monthsUsed = 0;

/** Writes a month of history for the cleaning provider: charges and their same-day refunds. */
function writeMonth(month: string, rows: ChargeInput[]) {
  const db = getDb();
  const actor = providerActor('provider@example.fi');
  const service = serviceByCode('cleaning');
  const client = db.select().from(clients).where(eq(clients.phone, '+358401234567')).get()!;
  const line = db.select({ id: budgetLines.id }).from(budgetLines).innerJoin(decisions, eq(decisions.id, budgetLines.decisionId)).where(and(eq(decisions.clientId, client.id), eq(budgetLines.serviceId, service.id))).get()!;
  const ids: { chargeId: number; receipt: string; amountCents: number; refunded: boolean }[] = [];
  rows.forEach((row, index) => {
    const day = `${month}-${String((index % 28) + 1).padStart(2, '0')}`;
    const base = { clientId: client.id, budgetLineId: line.id, providerId: actor.providerId, providerUserId: actor.userId, serviceId: service.id, quantityHundredths: row.quantityHundredths, unitPriceCents: row.unitPriceCents, amountCents: chargeAmount(row.quantityHundredths, row.unitPriceCents), budgetMonth: month, serviceDate: day };
    const inserted = db.insert(ledgerEntries).values({ ...base, kind: 'charge', receiptNumber: newReceiptNumber(month), idempotencyKey: crypto.randomUUID(), createdAt: `${day}T10:00:00.000Z` }).returning({ id: ledgerEntries.id, receipt: ledgerEntries.receiptNumber }).get();
    if (row.refundedAtOnce) {
      db.insert(ledgerEntries).values({ ...base, kind: 'refund', receiptNumber: newReceiptNumber(month), idempotencyKey: crypto.randomUUID(), refundOfId: inserted.id, reason: 'Väärä määrä', createdAt: `${day}T11:00:00.000Z` }).run();
    }
    ids.push({ chargeId: inserted.id, receipt: inserted.receipt, amountCents: base.amountCents, refunded: row.refundedAtOnce });
  });
  return { actor, charges: ids };
}

function approveAndAccept(invoiceId: number, providerId: number) {
  const staff = userByEmail('provider@example.fi');
  const admin = userByEmail('admin@example.fi');
  const { buildId } = invoiceView(invoiceId, { providerId: null })!;
  expect(changeInvoiceState({ id: staff.id, providerId }, invoiceId, 'approve', { buildId })).toBe('done');
  expect(changeInvoiceState({ id: admin.id, providerId: null }, invoiceId, 'accept', { buildId })).toBe('done');
}

describe('invoicing property', () => {
  test('invoice = charges − refunds; credit notes bring later corrections to the cent; no receipt on two invoices', () => {
    fc.assert(
      fc.property(fc.array(charge, { minLength: 1, maxLength: 12 }), (rows) => {
        monthsUsed += 1;
        const month = addMonths('2019-12', -monthsUsed); // a fresh past month for each run
        const { actor, charges } = writeMonth(month, rows);
        const staff = { id: actor.userId, providerId: actor.providerId };
        const admin = { id: userByEmail('admin@example.fi').id, providerId: null };

        const first = runInvoicing(staff, actor.providerId, month);
        if (first.kind !== 'built') throw new Error(first.kind);
        const invoiceId = first.created.at(-1)!;
        const expected = rows.reduce((sum, row) => sum + (row.refundedAtOnce ? 0 : chargeAmount(row.quantityHundredths, row.unitPriceCents)), 0);
        const invoice = invoiceView(invoiceId, { providerId: null })!;
        expect(invoice.totalCents).toBe(expected);
        expect(parseFinvoice(invoice.xml).totalCents).toBe(expected);
        expect(invoice.totalCents).toBe(settlementFor(actor.providerId, month).total.netCents);
        approveAndAccept(invoiceId, actor.providerId);

        // Corrections after acceptance: the region gives charges back; the next run credits them.
        const corrections = charges.filter((c, i) => rows[i].correctedLater && !c.refunded);
        for (const c of corrections) expect(refundInvoicedCharge(admin, c.receipt, 'Riita ratkaistu', crypto.randomUUID()).kind).toBe('refunded');
        const second = runInvoicing(staff, actor.providerId, month);
        if (second.kind !== 'built') throw new Error(second.kind);
        const notes = getDb().select().from(invoices).where(and(eq(invoices.providerId, actor.providerId), eq(invoices.budgetMonth, month), eq(invoices.kind, 'credit_note'))).all();
        expect(notes).toHaveLength(corrections.length > 0 ? 1 : 0);
        for (const note of notes) {
          const view = invoiceView(note.id, { providerId: null })!;
          expect(view.totalCents).toBe(-corrections.reduce((sum, c) => sum + c.amountCents, 0));
          expect(parseFinvoice(view.xml)).toMatchObject({ typeCode: 'INV02', originalInvoiceNumber: invoice.invoiceNumber });
          approveAndAccept(note.id, actor.providerId);
        }
        // A third run finds nothing new: every row is on exactly one accepted invoice.
        const third = runInvoicing(staff, actor.providerId, month);
        expect(third.kind === 'built' && third.created.length === 0 && third.rebuilt.length === 0).toBe(true);

        const monthInvoices = getDb().select().from(invoices).where(and(eq(invoices.providerId, actor.providerId), eq(invoices.budgetMonth, month))).all();
        const totals = monthInvoices.map((row) => invoiceView(row.id, { providerId: null })!.totalCents);
        expect(totals.reduce((a, b) => a + b, 0)).toBe(settlementFor(actor.providerId, month).total.netCents);
        const ledgerIds = getDb().select({ id: ledgerEntries.id }).from(ledgerEntries).where(and(eq(ledgerEntries.providerId, actor.providerId), eq(ledgerEntries.budgetMonth, month))).all().map((row) => row.id).sort((a, b) => a - b);
        const covered = monthInvoices.flatMap((row) => getDb().select({ id: invoiceEntries.ledgerEntryId }).from(invoiceEntries).where(eq(invoiceEntries.invoiceId, row.id)).all().map((entry) => entry.id));
        expect([...covered].sort((a, b) => a - b)).toEqual(ledgerIds); // each once: no receipt on two invoices
        const builtIds = monthInvoices.flatMap((row) => getDb().select({ ids: invoiceBuilds.ledgerEntryIds }).from(invoiceBuilds).where(eq(invoiceBuilds.invoiceId, row.id)).all().at(-1)!.ids);
        expect(new Set(builtIds).size).toBe(builtIds.length);
      }),
      { numRuns: 25 },
    );
  });
});
