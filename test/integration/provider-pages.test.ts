// The provider's pages after a charge: receipts, refunds and the list of own charges.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { ledgerEntries, services, users } from '../../db/schema';
import { chargeBudget, type ProviderActor } from '../../app/domain/charge.server';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import type { ProviderLedger, ReceiptView } from '../../app/domain/settlement.server';
import * as charges from '../../app/routes/provider+/charges';
import * as receiptPage from '../../app/routes/provider+/receipts.$receipt';
import * as refundPage from '../../app/routes/provider+/refund.$receipt';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const AINO = '+358401234567'; // cleaning 300 €/month, meals 120 €/month
const VEIKKO = '+358505743128'; // handyman 150 €/month

function actorFor(email: string): ProviderActor {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user?.providerId) throw new Error(`no provider user ${email}`);
  return { userId: user.id, providerId: user.providerId, ip: '203.0.113.7' };
}

function serviceId(code: string): number {
  const service = getDb().select().from(services).where(eq(services.code, code)).get();
  if (!service) throw new Error(`no service ${code}`);
  return service.id;
}

async function charge(email: string, phone: string, code: string, quantityHundredths: number, now = new Date()): Promise<string> {
  const result = await chargeBudget(actorFor(email), { phone, serviceId: serviceId(code), quantityHundredths, serviceDate: helsinkiDate(now) }, crypto.randomUUID(), now);
  if (result.kind !== 'charged') throw new Error(`charge refused: ${result.kind}`);
  return result.receiptNumber;
}

const PROVIDER = 'provider@example.fi'; // Kainuun Kotisiivous: cleaning 42 €/h, handyman 48 €/h
const MEALS = 'ateria@example.fi'; // Kajaanin Kotiateria: meals 9,50 €

const showReceipt = (email: string, receipt: string) =>
  run(receiptPage.loader, getRequest(`/provider/receipts/${receipt}`, cookieFor(email)), { receipt });

const refund = (email: string, receipt: string, fields: Record<string, string>) =>
  run(refundPage.action, postRequest(`/provider/refund/${receipt}`, fields, cookieFor(email)), { receipt });

async function refundForm(email: string, receipt: string) {
  const result = await run(refundPage.loader, getRequest(`/provider/refund/${receipt}`, cookieFor(email)), { receipt });
  expect(result.status).toBe(200);
  return result.data as { idempotencyKey: string; refusal: string | null; charge: ReceiptView };
}

function refundRows(chargeReceipt: string) {
  const db = getDb();
  const original = db.select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, chargeReceipt)).get();
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.refundOfId, original!.id)).all();
}

describe('receipt page', () => {
  test('shows the provider its own receipt: first name and initial only, amount, refund link', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 50);
    const result = await showReceipt(PROVIDER, receipt);
    expect(result.status).toBe(200);
    const { receipt: view, pageTitle } = result.data as { receipt: ReceiptView; pageTitle: string };
    expect(pageTitle).toBe(`Veloitus tehty, kuitti ${receipt}`);
    expect(view).toMatchObject({
      receiptNumber: receipt,
      kind: 'charge',
      clientName: 'Aino K.',
      serviceNameFi: 'siivous',
      quantityHundredths: 50,
      unitPriceCents: 4200,
      amountCents: 2100,
      providerName: 'Kainuun Kotisiivous Oy',
      refundable: true,
      refundReceipt: null,
    });
    expect(JSON.stringify(result.data)).not.toContain('Korhonen');
    expect(JSON.stringify(result.data)).not.toContain(AINO);
  });

  test('the receipt number in the URL is read case-insensitively', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    expect((await showReceipt(PROVIDER, receipt.toLowerCase())).status).toBe(200);
  });

  test("another provider's receipt, an unknown one and a malformed one are all 404", async () => {
    const mine = await charge(PROVIDER, AINO, 'cleaning', 10);
    const theirs = await charge(MEALS, AINO, 'meals', 100);
    expect((await showReceipt(MEALS, mine)).status).toBe(404);
    expect((await showReceipt(PROVIDER, theirs)).status).toBe(404);
    expect((await showReceipt(MEALS, theirs)).status).toBe(200);
    expect((await showReceipt(PROVIDER, '2611-ZZZZZZ')).status).toBe(404);
    expect((await showReceipt(PROVIDER, '../../etc')).status).toBe(404);
  });

  test('other roles get 403 even for a real receipt', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    for (const email of ['client@example.fi', 'worker@example.fi', 'admin@example.fi']) {
      expect((await showReceipt(email, receipt)).status, email).toBe(403);
    }
  });
});

