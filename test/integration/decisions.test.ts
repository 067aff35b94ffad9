// Budget decisions: validation edges (amounts, overlaps, the caregiver's-leave cap, dates), ending
// and replacing from a date, and that no change ever rewrites what was already charged.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, budgetLines, decisions, ledgerEntries } from '../../db/schema';
import { budgetLinesFor } from '../../app/domain/budget.server';
import { chargeBudget } from '../../app/domain/charge.server';
import {
  createDecision,
  decisionFormSchema,
  decisionInputFrom,
  endDecision,
  replaceDecision,
  type DecisionInput,
} from '../../app/domain/decisions.server';
import { addMonths, helsinkiMonth, lastDayOf } from '../../app/domain/months';
import { validateForm } from '../../app/utils/forms.server';
import * as newDecisionRoute from '../../app/routes/worker+/clients.$id.decisions.new';
import * as clientPage from '../../app/routes/worker+/clients.$id._index';
import { clientByPhone, ledgerNet, providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const NOW = new Date('2026-11-10T10:00:00+02:00');
const AINO = '+358401234567'; // worker@, cleaning 300 €, meals 120 € from 2026-01-01
const VILLE = '+358503619847'; // worker@, personal assistance, escort
const IRJA = '+358417365902'; // worker@, laundry, cleaning
const LEA = '+358442093157'; // worker@, comparison group
const ELSA = '+358405823617'; // worker2@

const worker = () => ({ id: userByEmail('worker@example.fi').id, role: 'worker' as const, ip: '203.0.113.7' });
const line = (row: number, code: string, monthlyCents: number) => ({ row, serviceId: serviceByCode(code).id, monthlyCents });
const input = (over: Partial<DecisionInput>): DecisionInput => ({ validFrom: '2026-11-15', validTo: null, caregiverLeaveSwap: false, note: '', lines: [], ...over });

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return validateForm(data, decisionFormSchema);
}

