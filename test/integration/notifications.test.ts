// What people are told: receipts for charges and refunds (provider, service, amount, what is left)
// to the client and each representative, "running low" and "used up", a new or changed decision,
// the provider's application decided and month invoiced; and the settings page's choice.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, decisions, notificationOutbox, notificationPreferences, providers } from '../../db/schema';
import { chargeBudget } from '../../app/domain/charge.server';
import { setClock } from '../../app/domain/clock';
import { endDecision } from '../../app/domain/decisions.server';
import { recordMonthInvoiced } from '../../app/domain/adminSettlement.server';
import { immediate } from '../../app/domain/transaction.server';
import { changeProviderStatus } from '../../app/domain/providerApproval.server';
import { helsinkiDate } from '../../app/domain/months';
import { lowBalancePercent, queueReceipt } from '../../app/domain/notifications.server';
import * as settingsRoute from '../../app/routes/_public+/settings';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const EETU_PHONE = '+358442718935'; // no login of his own; represented by Marja (caregiver@example.fi)
const MARJA_PHONE = '+358405938261';
let eetu: number;

beforeAll(() => {
  setClock(new Date('2026-11-10T09:00:00Z'));
  eetu = getDb().select().from(clients).where(eq(clients.phone, EETU_PHONE)).get()!.id;
});
afterAll(() => setClock(null));

const rows = (kind: string) => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.kind, kind)).all();

describe('receipts', () => {
  test('a charge gives a receipt to the client’s phone and to the representative, with provider, service, amount and what is left', async () => {
    const result = await chargeBudget(
      providerActor('provider@example.fi'),
      { phone: EETU_PHONE, serviceId: serviceByCode('cleaning').id, quantityHundredths: 100, serviceDate: helsinkiDate() },
      crypto.randomUUID(),
    );
    expect(result.kind).toBe('charged');
    const receipt = (result as { receiptNumber: string }).receiptNumber;
    const receipts = rows('charge').filter((row) => row.text.includes(receipt));
    expect(receipts.map((row) => row.address).sort()).toEqual([MARJA_PHONE, EETU_PHONE].sort());
    for (const row of receipts) {
      expect(row).toMatchObject({ channel: 'sms', status: 'pending', clientId: eetu });
      expect(row.text).toContain('Kainuun Kotisiivous');
      expect(row.text).toContain('siivous');
      expect(row.text).toMatch(/jäljellä \d/);
      expect(row.text).toContain(`/budget/dispute/${receipt}`);
    }
    const marja = receipts.find((row) => row.address === MARJA_PHONE)!;
    expect(marja.text).toContain('Koskee: Eetu.');
    expect(marja.text).toContain(`?client=${eetu}`);
  });

  test('"running low" below the region’s share and "used up" at zero, once each', () => {
    const before = { low: rows('low').length, usedUp: rows('usedUp').length };
    const facts = {
      kind: 'charge' as const,
      clientId: eetu,
      providerName: 'Kainuun Kotisiivous Oy',
      serviceNameFi: 'siivous',
      serviceNameSv: 'städning',
      amountCents: 2000,
      serviceDate: '2026-11-10',
      receiptNumber: '2611-TESTLOW',
      monthlyCents: 10000,
      nextMonthStarts: '2026-12-01',
    };
    expect(lowBalancePercent()).toBe(20);
    queueReceipt({ ...facts, remainingCents: 5000 }); // 70 → 50: not low
    expect(rows('low').length).toBe(before.low);
    queueReceipt({ ...facts, remainingCents: 1500 }); // 35 → 15: crosses 20 %
    expect(rows('low').length).toBe(before.low + 2); // Eetu's phone and Marja
    queueReceipt({ ...facts, amountCents: 500, remainingCents: 1000 }); // 15 → 10: already low, not again
    expect(rows('low').length).toBe(before.low + 2);
    queueReceipt({ ...facts, amountCents: 1000, remainingCents: 0 }); // 10 → 0
    expect(rows('low').length).toBe(before.low + 2);
    expect(rows('usedUp').length).toBe(before.usedUp + 2);
    expect(rows('usedUp').at(-1)!.text).toContain('1.12.2026');
  });
});

describe('other events', () => {
  test('a changed decision tells the client and representatives', () => {
    const decision = getDb().select().from(decisions).where(eq(decisions.clientId, eetu)).get()!;
    const before = rows('decision').length;
    const worker = userByEmail('worker@example.fi');
    expect(endDecision({ id: worker.id, role: 'worker' }, eetu, decision.id, '2027-12-31').kind).toBe('saved');
    expect(rows('decision').length).toBe(before + 2);
  });

  test('the provider is told when its month is marked invoiced and when an application is decided', () => {
    const admin = userByEmail('admin@example.fi');
    const staff = userByEmail('provider@example.fi');
    // What accepting the month's e-invoice does (invoicing.test.ts checks that it does).
    immediate((tx) => recordMonthInvoiced(tx, { id: admin.id }, staff.providerId!, '2026-10', new Date()));
    const invoiced = rows('invoiced').filter((row) => row.userId === staff.id);
    expect(invoiced).toHaveLength(1);
    expect(invoiced[0].text).toContain('lokakuu 2026');
    const pending = getDb().select().from(providers).where(eq(providers.status, 'pending')).get()!;
    expect(changeProviderStatus({ userId: admin.id }, pending.id, 'approve', '').kind).toBe('done');
    // No logins yet: the application's own e-mail address.
    expect(rows('application').filter((row) => row.address === pending.email)).toHaveLength(1);
  });
});

describe('settings: how to be told', () => {
  const save = (email: string | null, fields: Record<string, string>) =>
    run(settingsRoute.action, postRequest('/settings', { intent: 'notifications', ...fields }, cookieFor(email)));

  test('a person chooses channel and language; SMS without a phone and bad values are refused; signed out goes to sign in', async () => {
    const page = await run(settingsRoute.loader, getRequest('/settings', cookieFor('client@example.fi')));
    expect((page.data as { notification: { channel: string; chosen: boolean } }).notification).toMatchObject({ channel: 'sms', chosen: false });
    expect((await save('client@example.fi', { channel: 'email', notifyLanguage: 'sv' })).status).toBe(303);
    const client = userByEmail('client@example.fi');
    expect(getDb().select().from(notificationPreferences).where(eq(notificationPreferences.userId, client.id)).get()).toMatchObject({ channel: 'email', language: 'sv' });

    const noPhone = await save('provider@example.fi', { channel: 'sms', notifyLanguage: 'fi' });
    expect(noPhone.status).toBe(400);
    expect((noPhone.data as { errors: Record<string, string> }).errors.channel).toBe('notifications:preferences.errors.noPhone');
    const bad = await save('client@example.fi', { channel: 'pigeon', notifyLanguage: 'en' });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string>; values: Record<string, string> }).errors).toMatchObject({
      channel: 'notifications:preferences.errors.channel',
      notifyLanguage: 'notifications:preferences.errors.language',
    });
    const signedOut = await save(null, { channel: 'none', notifyLanguage: 'fi' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('Location')).toMatch(/^\/login/);
    const guest = await run(settingsRoute.loader, getRequest('/settings', cookieFor(null)));
    expect((guest.data as { notification: unknown }).notification).toBeNull();
    expect(getDb().select().from(notificationPreferences).where(and(eq(notificationPreferences.userId, client.id), eq(notificationPreferences.channel, 'none'))).get()).toBeUndefined();
  });
});