describe('refund', () => {
  test('happy path: 303 to the refund receipt, which names the charge and the reason', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 100);
    const form = await refundForm(PROVIDER, receipt);
    expect(form.refusal).toBeNull();
    expect(form.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const result = await refund(PROVIDER, receipt, { reason: 'Väärä määrä', idempotencyKey: form.idempotencyKey });
    expect(result.status).toBe(303);
    const location = result.headers.get('Location')!;
    expect(location).toMatch(/^\/provider\/receipts\/\d{4}-[A-Z0-9]+$/);
    const refundReceipt = location.split('/').pop()!;
    const shown = (await showReceipt(PROVIDER, refundReceipt)).data as { receipt: ReceiptView; pageTitle: string };
    expect(shown.pageTitle).toBe(`Hyvitys tehty, kuitti ${refundReceipt}`);
    expect(shown.receipt).toMatchObject({ kind: 'refund', refundOfReceipt: receipt, reason: 'Väärä määrä', amountCents: 4200, refundable: false });
    const original = (await showReceipt(PROVIDER, receipt)).data as { receipt: ReceiptView };
    expect(original.receipt).toMatchObject({ refundReceipt, refundable: false });
  });

  test('the same form sent twice refunds once; a new form then gets 409', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 50);
    const { idempotencyKey } = await refundForm(PROVIDER, receipt);
    const first = await refund(PROVIDER, receipt, { reason: 'Tuplaklikkaus', idempotencyKey });
    const second = await refund(PROVIDER, receipt, { reason: 'Tuplaklikkaus', idempotencyKey });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(refundRows(receipt)).toHaveLength(1);
    const again = await refundForm(PROVIDER, receipt);
    expect(again.refusal).toBe('alreadyRefunded');
    const third = await refund(PROVIDER, receipt, { reason: 'Uudestaan', idempotencyKey: again.idempotencyKey });
    expect(third.status).toBe(409);
    expect(third.data).toMatchObject({ refusal: 'alreadyRefunded' });
    expect(refundRows(receipt)).toHaveLength(1);
  });

  test("a provider can never refund another provider's charge", async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 50);
    const result = await refund(MEALS, receipt, { reason: 'Ei minun', idempotencyKey: crypto.randomUUID() });
    expect(result.status).toBe(404);
    const form = await run(refundPage.loader, getRequest(`/provider/refund/${receipt}`, cookieFor(MEALS)), { receipt });
    expect(form.status).toBe(404);
    expect(refundRows(receipt)).toHaveLength(0);
  });

  test('a refund receipt cannot itself be refunded', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    const done = await refund(PROVIDER, receipt, { reason: 'Virhe', idempotencyKey: crypto.randomUUID() });
    const refundReceipt = done.headers.get('Location')!.split('/').pop()!;
    const result = await refund(PROVIDER, refundReceipt, { reason: 'Virhe', idempotencyKey: crypto.randomUUID() });
    expect(result.status).toBe(404);
  });

  test('the reason is required: 400, error for the field, what was typed kept', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    const idempotencyKey = crypto.randomUUID();
    for (const reason of ['', '   ']) {
      const result = await refund(PROVIDER, receipt, { reason, idempotencyKey });
      expect(result.status).toBe(400);
      expect(result.data).toMatchObject({ errors: { reason: 'provider:refund.errors.reasonRequired' }, values: { reason, idempotencyKey } });
    }
    const missing = await refund(PROVIDER, receipt, { idempotencyKey });
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({ errors: { reason: 'provider:refund.errors.reasonRequired' } });
    expect(refundRows(receipt)).toHaveLength(0);
  });

  test('a reason over 500 characters is refused with 400; 500 is fine', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    const tooLong = await refund(PROVIDER, receipt, { reason: 'x'.repeat(501), idempotencyKey: crypto.randomUUID() });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data).toMatchObject({ errors: { reason: 'provider:refund.errors.reasonTooLong' } });
    expect(refundRows(receipt)).toHaveLength(0);
    const justRight = await refund(PROVIDER, receipt, { reason: 'x'.repeat(500), idempotencyKey: crypto.randomUUID() });
    expect(justRight.status).toBe(303);
  });

  test('a missing idempotency key is a 400, not a refund', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    const result = await refund(PROVIDER, receipt, { reason: 'Virhe' });
    expect(result.status).toBe(400);
    expect(refundRows(receipt)).toHaveLength(0);
  });

  test('a charge of an earlier day is too late: the page says so and a post gets 409', async () => {
    const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10, yesterday);
    const form = await refundForm(PROVIDER, receipt);
    expect(form.refusal).toBe('tooLate');
    expect(form.charge.refundable).toBe(false);
    const result = await refund(PROVIDER, receipt, { reason: 'Myöhässä', idempotencyKey: form.idempotencyKey });
    expect(result.status).toBe(409);
    expect(result.data).toMatchObject({ refusal: 'tooLate' });
    expect(refundRows(receipt)).toHaveLength(0);
  });

  test('without the CSRF token nothing is refunded', async () => {
    const receipt = await charge(PROVIDER, AINO, 'cleaning', 10);
    const request = postRequest(`/provider/refund/${receipt}`, { reason: 'Virhe', idempotencyKey: crypto.randomUUID() }, cookieFor(PROVIDER), { csrf: null });
    expect((await run(refundPage.action, request, { receipt })).status).toBe(403);
    expect(refundRows(receipt)).toHaveLength(0);
  });
});

