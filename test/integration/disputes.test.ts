// The client's say over a charge: a client or representative disputes a charge within the period
// (a record of its own, never a ledger change), the provider may refund a disputed charge after the
// day (only its own), the own worker closes a dispute with a reason the client sees, and who sees
// which dispute. Forms are posted as a browser without JavaScript would post them.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { chargeDisputes, clients, ledgerEntries, notificationOutbox, representativeLinks } from '../../db/schema';
import { chargeBudget, refundCharge } from '../../app/domain/charge.server';
import { setClock } from '../../app/domain/clock';
import { helsinkiDate } from '../../app/domain/months';
import * as disputeRoute from '../../app/routes/_client+/budget_.dispute.$receipt';
import * as budgetRoute from '../../app/routes/_client+/budget';
import * as inboxRoute from '../../app/routes/worker+/disputes';
import * as chargesRoute from '../../app/routes/provider+/charges';
import * as receiptRoute from '../../app/routes/provider+/receipts.$receipt';
import * as providerSettlementRoute from '../../app/routes/provider+/settlement';
import * as adminSettlementRoute from '../../app/routes/admin+/settlement';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const AINO_PHONE = '+358401234567';
const EETU_PHONE = '+358442718935';
// A weekday in the middle of a month, so "after the day" and "within 14 days" stay in the month.
const CHARGE_DAY = new Date('2026-11-10T09:00:00Z');

let eetu: number;

beforeAll(() => {
  setClock(CHARGE_DAY);
  eetu = getDb().select().from(clients).where(eq(clients.phone, EETU_PHONE)).get()!.id;
});
afterEach(() => setClock(CHARGE_DAY));
afterAll(() => setClock(null));

async function charge(phone = AINO_PHONE, provider = 'provider@example.fi', service = 'cleaning'): Promise<string> {
  const result = await chargeBudget(
    providerActor(provider),
    { phone, serviceId: serviceByCode(service).id, quantityHundredths: service === 'cleaning' ? 25 : 100, serviceDate: helsinkiDate() },
    crypto.randomUUID(),
  );
  if (result.kind !== 'charged') throw new Error(`not charged: ${result.kind}`);
  return result.receiptNumber;
}

function dispute(email: string, receipt: string, fields: Record<string, string> = {}) {
  const form = { reason: 'not_received', note: '', idempotencyKey: crypto.randomUUID(), ...fields };
  return run(disputeRoute.action, postRequest(`/budget/dispute/${receipt}`, form, cookieFor(email)), { receipt });
}

const ledgerRows = () => getDb().select({ n: count() }).from(ledgerEntries).get()!.n;
const disputeOf = (receipt: string) =>
  getDb()
    .select({ dispute: chargeDisputes })
    .from(chargeDisputes)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, chargeDisputes.chargeId))
    .where(eq(ledgerEntries.receiptNumber, receipt))
    .get()?.dispute;

