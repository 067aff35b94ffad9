// Issue 10, the charge items: the check page is not an oracle, a form key answers only for what it
// made, the lockout says when to come back, a suspended provider cannot refund, and meals, trips
// and visits are charged whole.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import { databasePath, getDb } from '../../db/client.server';
import { auditLog, ledgerEntries, users } from '../../db/schema';
import {
  chargeBudget,
  MAX_REFUSALS,
  MAX_UNCHARGED_LOOKUPS,
  previewCharge,
  refundCharge,
  REFUSAL_WINDOW_MINUTES,
  type ProviderActor,
} from '../../app/domain/charge.server';
import { helsinkiDate } from '../../app/domain/months';
import * as chargeRoute from '../../app/routes/provider+/charge';
import * as refundRoute from '../../app/routes/provider+/refund.$receipt';
import { providerActor, serviceByCode } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

/** A fresh staff user of an existing provider, so tests do not share audit history. */
function newStaff(email = 'provider@example.fi'): ProviderActor & { email: string } {
  const base = providerActor(email);
  const template = getDb().select().from(users).where(eq(users.id, base.userId)).get()!;
  const { id: _id, createdAt: _createdAt, ...rest } = template;
  const staffEmail = `staff-${crypto.randomUUID()}@example.fi`;
  const row = getDb().insert(users).values({ ...rest, email: staffEmail }).returning().get();
  return { userId: row.id, providerId: base.providerId, ip: '127.0.0.1', email: staffEmail };
}

const cleaning = (quantityHundredths: number, phone = '040 123 4567') => ({
  phone,
  serviceId: serviceByCode('cleaning').id,
  quantityHundredths,
  serviceDate: helsinkiDate(),
});

function auditRows(actor: ProviderActor, action: string) {
  return getDb().select().from(auditLog).where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, action))).all();
}

describe('the check page is not an oracle (item 6)', () => {
  test(`check pages never confirmed count: after ${MAX_UNCHARGED_LOOKUPS} the user is locked out`, async () => {
    const prober = newStaff();
    // Varying the quantity on the check page alone used to read out the balance without limit.
    for (let i = 0; i < MAX_UNCHARGED_LOOKUPS; i++) {
      expect((await previewCharge(prober, cleaning(1 + i))).kind).toBe('preview');
    }
    expect(await previewCharge(prober, cleaning(1))).toMatchObject({ kind: 'locked' });
    expect(await chargeBudget(prober, cleaning(1), crypto.randomUUID())).toMatchObject({ kind: 'locked' });
  });

  test('refusals and unconfirmed check pages share the budget', async () => {
    const prober = newStaff();
    const half = Math.floor(MAX_UNCHARGED_LOOKUPS / 2);
    for (let i = 0; i < MAX_UNCHARGED_LOOKUPS - half; i++) expect((await previewCharge(prober, cleaning(1 + i))).kind).toBe('preview');
    for (let i = 0; i < half; i++) {
      const refused = await previewCharge(prober, cleaning(100, `050 999 7${String(i).padStart(3, '0')}`));
      expect(refused.kind).toBe(i < MAX_REFUSALS ? 'refused' : 'locked');
    }
    expect((await previewCharge(prober, cleaning(1))).kind).toBe('locked');
  });

  test('a provider who confirms what they check is never locked out', async () => {
    const staff = newStaff();
    for (let i = 0; i < MAX_UNCHARGED_LOOKUPS + 5; i++) {
      const input = cleaning(1); // 0,01 h = 0,42 €
      expect((await previewCharge(staff, input)).kind).toBe('preview');
      expect((await chargeBudget(staff, input, crypto.randomUUID())).kind).toBe('charged');
    }
  });

  test('a refused look-up is audited with a keyed hash of the number asked, never the number', async () => {
    const staff = newStaff();
    expect(await previewCharge(staff, cleaning(100, '050 999 1234'))).toEqual({ kind: 'refused' });
    expect(await previewCharge(staff, cleaning(100, '+358 50 999 1234'))).toEqual({ kind: 'refused' });
    expect(await previewCharge(staff, cleaning(100, '050 999 4321'))).toEqual({ kind: 'refused' });
    const rows = auditRows(staff, 'charge.refused');
    expect(rows).toHaveLength(3);
    const keyFile = path.join(path.dirname(path.resolve(databasePath())), 'lookup-hash.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const expected = crypto.createHmac('sha256', key).update('+358509991234').digest('hex');
    const hashes = rows.map((row) => (row.details as { phoneHash: string }).phoneHash);
    expect(hashes[0]).toBe(expected);
    expect(hashes[1]).toBe(expected); // the same number typed another way
    expect(hashes[2]).not.toBe(expected);
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/999\s?1234|9991234|999\s?4321|9994321/);
    // A confirm refused in the transaction records the same hash.
    expect(await chargeBudget(staff, cleaning(100, '050 999 1234'), crypto.randomUUID())).toEqual({ kind: 'refused' });
    const confirmRow = auditRows(staff, 'charge.refused').find((row) => (row.details as { step: string }).step === 'confirm')!;
    expect((confirmRow.details as { phoneHash: string }).phoneHash).toBe(expected);
  });
});

