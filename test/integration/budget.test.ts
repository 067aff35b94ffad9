// The budget page's loader: the right lines and balances after charges and refunds, who may see
// whose budget, month validation, the "used up" explanation and earlier months.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, providers, services, users } from '../../db/schema';
import { chargeBudget, refundCharge, type ProviderActor } from '../../app/domain/charge.server';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { loader, type BudgetPageData, type BudgetView } from '../../app/routes/_client+/budget';
import { loader as statementLoader } from '../../app/routes/_client+/budget.statement';
import { actingForChoices } from '../../app/auth/guards.server';
import { cookieFor, getRequest, run } from '../helpers/requests';

const CLIENT = 'client@example.fi'; // Aino Korhonen
const CAREGIVER = 'caregiver@example.fi'; // represents Eetu and Helmi Kinnunen

function providerActor(email: string): ProviderActor {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user?.providerId) throw new Error(`${email} is not provider staff`);
  return { userId: user.id, providerId: user.providerId, ip: '127.0.0.1' };
}

/**
 * A staff user for a provider that has none in the demo data. Kainuun Lapsiperheapu Oy cleans at
 * 40,00 €/h, so a 150,00 € line can be used to the cent (at 42,00 €/h it never can).
 */
function staffOf(providerName: string): ProviderActor {
  const db = getDb();
  const provider = db.select().from(providers).where(eq(providers.name, providerName)).get();
  if (!provider) throw new Error(`no provider ${providerName}`);
  const user = db
    .insert(users)
    .values({ email: `staff-${provider.id}@budget-test.example`, passwordHash: 'not used', role: 'provider', firstName: 'Testi', lastName: 'Tuottaja', providerId: provider.id })
    .returning()
    .get();
  return { userId: user.id, providerId: provider.id, ip: '127.0.0.1' };
}

function clientNamed(firstName: string, lastName: string) {
  const client = getDb()
    .select()
    .from(clients)
    .all()
    .find((c) => c.firstName === firstName && c.lastName === lastName);
  if (!client) throw new Error(`no client ${firstName} ${lastName}`);
  return client;
}

function serviceId(code: string): number {
  const service = getDb().select().from(services).where(eq(services.code, code)).get();
  if (!service) throw new Error(`no service ${code}`);
  return service.id;
}

async function budgetPage(path: string, email: string, actingFor?: number | null) {
  const result = await run(loader, getRequest(path, cookieFor(email, '', { actingFor })));
  return { status: result.status, page: result.data as BudgetPageData };
}

async function budgetView(path: string, email: string, actingFor?: number): Promise<BudgetView> {
  const { status, page } = await budgetPage(path, email, actingFor);
  expect(status, path).toBe(200);
  if (page.kind !== 'budget') throw new Error(`expected a budget on ${path}, got ${page.kind}`);
  return page;
}

function lineFor(view: BudgetView, code: string) {
  const line = view.lines.find((l) => l.serviceId === serviceId(code));
  if (!line) throw new Error(`no ${code} line`);
  return line;
}

let keys = 0;
async function charge(provider: string | ProviderActor, phone: string, code: string, quantityHundredths: number, now = new Date()) {
  const result = await chargeBudget(
    typeof provider === 'string' ? providerActor(provider) : provider,
    { phone, serviceId: serviceId(code), quantityHundredths, serviceDate: helsinkiDate(now) },
    `budget-test-${++keys}`,
    now,
  );
  if (result.kind !== 'charged') throw new Error(`charge refused: ${result.kind}`);
  return result.receiptNumber;
}