describe('the decision form', () => {
  test('amounts must be positive euros within the maximum, each row complete, services not twice', () => {
    const zero = form({ validFrom: '2026-11-15', serviceId_1: '5', amount_1: '0' });
    expect(zero.ok || zero.errors).toEqual({ amount_1: 'backoffice:decision.errors.amountInvalid' });
    const huge = form({ validFrom: '2026-11-15', serviceId_1: '5', amount_1: '10000,01' });
    expect(huge.ok || huge.errors).toEqual({ amount_1: 'backoffice:decision.errors.amountTooLarge' });
    const negative = form({ validFrom: '2026-11-15', serviceId_1: '5', amount_1: '-5' });
    expect(negative.ok || negative.errors).toEqual({ amount_1: 'backoffice:decision.errors.amountInvalid' });
    const half = form({ validFrom: '2026-11-15', serviceId_2: '5' });
    expect(half.ok || half.errors).toEqual({ amount_2: 'backoffice:decision.errors.amountRequired' });
    const twice = form({ validFrom: '2026-11-15', serviceId_1: '5', amount_1: '10', serviceId_2: '5', amount_2: '20' });
    expect(twice.ok || twice.errors).toEqual({ serviceId_2: 'backoffice:decision.errors.serviceTwice' });
    const none = form({ validFrom: '2026-11-15' });
    expect(none.ok || none.errors).toEqual({ serviceId_1: 'backoffice:decision.errors.linesRequired' });
    const backwards = form({ validFrom: '2026-11-15', validTo: '2026-11-14', serviceId_1: '5', amount_1: '10' });
    expect(backwards.ok || backwards.errors).toEqual({ validTo: 'backoffice:decision.errors.toBeforeFrom' });
  });

  test('a valid form becomes cents: "1 234,50" is 123450, the maximum 10 000,00 € is allowed', () => {
    const parsed = form({ validFrom: '2026-11-15', serviceId_1: '5', amount_1: '1 234,50', serviceId_3: '6', amount_3: '10000', caregiverLeaveSwap: 'yes' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const decision = decisionInputFrom(parsed.data);
    expect(decision.lines).toEqual([
      { row: 1, serviceId: 5, monthlyCents: 123450 },
      { row: 3, serviceId: 6, monthlyCents: 1_000_000 },
    ]);
    expect(decision.caregiverLeaveSwap).toBe(true);
  });
});

describe('creating a decision', () => {
  test('a new service for Aino from the 15th is saved with its lines, and audit-logged', () => {
    const aino = clientByPhone(AINO);
    const result = createDecision(worker(), aino.id, input({ lines: [line(1, 'handyman', 5000)] }), NOW);
    expect(result.kind).toBe('saved');
    if (result.kind !== 'saved') return;
    const lines = getDb().select().from(budgetLines).where(eq(budgetLines.decisionId, result.decisionId)).all();
    expect(lines.map((l) => l.monthlyCents)).toEqual([5000]);
    const logged = getDb().select().from(auditLog).where(and(eq(auditLog.action, 'decision.created'), eq(auditLog.subjectId, String(result.decisionId)))).get();
    expect(logged?.actorUserId).toBe(worker().id);
  });

  test('no overlapping decisions for the same service: Aino already has cleaning until further notice', () => {
    const aino = clientByPhone(AINO);
    const result = createDecision(worker(), aino.id, input({ validFrom: '2027-03-01', lines: [line(1, 'garden', 1000), line(2, 'cleaning', 10000)] }), NOW);
    expect(result).toEqual({ kind: 'invalid', errors: { serviceId_2: 'backoffice:decision.errors.overlap' } });
  });

  test('a decision that ends before an existing one starts does not overlap it', () => {
    const ville = clientByPhone(VILLE);
    const later = createDecision(worker(), ville.id, input({ validFrom: '2027-01-01', lines: [line(1, 'garden', 4000)] }), NOW);
    expect(later.kind).toBe('saved');
    const before = createDecision(worker(), ville.id, input({ validFrom: '2026-11-20', validTo: '2026-12-31', lines: [line(1, 'garden', 3000)] }), NOW);
    expect(before.kind).toBe('saved');
    const touching = createDecision(worker(), ville.id, input({ validFrom: '2026-12-31', validTo: '2027-01-01', lines: [line(1, 'garden', 3000)] }), NOW);
    expect(touching).toEqual({ kind: 'invalid', errors: { serviceId_1: 'backoffice:decision.errors.overlap' } });
  });

  test("caregiver's leave swaps: at most 300 € a month together, and caregiver services only", () => {
    const irja = clientByPhone(IRJA);
    const swap = (lines: ReturnType<typeof line>[]) => createDecision(worker(), irja.id, input({ caregiverLeaveSwap: true, lines }), NOW);
    expect(swap([line(1, 'garden', 20000), line(2, 'childcare', 10001)])).toEqual({
      kind: 'invalid',
      errors: { caregiverLeaveSwap: 'backoffice:decision.errors.caregiverCap' },
    });
    expect(swap([line(1, 'home-care', 10000)])).toEqual({ kind: 'invalid', errors: { serviceId_1: 'backoffice:decision.errors.notCaregiverService' } });
    expect(swap([line(1, 'garden', 20000), line(2, 'childcare', 10000)]).kind).toBe('saved');
  });

  test('the same services without the swap are not capped (older people’s HB)', () => {
    const ville = clientByPhone(VILLE);
    const result = createDecision(worker(), ville.id, input({ lines: [line(1, 'meals', 40000), line(2, 'cleaning', 40000)] }), NOW);
    expect(result.kind).toBe('saved');
  });

  test('dates: not before this month, not more than two years ahead, not ending in the past', () => {
    const ville = clientByPhone(VILLE);
    const make = (over: Partial<DecisionInput>) => createDecision(worker(), ville.id, input({ lines: [line(1, 'transport', 1000)], ...over }), NOW);
    expect(make({ validFrom: '2026-10-31' })).toEqual({ kind: 'invalid', errors: { validFrom: 'backoffice:decision.errors.fromTooEarly' } });
    expect(make({ validFrom: '2028-12-01' })).toEqual({ kind: 'invalid', errors: { validFrom: 'backoffice:decision.errors.fromTooLate' } });
    expect(make({ validFrom: '2026-11-01', validTo: '2026-11-09' })).toEqual({ kind: 'invalid', errors: { validTo: 'backoffice:decision.errors.toInPast' } });
    expect(make({ validFrom: '2026-11-01', validTo: '2026-11-10' }).kind).toBe('saved');
  });

  test('no HB decisions for the comparison group; another worker’s client is not found', () => {
    expect(createDecision(worker(), clientByPhone(LEA).id, input({ lines: [line(1, 'garden', 1000)] }), NOW)).toEqual({
      kind: 'invalid',
      errors: { form: 'backoffice:decision.errors.comparisonGroup' },
    });
    expect(createDecision(worker(), clientByPhone(ELSA).id, input({ lines: [line(1, 'garden', 1000)] }), NOW)).toEqual({ kind: 'notFound' });
  });
});

describe('ending and replacing', () => {
  test('end: today or later, never before the start, only shorter; the database refuses any other change', () => {
    const ville = clientByPhone(VILLE);
    const made = createDecision(worker(), ville.id, input({ validFrom: '2026-11-12', lines: [line(1, 'sauna-bathing', 2000)] }), NOW);
    if (made.kind !== 'saved') throw new Error(JSON.stringify(made));
    const id = made.decisionId;
    expect(endDecision(worker(), ville.id, id, '2026-11-09', NOW)).toEqual({ kind: 'invalid', errors: { validTo: 'backoffice:decision.errors.toInPast' } });
    expect(endDecision(worker(), ville.id, id, '2026-11-11', NOW)).toEqual({ kind: 'invalid', errors: { validTo: 'backoffice:decision.errors.toBeforeFrom' } });
    expect(endDecision(worker(), ville.id, id, '2026-12-31', NOW).kind).toBe('saved');
    expect(endDecision(worker(), ville.id, id, '2027-01-31', NOW)).toEqual({ kind: 'invalid', errors: { validTo: 'backoffice:decision.errors.notShorter' } });
    expect(endDecision(worker(), ville.id, id, '2026-11-30', NOW).kind).toBe('saved');
    expect(getDb().select().from(decisions).where(eq(decisions.id, id)).get()?.validTo).toBe('2026-11-30');
    expect(endDecision(worker(), ville.id, id, '2026-11-20', new Date('2026-12-05T10:00:00+02:00'))).toEqual({
      kind: 'invalid',
      errors: { form: 'backoffice:decision.errors.alreadyEnded' },
    });
    expect(() => getDb().update(decisions).set({ note: 'muutettu' }).where(eq(decisions.id, id)).run()).toThrow(/never rewritten/);
    expect(() => getDb().update(decisions).set({ validTo: '2027-06-30' }).where(eq(decisions.id, id)).run()).toThrow(/never rewritten/);
    expect(() => getDb().delete(decisions).where(eq(decisions.id, id)).run()).toThrow(/never deleted/);
    expect(() => getDb().update(budgetLines).set({ monthlyCents: 1 }).where(eq(budgetLines.decisionId, id)).run()).toThrow(/append-only/);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, 'decision.ended'), eq(auditLog.subjectId, String(id)))).all()).toHaveLength(2);
  });

  test('replace from the 15th: charges before stay on the old line, charges after use the new one, one monthly budget', async () => {
    const aino = clientByPhone(AINO);
    const cleaning = serviceByCode('cleaning').id;
    const provider = providerActor('provider@example.fi');
    const charge = (now: Date, day: string) =>
      chargeBudget(provider, { phone: AINO, serviceId: cleaning, quantityHundredths: 200, serviceDate: day }, crypto.randomUUID(), now);
    const first = await charge(NOW, '2026-11-10');
    expect(first.kind).toBe('charged');
    const before = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.clientId, aino.id)).all();

    const old = getDb().select().from(decisions).where(eq(decisions.clientId, aino.id)).all()[0];
    const replaced = replaceDecision(
      worker(),
      aino.id,
      old.id,
      input({ validFrom: '2026-11-15', lines: [line(1, 'cleaning', 35000), line(2, 'meals', 12000)] }),
      new Date('2026-11-12T09:00:00+02:00'),
    );
    if (replaced.kind !== 'saved') throw new Error(JSON.stringify(replaced));
    const oldNow = getDb().select().from(decisions).where(eq(decisions.id, old.id)).get();
    expect(oldNow?.validTo).toBe('2026-11-14');
    expect(getDb().select().from(decisions).where(eq(decisions.id, replaced.decisionId)).get()?.replacesDecisionId).toBe(old.id);
    // Nothing already charged changed.
    expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.clientId, aino.id)).all()).toEqual(before);

    const later = await charge(new Date('2026-11-16T10:00:00+02:00'), '2026-11-16');
    if (later.kind !== 'charged') throw new Error(later.kind);
    const laterRow = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, later.receiptNumber)).get();
    const newCleaning = getDb()
      .select()
      .from(budgetLines)
      .where(and(eq(budgetLines.decisionId, replaced.decisionId), eq(budgetLines.serviceId, cleaning)))
      .get();
    expect(laterRow?.budgetLineId).toBe(newCleaning?.id);

    // One line for the month: the new decision's amount, used counts both lines' charges.
    const month = budgetLinesFor(aino.id, '2026-11', new Date('2026-11-16T10:00:00+02:00')).filter((l) => l.serviceId === cleaning);
    const used = ledgerNet(aino.id, cleaning, '2026-11');
    expect(month.map((l) => [l.decisionValidFrom, l.decisionValidTo, l.monthlyCents, l.usedCents, l.remainingCents])).toEqual([
      ['2026-11-15', null, 35000, used, 35000 - used],
    ]);
  });

  test('replace refuses a date before the old decision began or in the past', () => {
    const ville = clientByPhone(VILLE);
    const made = createDecision(worker(), ville.id, input({ validFrom: '2026-12-01', lines: [line(1, 'errands', 2000)] }), NOW);
    if (made.kind !== 'saved') throw new Error(JSON.stringify(made));
    const replace = (validFrom: string) => replaceDecision(worker(), ville.id, made.decisionId, input({ validFrom, lines: [line(1, 'errands', 3000)] }), NOW);
    expect(replace('2026-12-01')).toEqual({ kind: 'invalid', errors: { validFrom: 'backoffice:decision.errors.changeBeforeStart' } });
    expect(replace('2026-11-09')).toEqual({ kind: 'invalid', errors: { validFrom: 'backoffice:decision.errors.changeTooEarly' } });
  });
});