describe('own charges list', () => {
  const list = (email: string, query = '') => run(charges.loader, getRequest(`/provider/charges${query}`, cookieFor(email)));

  test('lists only own charges and refunds of the month, with totals; filters by service', async () => {
    const cleaning = await charge(PROVIDER, AINO, 'cleaning', 20);
    const handyman = await charge(PROVIDER, VEIKKO, 'handyman', 50);
    const meals = await charge(MEALS, AINO, 'meals', 100);
    const refunded = await charge(PROVIDER, AINO, 'cleaning', 10);
    const done = await refund(PROVIDER, refunded, { reason: 'Virhe', idempotencyKey: crypto.randomUUID() });
    const refundReceipt = done.headers.get('Location')!.split('/').pop()!;

    const all = await list(PROVIDER);
    expect(all.status).toBe(200);
    const { ledger, month } = all.data as { ledger: ProviderLedger; month: string };
    expect(month).toBe(helsinkiMonth());
    const receipts = ledger.rows.map((row) => row.receiptNumber);
    expect(receipts).toEqual(expect.arrayContaining([cleaning, handyman, refunded, refundReceipt]));
    expect(receipts).not.toContain(meals);
    expect(ledger.rows.find((row) => row.receiptNumber === cleaning)).toMatchObject({ kind: 'charge', clientName: 'Aino K.', refundable: true });
    expect(ledger.rows.find((row) => row.receiptNumber === refunded)).toMatchObject({ refundReceipt, refundable: false });
    expect(ledger.rows.find((row) => row.receiptNumber === refundReceipt)).toMatchObject({ kind: 'refund', refundOfReceipt: refunded });
    const sum = (kind: string) => ledger.rows.filter((row) => row.kind === kind).reduce((total, row) => total + row.amountCents, 0);
    expect(ledger.chargesCents).toBe(sum('charge'));
    expect(ledger.refundsCents).toBe(sum('refund'));
    expect(ledger.netCents).toBe(sum('charge') - sum('refund'));

    const onlyHandyman = (await list(PROVIDER, `?service=${serviceId('handyman')}`)).data as { ledger: ProviderLedger };
    expect(onlyHandyman.ledger.rows.map((row) => row.receiptNumber)).toEqual([handyman]);
    expect(onlyHandyman.ledger.chargesCents).toBe(2400);
    const onlyCleaning = (await list(PROVIDER, `?service=${serviceId('cleaning')}&month=${helsinkiMonth()}`)).data as { ledger: ProviderLedger };
    expect(onlyCleaning.ledger.rows.every((row) => row.serviceNameFi === 'siivous')).toBe(true);
    expect(onlyCleaning.ledger.rows.map((row) => row.receiptNumber)).toEqual(expect.arrayContaining([cleaning, refunded, refundReceipt]));

    const mealsList = (await list(MEALS)).data as { ledger: ProviderLedger };
    const mealsReceipts = mealsList.ledger.rows.map((row) => row.receiptNumber);
    expect(mealsReceipts).toContain(meals);
    expect(mealsReceipts.filter((receipt) => receipts.includes(receipt))).toEqual([]);
  });

  test('another month shows that month only', async () => {
    await charge(PROVIDER, AINO, 'cleaning', 10);
    const earlier = (await list(PROVIDER, `?month=${addMonths(helsinkiMonth(), -6)}`)).data as { ledger: ProviderLedger };
    expect(earlier.ledger.rows).toEqual([]);
    expect(earlier.ledger.netCents).toBe(0);
  });

  test('a bad month or a service the provider does not offer is a 400 page, not a 500', async () => {
    for (const query of ['?month=2026-13', '?month=abc', '?month=26-11', '?month=2026-1', '?month=9999-01', `?service=${serviceId('meals')}`, '?service=x']) {
      const result = await list(PROVIDER, query);
      expect(result.status, query).toBe(400);
      expect((result.data as { ledger: unknown }).ledger, query).toBeNull();
    }
  });
});