describe('disputing a charge', () => {
  test('the client disputes a charge with a note: a new record, the ledger untouched, worker and provider told', async () => {
    const receipt = await charge();
    const page = await run(disputeRoute.loader, getRequest(`/budget/dispute/${receipt}`, cookieFor('client@example.fi')), { receipt });
    expect(page.status).toBe(200);
    expect((page.data as { refusal: string | null }).refusal).toBeNull();
    const rowsBefore = ledgerRows();
    const result = await dispute('client@example.fi', receipt, { reason: 'wrong_amount', note: 'Käynti kesti puoli tuntia.' });
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe(`/budget?disputed=${receipt}`);
    expect(ledgerRows()).toBe(rowsBefore);
    expect(disputeOf(receipt)).toMatchObject({ status: 'open', reason: 'wrong_amount', note: 'Käynti kesti puoli tuntia.' });
    const told = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.kind, 'disputeWorker')).all();
    expect(told.some((row) => row.userId === userByEmail('worker@example.fi').id && row.text.includes(receipt))).toBe(true);
    const provider = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.kind, 'disputeProvider')).all();
    expect(provider.some((row) => row.userId === userByEmail('provider@example.fi').id && row.text.includes(receipt))).toBe(true);

    // The budget page shows it as disputed, and the "received" notice.
    const budget = await run(budgetRoute.loader, getRequest(`/budget?disputed=${receipt}`, cookieFor('client@example.fi')));
    const view = budget.data as { disputedReceipt: string; disputes: { disputes: { receiptNumber: string; status: string }[] } };
    expect(view.disputedReceipt).toBe(receipt);
    expect(view.disputes.disputes.find((d) => d.receiptNumber === receipt)?.status).toBe('open');
  });

  test('a resent form records one dispute; a second dispute of the same charge is refused', async () => {
    const receipt = await charge();
    const key = crypto.randomUUID();
    expect((await dispute('client@example.fi', receipt, { idempotencyKey: key })).status).toBe(303);
    expect((await dispute('client@example.fi', receipt, { idempotencyKey: key })).status).toBe(303);
    const again = await dispute('client@example.fi', receipt);
    expect(again.status).toBe(409);
    expect((again.data as { refusal: string }).refusal).toBe('already');
    expect(getDb().select({ n: count() }).from(chargeDisputes).where(eq(chargeDisputes.chargeId, disputeOf(receipt)!.chargeId)).get()!.n).toBe(1);
  });

  test('a representative disputes the charge of a client they represent, and comes back to that client’s budget', async () => {
    const receipt = await charge(EETU_PHONE);
    const result = await dispute('caregiver@example.fi', receipt);
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe(`/budget?client=${eetu}&disputed=${receipt}`);
    expect(disputeOf(receipt)!.raisedBy).toBe(userByEmail('caregiver@example.fi').id);
  });

  test('after the period the dispute is refused with a clear message, and nothing is recorded', async () => {
    const receipt = await charge();
    setClock(new Date(CHARGE_DAY.getTime() + 15 * 86_400_000));
    const page = await run(disputeRoute.loader, getRequest(`/budget/dispute/${receipt}`, cookieFor('client@example.fi')), { receipt });
    expect((page.data as { refusal: string }).refusal).toBe('tooLate');
    const result = await dispute('client@example.fi', receipt);
    expect(result.status).toBe(409);
    expect((result.data as { refusal: string; values: Record<string, string> }).refusal).toBe('tooLate');
    expect(disputeOf(receipt)).toBeUndefined();
    const { getT } = await import('../../app/i18n/i18n');
    expect(getT('fi')('notifications:dispute.errors.tooLate', { days: 14 })).toContain('14 päivän');
    expect(getT('sv')('notifications:dispute.errors.tooLate', { days: 14 })).toContain('14 dagar');
  });

  test('bad input keeps what was typed and names the field', async () => {
    const receipt = await charge();
    const result = await dispute('client@example.fi', receipt, { reason: 'something', note: 'x'.repeat(1001) });
    expect(result.status).toBe(400);
    const body = result.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(body.errors).toMatchObject({ reason: 'notifications:dispute.errors.reason', note: 'notifications:dispute.errors.note' });
    expect(body.values.note).toHaveLength(1001);
  });

  test('nobody else may dispute: another client’s charge is 404, other roles 403', async () => {
    const ainos = await charge();
    const eetus = await charge(EETU_PHONE);
    // Marja does not represent Aino; Aino is not Eetu.
    expect((await dispute('caregiver@example.fi', ainos)).status).toBe(404);
    expect((await dispute('client@example.fi', eetus)).status).toBe(404);
    expect((await dispute('klient@example.fi', ainos)).status).toBe(404);
    for (const email of ['worker@example.fi', 'provider@example.fi', 'admin@example.fi']) {
      expect((await dispute(email, ainos)).status).toBe(403);
      const page = await run(disputeRoute.loader, getRequest(`/budget/dispute/${ainos}`, cookieFor(email)), { receipt: ainos });
      expect(page.status).toBe(403);
    }
    expect((await dispute('client@example.fi', 'NOT-A-RECEIPT')).status).toBe(404);
    expect(disputeOf(ainos)).toBeUndefined();
    expect(disputeOf(eetus)).toBeUndefined();
  });
});

describe('resolving a dispute', () => {
  test('the provider refunds a disputed charge after the day; the dispute is resolved; an undisputed one is still same-day only', async () => {
    const disputed = await charge();
    const plain = await charge();
    expect((await dispute('client@example.fi', disputed)).status).toBe(303);
    setClock(new Date(CHARGE_DAY.getTime() + 3 * 86_400_000));
    const staff = providerActor('provider@example.fi');
    expect(refundCharge(staff, plain, 'Väärä päivä', crypto.randomUUID())).toEqual({ kind: 'tooLate' });
    // Another provider cannot refund it, disputed or not.
    expect(refundCharge(providerActor('ateria@example.fi'), disputed, 'Ei meidän', crypto.randomUUID())).toEqual({ kind: 'notFound' });
    const refunded = refundCharge(staff, disputed, 'Asiakas ei saanut palvelua', crypto.randomUUID());
    expect(refunded.kind).toBe('refunded');
    expect(disputeOf(disputed)).toMatchObject({ status: 'refunded', resolvedBy: staff.userId });
    // The client is told: a refund receipt.
    const refundReceipt = (refunded as { receiptNumber: string }).receiptNumber;
    expect(getDb().select().from(notificationOutbox).where(eq(notificationOutbox.kind, 'refund')).all().some((row) => row.text.includes(refundReceipt))).toBe(true);
  });

  test('the own worker closes a dispute with a reason the client sees; another worker cannot', async () => {
    const receipt = await charge();
    expect((await dispute('client@example.fi', receipt)).status).toBe(303);
    const { id } = disputeOf(receipt)!;
    const close = (email: string, reason = 'Palvelu on annettu, kuittaus on allekirjoitettu.') =>
      run(inboxRoute.action, postRequest('/worker/disputes', { disputeId: String(id), closeReason: reason }, cookieFor(email)));
    expect((await close('worker2@example.fi')).status).toBe(404);
    expect((await close('client@example.fi')).status).toBe(403);
    expect((await close('provider@example.fi')).status).toBe(403);
    const empty = await close('worker@example.fi', '   ');
    expect(empty.status).toBe(400);
    expect((empty.data as { errors: Record<string, string> }).errors[`closeReason-${id}`]).toBe('notifications:inbox.errors.closeReason');
    expect((await close('worker@example.fi')).status).toBe(303);
    expect(disputeOf(receipt)).toMatchObject({ status: 'closed', resolutionReason: 'Palvelu on annettu, kuittaus on allekirjoitettu.' });
    expect((await close('worker@example.fi')).status).toBe(409);
    const budget = await run(budgetRoute.loader, getRequest('/budget', cookieFor('client@example.fi')));
    const shown = (budget.data as { disputes: { disputes: { receiptNumber: string; status: string; resolutionReason: string | null }[] } }).disputes.disputes;
    expect(shown.find((d) => d.receiptNumber === receipt)).toMatchObject({ status: 'closed', resolutionReason: 'Palvelu on annettu, kuittaus on allekirjoitettu.' });
  });
});