describe('a form key answers only for what it made (item 7)', () => {
  test('a key that made a refund does not answer "charged" for a charge that never happened', async () => {
    const staff = newStaff();
    const charge = await chargeBudget(staff, cleaning(10), crypto.randomUUID());
    expect(charge.kind).toBe('charged');
    const key = crypto.randomUUID();
    const refund = refundCharge(staff, (charge as { receiptNumber: string }).receiptNumber, 'Väärä määrä', key);
    expect(refund.kind).toBe('refunded');
    expect(await chargeBudget(staff, cleaning(10), key)).toEqual({ kind: 'formUsed' });
    expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:${key}`)).all()).toHaveLength(1);
  });

  test('a key that made a charge does not answer "refunded" for a refund that never happened', async () => {
    const staff = newStaff();
    const key = crypto.randomUUID();
    const first = (await chargeBudget(staff, cleaning(10), key)) as { receiptNumber: string };
    const second = (await chargeBudget(staff, cleaning(20), crypto.randomUUID())) as { receiptNumber: string };
    expect(refundCharge(staff, second.receiptNumber, 'Väärä', key)).toEqual({ kind: 'formUsed' });
    expect(refundCharge(staff, first.receiptNumber, 'Väärä', key)).toEqual({ kind: 'formUsed' });
    const refunds = getDb().select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, 'refund'), eq(ledgerEntries.providerUserId, staff.userId))).all();
    expect(refunds).toEqual([]);
  });

  test("a refund form reused for another charge's refund is refused, the first refund's resend is not", async () => {
    const staff = newStaff();
    const a = (await chargeBudget(staff, cleaning(10), crypto.randomUUID())) as { receiptNumber: string };
    const b = (await chargeBudget(staff, cleaning(11), crypto.randomUUID())) as { receiptNumber: string };
    const key = crypto.randomUUID();
    const refundA = refundCharge(staff, a.receiptNumber, 'Väärä', key);
    expect(refundA).toMatchObject({ kind: 'refunded', duplicate: false });
    expect(refundCharge(staff, a.receiptNumber, 'Väärä', key)).toMatchObject({ kind: 'refunded', duplicate: true });
    expect(refundCharge(staff, b.receiptNumber, 'Väärä', key)).toEqual({ kind: 'formUsed' });
  });

  test('the routes answer 409 "this form was already used" in both directions', async () => {
    const staff = newStaff();
    const cookie = cookieFor(staff.email);
    const charged = (await chargeBudget(staff, cleaning(10), crypto.randomUUID())) as { receiptNumber: string };
    const refundKey = crypto.randomUUID();
    expect(refundCharge(staff, charged.receiptNumber, 'Väärä', refundKey).kind).toBe('refunded');
    const chargeFields = {
      intent: 'confirm',
      phone: '040 123 4567',
      serviceId: String(serviceByCode('cleaning').id),
      quantity: '0,1',
      serviceDate: helsinkiDate(),
      idempotencyKey: refundKey,
    };
    const chargeAnswer = await run(chargeRoute.action, postRequest('/provider/charge', chargeFields, cookie));
    expect(chargeAnswer.status).toBe(409);
    expect(chargeAnswer.data).toMatchObject({ step: 'form', errors: { form: 'charge:errors.formUsed' }, values: { quantity: '0,1' } });
    expect((chargeAnswer.data as { values: { idempotencyKey: string } }).values.idempotencyKey).not.toBe(refundKey);

    const chargeKey = crypto.randomUUID();
    const other = (await chargeBudget(staff, cleaning(10), chargeKey)) as { receiptNumber: string };
    const target = (await chargeBudget(staff, cleaning(12), crypto.randomUUID())) as { receiptNumber: string };
    expect(other.receiptNumber).not.toBe(target.receiptNumber);
    const params = { receipt: target.receiptNumber };
    const refundAnswer = await run(
      refundRoute.action,
      postRequest(`/provider/refund/${target.receiptNumber}`, { reason: 'Väärä', idempotencyKey: chargeKey }, cookie),
      params,
    );
    expect(refundAnswer.status).toBe(409);
    expect(refundAnswer.data).toMatchObject({ refusal: 'formUsed', values: { reason: 'Väärä' } });
    expect(getDb().select().from(ledgerEntries).where(like(ledgerEntries.idempotencyKey, `%:${chargeKey}`)).all()).toHaveLength(1);
  });
});

describe('smaller charge fixes (item 12)', () => {
  async function lockedOut(): Promise<ProviderActor & { email: string }> {
    const staff = newStaff();
    for (let i = 0; i < MAX_REFUSALS; i++) await previewCharge(staff, cleaning(100, `050 999 8${String(i).padStart(3, '0')}`));
    return staff;
  }

  test('the lockout 429 says when to come back (Retry-After)', async () => {
    const staff = await lockedOut();
    const cookie = cookieFor(staff.email);
    const page = await run(chargeRoute.loader, getRequest('/provider/charge', cookie));
    const { idempotencyKey } = page.data as { idempotencyKey: string };
    const fields = { intent: 'preview', phone: '040 123 4567', serviceId: String(serviceByCode('cleaning').id), quantity: '1', serviceDate: helsinkiDate(), idempotencyKey };
    for (const intent of ['preview', 'confirm']) {
      const answer = await run(chargeRoute.action, postRequest('/provider/charge', { ...fields, intent }, cookie));
      expect(answer.status).toBe(429);
      expect(answer.data).toMatchObject({ errors: { form: 'charge:errors.locked' } });
      const seconds = Number(answer.headers.get('Retry-After'));
      expect(Number.isInteger(seconds)).toBe(true);
      expect(seconds).toBeGreaterThan(REFUSAL_WINDOW_MINUTES * 60 - 60);
      expect(seconds).toBeLessThanOrEqual(REFUSAL_WINDOW_MINUTES * 60);
    }
  });

  test('Retry-After counts down to the moment the oldest refusal leaves the window', async () => {
    const staff = await lockedOut();
    const later = new Date(Date.now() + 10 * 60_000);
    const locked = await previewCharge(staff, cleaning(100), later);
    expect(locked.kind).toBe('locked');
    const seconds = (locked as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(seconds).toBeGreaterThan(4 * 60);
    expect(seconds).toBeLessThanOrEqual(5 * 60);
    const afterWindow = new Date(Date.now() + (REFUSAL_WINDOW_MINUTES * 60 + 5) * 1000);
    expect((await previewCharge(staff, cleaning(100), afterWindow)).kind).toBe('preview');
  });

  test('a locked confirm is audited like a locked check page', async () => {
    const staff = await lockedOut();
    expect((await chargeBudget(staff, cleaning(100), crypto.randomUUID())).kind).toBe('locked');
    expect((await previewCharge(staff, cleaning(100))).kind).toBe('locked');
    const steps = auditRows(staff, 'charge.locked').map((row) => (row.details as { step: string }).step);
    expect(steps).toEqual(['confirm', 'preview']);
  });

  test('a suspended provider cannot refund (domain and route, 403)', async () => {
    const staff = newStaff();
    const cookie = cookieFor(staff.email);
    const charged = (await chargeBudget(staff, cleaning(10), crypto.randomUUID())) as { receiptNumber: string };
    const sqlite = getDb().$client;
    sqlite.prepare('UPDATE providers SET status = ? WHERE id = ?').run('suspended', staff.providerId);
    try {
      expect(refundCharge(staff, charged.receiptNumber, 'Väärä', crypto.randomUUID())).toEqual({ kind: 'notApproved' });
      const params = { receipt: charged.receiptNumber };
      const page = await run(refundRoute.loader, getRequest(`/provider/refund/${charged.receiptNumber}`, cookie), params);
      expect(page.data).toMatchObject({ refusal: 'notApproved' });
      const answer = await run(
        refundRoute.action,
        postRequest(`/provider/refund/${charged.receiptNumber}`, { reason: 'Väärä', idempotencyKey: crypto.randomUUID() }, cookie),
        params,
      );
      expect(answer.status).toBe(403);
      expect(answer.data).toMatchObject({ refusal: 'notApproved' });
      expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.kind, 'refund')).all().filter((row) => row.providerUserId === staff.userId)).toEqual([]);
    } finally {
      sqlite.prepare('UPDATE providers SET status = ? WHERE id = ?').run('approved', staff.providerId);
    }
    expect(refundCharge(staff, charged.receiptNumber, 'Väärä', crypto.randomUUID()).kind).toBe('refunded');
  });

  test('a fraction of a meal is refused with a clear message, whole meals and half hours are not', async () => {
    const mealsStaff = newStaff('ateria@example.fi');
    const meals = serviceByCode('meals').id;
    const meal = (quantityHundredths: number) => ({ ...cleaning(quantityHundredths), serviceId: meals });
    expect(await previewCharge(mealsStaff, meal(1))).toEqual({ kind: 'wholeUnitsOnly' });
    expect(await previewCharge(mealsStaff, meal(150))).toEqual({ kind: 'wholeUnitsOnly' });
    expect(await chargeBudget(mealsStaff, meal(1), crypto.randomUUID())).toEqual({ kind: 'wholeUnitsOnly' });
    expect((await previewCharge(mealsStaff, meal(200))).kind).toBe('preview');
    expect((await previewCharge(newStaff(), cleaning(50))).kind).toBe('preview');
    // Not counted as a refusal: the unit of a service is public, the client's budget is not involved.
    expect(auditRows(mealsStaff, 'charge.refused')).toEqual([]);

    const cookie = cookieFor(mealsStaff.email);
    const page = await run(chargeRoute.loader, getRequest('/provider/charge', cookie));
    const { idempotencyKey } = page.data as { idempotencyKey: string };
    const fields = { intent: 'preview', phone: '040 123 4567', serviceId: String(meals), quantity: '0,01', serviceDate: helsinkiDate(), idempotencyKey };
    const answer = await run(chargeRoute.action, postRequest('/provider/charge', fields, cookie));
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ step: 'form', errors: { quantity: 'charge:errors.quantityWhole' }, values: { quantity: '0,01' } });
  });
});
