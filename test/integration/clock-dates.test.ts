// The money path on the days that break date code: charge, budget page, provider's month and a
// same-day refund, with the app's clock moved (setClock) to the 1st of a month just after
// midnight, the last day of a month late at night, the DST change day and New Year's Eve, and today.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, ledgerEntries, services, users } from '../../db/schema';
import { chargeBudget, refundCharge, type ProviderActor } from '../../app/domain/charge.server';
import { currentTime, setClock } from '../../app/domain/clock';
import { daysInMonth, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { providerLedger } from '../../app/domain/settlement.server';
import { loader as budgetLoader, type BudgetPageData } from '../../app/routes/_client+/budget';
import { loader as chargesLoader } from '../../app/routes/provider+/charges';
import { CLOCK_DATES } from '../helpers/clock-dates';
import { cookieFor, getRequest, run } from '../helpers/requests';

afterAll(() => setClock(null));

function providerActor(email: string): ProviderActor {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user?.providerId) throw new Error(`${email} is not provider staff`);
  return { userId: user.id, providerId: user.providerId, ip: '127.0.0.1' };
}

const AINO_PHONE = '+358401234567';

describe.each(CLOCK_DATES)('on $name', ({ name, instant, helsinkiDate: expectedDate }) => {
  test('charge, budget page, provider month and same-day refund all land on the Helsinki day and month', async () => {
    setClock(instant);
    const today = helsinkiDate();
    if (expectedDate) expect(today).toBe(expectedDate);
    const month = helsinkiMonth();
    expect(month).toBe(today.slice(0, 7));

    const provider = providerActor('provider@example.fi');
    const aino = getDb().select().from(clients).where(eq(clients.phone, AINO_PHONE)).get()!;
    const cleaning = getDb().select().from(services).where(eq(services.code, 'cleaning')).get()!;
    const budget = async () => {
      const result = await run(budgetLoader, getRequest('/budget', cookieFor('client@example.fi')));
      expect(result.status).toBe(200);
      const page = result.data as BudgetPageData;
      if (page.kind !== 'budget') throw new Error(`no budget: ${page.kind}`);
      return page;
    };
    const before = await budget();
    expect(before.month).toBe(month);
    expect(before.isCurrent).toBe(true);
    expect(before.daysLeft).toBe(daysInMonth(month) - Number(today.slice(8, 10)) + 1);
    const usedBefore = before.lines.find((line) => line.serviceId === cleaning.id)!.usedCents;

    const charged = await chargeBudget(provider, { phone: AINO_PHONE, serviceId: cleaning.id, quantityHundredths: 25, serviceDate: today }, `clock-${name}`);
    if (charged.kind !== 'charged') throw new Error(`charge refused on ${name}: ${charged.kind}`);
    const row = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, charged.receiptNumber)).get()!;
    expect(row.budgetMonth).toBe(month);
    expect(row.serviceDate).toBe(today);
    expect(helsinkiDate(new Date(row.createdAt))).toBe(today);
    expect(row.clientId).toBe(aino.id);

    const after = await budget();
    expect(after.lines.find((line) => line.serviceId === cleaning.id)!.usedCents).toBe(usedBefore + row.amountCents);

    const charges = await run(chargesLoader, getRequest('/provider/charges', cookieFor('provider@example.fi')));
    expect(charges.status).toBe(200);
    expect((charges.data as { currentMonth: string }).currentMonth).toBe(month);
    const ledgerRow = providerLedger(provider.providerId, month).rows.find((r) => r.receiptNumber === charged.receiptNumber);
    expect(ledgerRow?.refundable).toBe(true);

    const refunded = refundCharge(provider, charged.receiptNumber, 'Kellotesti', `clock-refund-${name}`);
    expect(refunded.kind).toBe('refunded');
    const settled = await budget();
    expect(settled.lines.find((line) => line.serviceId === cleaning.id)!.usedCents).toBe(usedBefore);
    expect(helsinkiDate(currentTime())).toBe(today);
  });
});