describe('the routes', () => {
  test('a worker opens only their own clients; another worker’s client is 404', async () => {
    const aino = clientByPhone(AINO);
    const own = await run(clientPage.loader, getRequest(`/worker/clients/${aino.id}`, cookieFor('worker@example.fi')), { id: String(aino.id) });
    expect(own.status).toBe(200);
    const other = await run(clientPage.loader, getRequest(`/worker/clients/${aino.id}`, cookieFor('worker2@example.fi')), { id: String(aino.id) });
    expect(other.status).toBe(404);
    const none = await run(clientPage.loader, getRequest('/worker/clients/abc', cookieFor('worker@example.fi')), { id: 'abc' });
    expect(none.status).toBe(404);
  });

  test('an invalid decision form answers 400 with field errors and what was typed; a valid one 303', async () => {
    const ville = clientByPhone(VILLE);
    const nextMonth = addMonths(helsinkiMonth(), 1);
    const path = `/worker/clients/${ville.id}/decisions/new`;
    const bad = await run(newDecisionRoute.action, postRequest(path, { validFrom: '2026-11-30', serviceId_1: String(serviceByCode('garden').id), amount_1: 'paljon' }, cookieFor('worker@example.fi')), {
      id: String(ville.id),
    });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { amount_1: 'backoffice:decision.errors.amountInvalid' }, values: { amount_1: 'paljon' } });
    const good = await run(
      newDecisionRoute.action,
      postRequest(path, { validFrom: `${nextMonth}-01`, validTo: lastDayOf(nextMonth), serviceId_1: String(serviceByCode('laundry').id), amount_1: '25,00' }, cookieFor('worker@example.fi')),
      { id: String(ville.id) },
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('Location')).toMatch(new RegExp(`^/worker/clients/${ville.id}\\?done=decisionCreated#decision-\\d+$`));
  });
});