describe('a client sees their own budget', () => {
  test('lines, used and remaining follow a charge and its refund', async () => {
    const aino = clientNamed('Aino', 'Korhonen');
    const before = await budgetView('/budget', CLIENT);
    expect(before.client.id).toBe(aino.id);
    expect(before.month).toBe(helsinkiMonth());
    expect(before.isCurrent).toBe(true);
    expect(before.daysLeft).toBeGreaterThan(0);
    expect(before.lines.map((l) => [l.serviceNameFi, l.monthlyCents])).toEqual([
      ['ateriapalvelu', 12000],
      ['siivous', 30000],
    ]);
    for (const line of before.lines) expect(line.remainingCents).toBe(line.monthlyCents - line.usedCents);
    expect(before.client.workerFirstName).toBe('Sanna');
    expect(before.client.workerLastName).toBe('Heikkinen');
    // Relative to what was there, so demo charges in the seed would not break the test.
    const cleaningUsed = lineFor(before, 'cleaning').usedCents;
    const mealsUsed = lineFor(before, 'meals').usedCents;

    // 2 h of cleaning at 42,00 €/h.
    const receipt = await charge('provider@example.fi', aino.phone, 'cleaning', 200);
    const charged = await budgetView('/budget', CLIENT);
    expect(lineFor(charged, 'cleaning')).toMatchObject({ usedCents: cleaningUsed + 8400, remainingCents: 30000 - cleaningUsed - 8400, usedUp: false });
    expect(lineFor(charged, 'meals')).toMatchObject({ usedCents: mealsUsed, remainingCents: 12000 - mealsUsed });
    expect(charged.totalUsedCents).toBe(before.totalUsedCents + 8400);
    expect(charged.transactions).toHaveLength(before.transactions.length + 1);
    expect(charged.transactions[0]).toMatchObject({
      kind: 'charge',
      receiptNumber: receipt,
      providerName: 'Kainuun Kotisiivous Oy',
      serviceNameFi: 'siivous',
      serviceNameSv: 'städning',
      quantityHundredths: 200,
      amountCents: 8400,
    });

    const refund = refundCharge(providerActor('provider@example.fi'), receipt, 'Käynti peruttiin', `budget-test-${++keys}`);
    expect(refund.kind).toBe('refunded');
    const refunded = await budgetView('/budget', CLIENT);
    expect(lineFor(refunded, 'cleaning')).toMatchObject({ usedCents: cleaningUsed, remainingCents: 30000 - cleaningUsed });
    expect(refunded.transactions.slice(0, 2).map((t) => [t.kind, t.amountCents, t.reason])).toEqual([
      ['refund', 8400, 'Käynti peruttiin'],
      ['charge', 8400, null],
    ]);
  });

  test('the own id in ?client is fine; any other id is 404 whether it exists or not', async () => {
    const aino = clientNamed('Aino', 'Korhonen');
    const eetu = clientNamed('Eetu', 'Kinnunen');
    expect((await budgetPage(`/budget?client=${aino.id}`, CLIENT)).status).toBe(200);
    for (const other of [String(eetu.id), '999999', 'abc', '-1', '0', `${aino.id}.0`]) {
      const { status } = await budgetPage(`/budget?client=${other}`, CLIENT);
      expect(status, `?client=${other}`).toBe(404);
      const statement = await budgetPage(`/budget/statement?client=${other}`, CLIENT);
      expect(statement.status, `statement ?client=${other}`).toBe(404);
    }
  });
});

describe('a representative sees only the clients they represent', () => {
  test('before choosing whom they act for they are sent to /act-for, which offers their two clients', async () => {
    const { status } = await budgetPage('/budget', CAREGIVER, null);
    expect(status).toBe(303);
    const caregiver = getDb().select().from(users).where(eq(users.email, CAREGIVER)).get()!;
    expect(actingForChoices(caregiver).map((c) => `${c.firstName} ${c.lastName}`)).toEqual(['Eetu Kinnunen', 'Helmi Kinnunen']);
  });

  test('each of their clients opens; anyone else is 404', async () => {
    const eetu = clientNamed('Eetu', 'Kinnunen');
    const helmi = clientNamed('Helmi', 'Kinnunen');
    const aino = clientNamed('Aino', 'Korhonen');
    const eetuView = await budgetView(`/budget?client=${eetu.id}`, CAREGIVER, eetu.id);
    expect(eetuView.self).toBe(false);
    expect(eetuView.canChooseOther).toBe(true);
    expect(eetuView.heading).toBe('Budjetti: Eetu Kinnunen');
    expect(eetuView.lines.map((l) => [l.serviceNameFi, l.monthlyCents])).toEqual([
      ['lastenhoito', 15000],
      ['siivous', 15000],
    ]);
    const helmiView = await budgetView(`/budget?client=${helmi.id}`, CAREGIVER, helmi.id);
    expect(helmiView.client.id).toBe(helmi.id);
    expect(helmiView.lines.map((l) => l.monthlyCents)).toEqual([10000, 60000]);
    // Acting for Eetu, a link to Helmi goes to the chooser (an explicit switch), never to her budget.
    expect((await budgetPage(`/budget?client=${helmi.id}`, CAREGIVER, eetu.id)).status).toBe(303);
    for (const other of [aino.id, 999999]) {
      expect((await budgetPage(`/budget?client=${other}`, CAREGIVER, eetu.id)).status, `?client=${other}`).toBe(404);
    }
  });

  test('the statement loader lets the same roles in', async () => {
    expect((await run(statementLoader, getRequest('/budget/statement', cookieFor(CAREGIVER)))).status).toBe(200);
    expect((await run(statementLoader, getRequest('/budget/statement', cookieFor('provider@example.fi')))).status).toBe(403);
  });
});

