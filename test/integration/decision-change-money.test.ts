// A decision changed during a month gives a service a new budget line, but never a second monthly
// budget (M1); caregiver's-leave swap decisions together stay within 300 € a month (M2).
import crypto from 'node:crypto';
import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  // Refusals are expected here; their delay and lockout are tested in charge-limits.test.ts.
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
  process.env.CHARGE_MAX_REFUSALS = '100000';
  process.env.CHARGE_MAX_LOOKUPS = '100000';
});

import { getDb } from '../../db/client.server';
import { budgetLines, decisions } from '../../db/schema';
import { budgetLinesFor } from '../../app/domain/budget.server';
import { chargeBudget, refundCharge } from '../../app/domain/charge.server';
import { usedThisMonth } from '../../app/domain/ledger.server';
import { createDecision, endDecision, replaceDecision, type DecisionInput } from '../../app/domain/decisions.server';
import { helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import * as budgetRoute from '../../app/routes/_client+/budget';
import { clientByPhone, ledgerNet, providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, run } from '../helpers/requests';

const AINO = '+358401234567'; // client@example.fi, worker@: cleaning 300 €, meals 120 €
const EETU = '+358442718935'; // worker@: cleaning 150 €, childcare 150 €
const IRJA = '+358417365902'; // worker@: laundry 60 €, cleaning 160 €
const HOUR = 4200; // cleaning at provider@example.fi

const worker = () => ({ id: userByEmail('worker@example.fi').id, role: 'worker' as const, ip: '203.0.113.7' });
const line = (row: number, code: string, monthlyCents: number) => ({ row, serviceId: serviceByCode(code).id, monthlyCents });
const input = (over: Partial<DecisionInput>): DecisionInput => ({ validFrom: '2026-12-15', validTo: null, caregiverLeaveSwap: false, note: '', lines: [], ...over });

function cleaningCharge(phone: string, quantityHundredths: number, now: Date) {
  const cleaning = serviceByCode('cleaning').id;
  return chargeBudget(providerActor('provider@example.fi'), { phone, serviceId: cleaning, quantityHundredths, serviceDate: helsinkiDate(now) }, crypto.randomUUID(), now);
}

/** The client's decision with a cleaning line in force on `date`. */
function cleaningDecisionOn(clientId: number, date: string) {
  const found = getDb()
    .select({ id: decisions.id })
    .from(decisions)
    .innerJoin(budgetLines, eq(budgetLines.decisionId, decisions.id))
    .where(
      and(
        eq(decisions.clientId, clientId),
        eq(budgetLines.serviceId, serviceByCode('cleaning').id),
        lte(decisions.validFrom, date),
        or(isNull(decisions.validTo), gte(decisions.validTo, date)),
      ),
    )
    .orderBy(desc(decisions.validFrom))
    .get();
  if (!found) throw new Error(`no cleaning decision on ${date}`);
  return found.id;
}

describe('a decision changed during the month: one monthly budget per service', () => {
  test('the budget page shows one cleaning line after a change from today, with what is left of the month', async () => {
    const now = new Date();
    const today = helsinkiDate(now);
    const month = helsinkiMonth(now);
    const aino = clientByPhone(AINO);
    const cleaning = serviceByCode('cleaning').id;
    // Use some of the month on the old line: whatever fits of four hours.
    for (let i = 0; i < 4; i++) await cleaningCharge(AINO, 100, now);
    const before = ledgerNet(aino.id, cleaning, month);
    expect(before).toBeGreaterThan(0);

    const replaced = replaceDecision(
      worker(),
      aino.id,
      cleaningDecisionOn(aino.id, today),
      input({ validFrom: today, lines: [line(1, 'cleaning', 30000), line(2, 'meals', 12000)] }),
      now,
    );
    if (replaced.kind !== 'saved') throw new Error(JSON.stringify(replaced));

    // The new line does not start from zero: the 300 € is for the whole month.
    while ((await cleaningCharge(AINO, 100, now)).kind === 'charged');
    const used = ledgerNet(aino.id, cleaning, month);
    expect(used).toBeLessThanOrEqual(30000);
    expect(30000 - used).toBeLessThan(HOUR);
    expect(usedThisMonth(aino.id, cleaning, month)).toBe(used);

    const page = await run(budgetRoute.loader, getRequest('/budget', cookieFor('client@example.fi')));
    expect(page.status).toBe(200);
    const data = page.data as budgetRoute.BudgetView;
    const cleaningLines = data.lines.filter((l) => l.serviceId === cleaning);
    expect(cleaningLines).toHaveLength(1);
    expect(cleaningLines[0]).toMatchObject({
      monthlyCents: 30000,
      usedCents: used,
      remainingCents: 30000 - used,
      decisionValidFrom: today,
      decisionValidTo: null,
      usedUp: false,
    });
    // Every line appears once, and the totals add up over those lines.
    expect(new Set(data.lines.map((l) => l.serviceId)).size).toBe(data.lines.length);
    expect(data.totalUsedCents).toBe(data.lines.reduce((sum, l) => sum + l.usedCents, 0));
  });

  test('the confirmed case: 7 charges, the decision replaced from today with the same 300 €, 7 more: never over 300 € in the month', async () => {
    const aino = clientByPhone(AINO);
    const cleaning = serviceByCode('cleaning').id;
    const month = '2027-02';
    const morning = new Date('2027-02-10T09:00:00+02:00');
    const afternoon = new Date('2027-02-10T15:00:00+02:00');

    for (let i = 0; i < 7; i++) expect((await cleaningCharge(AINO, 100, morning)).kind).toBe('charged'); // 7 × 42 € = 294 €
    expect(ledgerNet(aino.id, cleaning, month)).toBe(7 * HOUR);

    const replaced = replaceDecision(
      worker(),
      aino.id,
      cleaningDecisionOn(aino.id, '2027-02-10'),
      input({ validFrom: '2027-02-10', lines: [line(1, 'cleaning', 30000), line(2, 'meals', 12000)] }),
      afternoon,
    );
    if (replaced.kind !== 'saved') throw new Error(JSON.stringify(replaced));

    const after = [];
    for (let i = 0; i < 7; i++) after.push((await cleaningCharge(AINO, 100, afternoon)).kind);
    expect(after).toEqual(Array(7).fill('refused'));
    expect(ledgerNet(aino.id, cleaning, month)).toBe(7 * HOUR);

    // What is left (6 €) can still be used on the new line, and not a cent more.
    const last = await cleaningCharge(AINO, 14, afternoon); // 5,88 €
    if (last.kind !== 'charged') throw new Error(last.kind);
    expect((await cleaningCharge(AINO, 1, afternoon)).kind).toBe('refused'); // 0,42 € > 0,12 €
    expect(ledgerNet(aino.id, cleaning, month)).toBe(30000 - 12);

    // A refund on either line frees the amount for the month.
    const refund = refundCharge(providerActor('provider@example.fi'), last.receiptNumber, 'Väärä määrä', crypto.randomUUID(), afternoon);
    expect(refund.kind).toBe('refunded');
    expect(ledgerNet(aino.id, cleaning, month)).toBe(7 * HOUR);

    const lines = budgetLinesFor(aino.id, month, afternoon).filter((l) => l.serviceId === cleaning);
    expect(lines.map((l) => [l.decisionValidFrom, l.monthlyCents, l.usedCents, l.remainingCents])).toEqual([['2027-02-10', 30000, 7 * HOUR, 30000 - 7 * HOUR]]);
    // A past month shows the same one line.
    expect(budgetLinesFor(aino.id, month, new Date('2027-03-05T10:00:00+02:00')).filter((l) => l.serviceId === cleaning)).toEqual(lines);
  });

  test('a decision ended mid-month and a new one for the same service later that month share the month', async () => {
    const eetu = clientByPhone(EETU);
    const cleaning = serviceByCode('cleaning').id;
    const month = '2027-03';
    const early = new Date('2027-03-05T10:00:00+02:00');
    const later = new Date('2027-03-12T10:00:00+02:00');
    expect((await cleaningCharge(EETU, 300, early)).kind).toBe('charged'); // 126 € of 150 €
    expect(endDecision(worker(), eetu.id, cleaningDecisionOn(eetu.id, '2027-03-05'), '2027-03-09', early).kind).toBe('saved');
    const made = createDecision(worker(), eetu.id, input({ validFrom: '2027-03-10', lines: [line(1, 'cleaning', 15000)] }), early);
    if (made.kind !== 'saved') throw new Error(JSON.stringify(made));

    expect((await cleaningCharge(EETU, 100, later)).kind).toBe('refused'); // 126 + 42 > 150
    expect((await cleaningCharge(EETU, 50, later)).kind).toBe('charged'); // 126 + 21 = 147
    expect(ledgerNet(eetu.id, cleaning, month)).toBe(14700);

    // On the 5th, before the new decision began, the month shows the line then in force.
    const onFifth = budgetLinesFor(eetu.id, month, early).filter((l) => l.serviceId === cleaning);
    expect(onFifth.map((l) => [l.decisionValidTo, l.usedCents])).toEqual([['2027-03-09', 14700]]);
    const now = budgetLinesFor(eetu.id, month, later).filter((l) => l.serviceId === cleaning);
    expect(now.map((l) => [l.decisionValidFrom, l.monthlyCents, l.usedCents, l.remainingCents])).toEqual([['2027-03-10', 15000, 14700, 300]]);
  });
});

describe("caregiver's leave swaps: 300 € a month for the client, across decisions", () => {
  const NOW = new Date('2026-12-10T10:00:00+02:00');
  const swap = (over: Partial<DecisionInput>) => input({ caregiverLeaveSwap: true, ...over });
  const CAP = { kind: 'invalid', errors: { caregiverLeaveSwap: 'backoffice:decision.errors.caregiverCap' } };

  test('create: a second swap decision in force at the same time counts against the same cap', () => {
    const irja = clientByPhone(IRJA);
    const create = (over: Partial<DecisionInput>) => createDecision(worker(), irja.id, swap(over), NOW);
    const garden = create({ validFrom: '2026-12-15', validTo: '2027-01-31', lines: [line(1, 'garden', 20000)] });
    expect(garden.kind).toBe('saved');
    // The confirmed case: another 300 € swap for a different service at the same time.
    expect(create({ validFrom: '2026-12-15', lines: [line(1, 'childcare', 30000)] })).toEqual(CAP);
    expect(create({ validFrom: '2027-01-31', lines: [line(1, 'childcare', 10001)] })).toEqual(CAP);
    // After the garden decision ends, a full 200 € + 100 € fits again; 100 € fits alongside it.
    expect(create({ validFrom: '2027-02-01', lines: [line(1, 'childcare', 20000)] }).kind).toBe('saved');
    expect(create({ validFrom: '2026-12-20', lines: [line(1, 'errands', 10000)] }).kind).toBe('saved');
    // Garden (to January) and childcare (from February) are never in force together: 200 + 100 € at most.
    expect(create({ validFrom: '2026-12-20', lines: [line(1, 'handyman', 1)] })).toEqual(CAP);
    // A decision that is not a swap is not capped and does not count.
    expect(createDecision(worker(), irja.id, input({ validFrom: '2026-12-20', lines: [line(1, 'escort', 30000)] }), NOW).kind).toBe('saved');
  });

  test('replace: the replaced decision does not count, the other swaps in force do', () => {
    const eetu = clientByPhone(EETU);
    const create = (over: Partial<DecisionInput>) => createDecision(worker(), eetu.id, swap(over), NOW);
    const first = create({ validFrom: '2026-12-15', lines: [line(1, 'garden', 15000)] });
    const second = create({ validFrom: '2026-12-15', lines: [line(1, 'errands', 15000)] });
    if (first.kind !== 'saved' || second.kind !== 'saved') throw new Error(JSON.stringify([first, second]));
    const replace = (over: Partial<DecisionInput>) => replaceDecision(worker(), eetu.id, first.decisionId, swap(over), NOW);
    // Raising garden to 300 € while errands is 150 €: over the cap.
    expect(replace({ validFrom: '2027-01-01', lines: [line(1, 'garden', 30000)] })).toEqual(CAP);
    // Adding a service on top of the 300 € already granted: over the cap.
    expect(replace({ validFrom: '2027-01-01', lines: [line(1, 'garden', 15000), line(2, 'handyman', 100)] })).toEqual(CAP);
    // The same 150 € from a date: the old garden decision ends the day before and does not count.
    const replaced = replace({ validFrom: '2027-01-01', lines: [line(1, 'garden', 10000), line(2, 'handyman', 5000)] });
    expect(replaced.kind).toBe('saved');
  });
});