describe('who sees which dispute', () => {
  test('own worker’s inbox, the provider’s pages and the region’s settlement; nobody else', async () => {
    const ainos = await charge();
    const meals = await charge(AINO_PHONE, 'ateria@example.fi', 'meals');
    expect((await dispute('client@example.fi', ainos)).status).toBe(303);
    expect((await dispute('client@example.fi', meals)).status).toBe(303);
    const receiptsIn = (rows: { receiptNumber: string }[]) => rows.map((row) => row.receiptNumber);

    const inbox = await run(inboxRoute.loader, getRequest('/worker/disputes', cookieFor('worker@example.fi')));
    expect(receiptsIn((inbox.data as { disputes: { receiptNumber: string }[] }).disputes)).toEqual(expect.arrayContaining([ainos, meals]));
    const other = await run(inboxRoute.loader, getRequest('/worker/disputes', cookieFor('worker2@example.fi')));
    expect(receiptsIn((other.data as { disputes: { receiptNumber: string }[] }).disputes)).not.toContain(ainos);
    for (const email of ['client@example.fi', 'caregiver@example.fi', 'provider@example.fi', 'admin@example.fi']) {
      expect((await run(inboxRoute.loader, getRequest('/worker/disputes', cookieFor(email)))).status).toBe(403);
    }

    // The provider sees its own disputed charge, never the other provider's.
    const charges = (await run(chargesRoute.loader, getRequest('/provider/charges?month=2026-11', cookieFor('provider@example.fi')))).data as {
      ledger: { rows: { receiptNumber: string; disputeStatus: string | null }[] };
    };
    expect(charges.ledger.rows.find((row) => row.receiptNumber === ainos)?.disputeStatus).toBe('open');
    expect(receiptsIn(charges.ledger.rows)).not.toContain(meals);
    const receipt = (await run(receiptRoute.loader, getRequest(`/provider/receipts/${ainos}`, cookieFor('provider@example.fi')), { receipt: ainos })).data as {
      receipt: { dispute: { status: string } | null; refundable: boolean };
    };
    expect(receipt.receipt.dispute?.status).toBe('open');
    expect((await run(receiptRoute.loader, getRequest(`/provider/receipts/${meals}`, cookieFor('provider@example.fi')), { receipt: meals })).status).toBe(404);
    const settlement = (await run(providerSettlementRoute.loader, getRequest('/provider/settlement?month=2026-11', cookieFor('provider@example.fi')))).data as {
      disputes: { receiptNumber: string }[];
    };
    expect(receiptsIn(settlement.disputes)).toContain(ainos);
    expect(receiptsIn(settlement.disputes)).not.toContain(meals);

    // The region sees every open dispute of the month before marking it invoiced.
    const region = (await run(adminSettlementRoute.loader, getRequest('/admin/settlement?month=2026-11', cookieFor('admin@example.fi')))).data as {
      disputes: { receiptNumber: string }[];
    };
    expect(receiptsIn(region.disputes)).toEqual(expect.arrayContaining([ainos, meals]));

    // Another client's budget page does not show them; the representative of Eetu sees only Eetu's.
    const elsa = (await run(budgetRoute.loader, getRequest('/budget', cookieFor('klient@example.fi')))).data as { disputes: { disputes: { receiptNumber: string }[] } };
    expect(receiptsIn(elsa.disputes.disputes)).not.toContain(ainos);
    const links = getDb().select().from(representativeLinks).where(and(eq(representativeLinks.userId, userByEmail('caregiver@example.fi').id), eq(representativeLinks.clientId, eetu))).get();
    expect(links).toBeDefined();
    const marja = (await run(budgetRoute.loader, getRequest(`/budget?client=${eetu}`, cookieFor('caregiver@example.fi')))).data as { disputes: { disputes: { receiptNumber: string }[] } };
    expect(receiptsIn(marja.disputes.disputes)).not.toContain(ainos);
  });
});