describe('?month', () => {
  test('malformed months are 400 and months not begun yet are 404, never 500', async () => {
    const current = helsinkiMonth();
    const cases: [string, number][] = [
      ['2026-13', 400],
      ['2026-1', 400],
      ['abc', 400],
      ['2026-00', 400],
      ['202611', 400],
      ['%00', 400],
      [`${current}-01`, 400],
      [addMonths(current, 1), 404],
      ['9999-12', 404],
    ];
    for (const [month, status] of cases) {
      const result = await budgetPage(`/budget?month=${month}`, CLIENT);
      expect(result.status, `?month=${month}`).toBe(status);
      const statement = await budgetPage(`/budget/statement?month=${month}`, CLIENT);
      expect(statement.status, `statement ?month=${month}`).toBe(status);
    }
    expect((await budgetPage(`/budget?month=${current}`, CLIENT)).status).toBe(200);
    expect((await budgetPage('/budget?month=', CLIENT)).status).toBe(200);
  });

  test('a month before any decision has no lines', async () => {
    const view = await budgetView('/budget?month=2020-05', CLIENT);
    expect(view.lines).toEqual([]);
    expect(view.isCurrent).toBe(false);
    expect(view.daysLeft).toBeNull();
  });

  test('an earlier month shows only its own transactions', async () => {
    const helmi = clientNamed('Helmi', 'Kinnunen');
    const current = helsinkiMonth();
    const previous = addMonths(current, -1);
    // A charge made in the middle of last month (chargeBudget takes the clock as an argument).
    const lastMonth = new Date(`${previous}-15T10:00:00Z`);
    const old = await charge('ateria@example.fi', helmi.phone, 'meals', 300, lastMonth);
    const recent = await charge('ateria@example.fi', helmi.phone, 'meals', 100);

    const thisMonth = await budgetView(`/budget?client=${helmi.id}`, CAREGIVER, helmi.id);
    expect(thisMonth.transactions.map((t) => t.receiptNumber)).toContain(recent);
    expect(thisMonth.transactions.map((t) => t.receiptNumber)).not.toContain(old);
    expect(thisMonth.transactions.every((t) => t.serviceDate.startsWith(current))).toBe(true);
    expect(lineFor(thisMonth, 'meals').usedCents).toBe(950);
    expect(thisMonth.months).toContain(previous);
    expect(thisMonth.months[0]).toBe(current);

    const earlier = await budgetView(`/budget?client=${helmi.id}&month=${previous}`, CAREGIVER, helmi.id);
    expect(earlier.month).toBe(previous);
    expect(earlier.isCurrent).toBe(false);
    expect(earlier.daysLeft).toBeNull();
    expect(earlier.transactions.map((t) => t.receiptNumber)).toContain(old);
    expect(earlier.transactions.map((t) => t.receiptNumber)).not.toContain(recent);
    expect(earlier.transactions.every((t) => t.serviceDate.startsWith(previous))).toBe(true);
    expect(lineFor(earlier, 'meals')).toMatchObject({ usedCents: 2850, remainingCents: 10000 - 2850 });
  });
});

describe('a used-up line', () => {
  test('is flagged so the page can explain it and name the own worker', async () => {
    const eetu = clientNamed('Eetu', 'Kinnunen');
    const staff = staffOf('Kainuun Lapsiperheapu Oy');
    // Cleaning 150,00 € a month at 40,00 €/h: 3 h = 120,00 €, then 0,75 h = 30,00 €.
    await charge(staff, eetu.phone, 'cleaning', 300);
    const almost = await budgetView(`/budget?client=${eetu.id}`, CAREGIVER);
    expect(lineFor(almost, 'cleaning')).toMatchObject({ remainingCents: 3000, usedUp: false });
    await charge(staff, eetu.phone, 'cleaning', 75);
    const view = await budgetView(`/budget?client=${eetu.id}`, CAREGIVER);
    expect(lineFor(view, 'cleaning')).toMatchObject({ usedCents: 15000, remainingCents: 0, usedUp: true });
    expect(lineFor(view, 'childcare')).toMatchObject({ remainingCents: 15000, usedUp: false });
    expect(view.isCurrent).toBe(true);
    expect(view.client.workerEmail).toBe('worker@example.fi');
    expect(`${view.client.workerFirstName} ${view.client.workerLastName}`).toBe('Sanna Heikkinen');
  });
});
