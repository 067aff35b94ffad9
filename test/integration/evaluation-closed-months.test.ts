// The evaluation report's closed months (docs/decisions/022): kept per client and service, they
// give the same report as the ledger itself; a late refund into a closed month forgets that month
// in its own transaction; housekeeping computes the missing closed months, never the open one.
import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, evaluationClosedMonths, evaluationLedgerMonths, ledgerEntries, providers, settlementMonths, users } from '../../db/schema';
import { chargeBudget, refundCharge } from '../../app/domain/charge.server';
import { setClock } from '../../app/domain/clock';
import { forgetClosedMonth, keepClosedMonth, keepClosedMonths, evaluationReport, missingClosedMonths, reportMonths, type EvaluationReport } from '../../app/domain/evaluation.server';
import { settlementFor, settlementsOfMonth } from '../../app/domain/settlement.server';
import { immediate } from '../../app/domain/transaction.server';
import { housekeeping } from '../../app/domain/housekeeping.server';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import * as disputeRoute from '../../app/routes/_client+/budget_.dispute.$receipt';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, postRequest, run } from '../helpers/requests';

const CUR = helsinkiMonth();
const M1 = addMonths(CUR, -1);
const M2 = addMonths(CUR, -2);
const M3 = addMonths(CUR, -3);
// The middle of this month: no test meets the closing grace after midnight on the 1st.
const MID_MONTH = new Date(`${CUR}-15T10:00:00Z`);
const AINO = '+358401234567';

const db = () => getDb();
const months = () => reportMonths(CUR);
const cleaning = () => serviceByCode('cleaning').id;

function keptMonths(): string[] {
  return db()
    .select({ month: evaluationClosedMonths.month })
    .from(evaluationClosedMonths)
    .all()
    .map((row) => row.month)
    .sort();
}

function clearKept(): void {
  db().delete(evaluationLedgerMonths).run();
  db().delete(settlementMonths).run();
  db().delete(evaluationClosedMonths).run();
}

/** The cleaning cell of the HB group in a month. */
function cleaningIn(report: EvaluationReport, month: string) {
  const hb = report.groups.find((g) => g.group === 'hb')!;
  return hb.services.find((s) => s.serviceId === cleaning())!.months[report.months.indexOf(month)];
}

/** A ledger row of a past month, written as the ledger holds it (charges there are history). */
function entry(o: { clientId: number; providerId: number; month: string; amountCents: number; refundOfId?: number }): number {
  const line = db()
    .select({ id: budgetLines.id })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .where(and(eq(decisions.clientId, o.clientId), eq(budgetLines.serviceId, cleaning())))
    .get()!;
  const staff = db().select({ id: users.id }).from(users).where(eq(users.providerId, o.providerId)).get() ?? userByEmail('provider@example.fi');
  const kind = o.refundOfId === undefined ? 'charge' : 'refund';
  return db()
    .insert(ledgerEntries)
    .values({
      kind,
      clientId: o.clientId,
      budgetLineId: line.id,
      providerId: o.providerId,
      providerUserId: staff.id,
      serviceId: cleaning(),
      quantityHundredths: 100,
      unitPriceCents: o.amountCents,
      amountCents: o.amountCents,
      budgetMonth: o.month,
      serviceDate: `${o.month}-10`,
      receiptNumber: `T${crypto.randomUUID().slice(0, 12)}`,
      idempotencyKey: crypto.randomUUID(),
      refundOfId: o.refundOfId ?? null,
      reason: o.refundOfId === undefined ? null : 'testi',
      createdAt: new Date(`${o.month}-10T10:00:00Z`).toISOString(),
    })
    .returning({ id: ledgerEntries.id })
    .get().id;
}

/** The HB clients with a cleaning line, oldest first. */
function cleaningClients(): number[] {
  return [
    ...new Set(
      db()
        .select({ clientId: decisions.clientId })
        .from(budgetLines)
        .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
        .where(eq(budgetLines.serviceId, cleaning()))
        .all()
        .map((row) => row.clientId),
    ),
  ].sort((a, b) => a - b);
}

/** Charge providers per client of a month, straight from the ledger rows. */
function providersOf(clientIds: number[], month: string): Map<number, string> {
  const rows = db()
    .select({ clientId: ledgerEntries.clientId, providerId: ledgerEntries.providerId })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.clientId, clientIds), eq(ledgerEntries.serviceId, cleaning()), eq(ledgerEntries.budgetMonth, month), eq(ledgerEntries.kind, 'charge')))
    .all();
  const sets = new Map<number, Set<number>>();
  for (const row of rows) sets.set(row.clientId, (sets.get(row.clientId) ?? new Set()).add(row.providerId));
  return new Map([...sets].map(([id, set]) => [id, [...set].sort((a, b) => a - b).join(',')]));
}

/** Net cleaning use of the HB group in a month, straight from the ledger rows. */
function netCleaning(month: string): number {
  const hb = db().select({ id: clients.id }).from(clients).where(eq(clients.group, 'hb')).all().map((row) => row.id);
  return db()
    .select({ kind: ledgerEntries.kind, amountCents: ledgerEntries.amountCents })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.clientId, hb), eq(ledgerEntries.serviceId, cleaning()), eq(ledgerEntries.budgetMonth, month)))
    .all()
    .reduce((sum, row) => sum + (row.kind === 'charge' ? row.amountCents : -row.amountCents), 0);
}

let people: number[];
let providerA: number;
let providerB: number;
let changedClient: number;
let oldCleaningCents: number;

beforeAll(() => {
  setClock(MID_MONTH);
  people = cleaningClients();
  providerA = userByEmail('provider@example.fi').providerId!;
  providerB = db()
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.status, 'approved'))
    .all()
    .find((p) => p.id !== providerA)!.id;
  // Three closed months of history: everyone with provider A, then A and (one client) B with a
  // refund, then everyone with B.
  for (const clientId of people) entry({ clientId, providerId: providerA, month: M3, amountCents: 1000 });
  people.forEach((clientId, i) => {
    const charge = entry({ clientId, providerId: providerA, month: M2, amountCents: 2000 + i });
    if (i === 0) entry({ clientId, providerId: providerB, month: M2, amountCents: 500 });
    if (i === 1) entry({ clientId, providerId: providerA, month: M2, amountCents: 2000 + i, refundOfId: charge });
  });
  for (const clientId of people) entry({ clientId, providerId: providerB, month: M1, amountCents: 1500 });
  for (const clientId of people.slice(0, 2)) entry({ clientId, providerId: providerB, month: CUR, amountCents: 700 });
  // A decision change in the middle of M2: the third client's cleaning grows from the 15th.
  changedClient = people[2];
  const old = db().select().from(decisions).where(eq(decisions.clientId, changedClient)).get()!;
  const oldLines = db().select().from(budgetLines).where(eq(budgetLines.decisionId, old.id)).all();
  oldCleaningCents = oldLines.find((line) => line.serviceId === cleaning())!.monthlyCents;
  db().update(decisions).set({ validTo: `${M2}-14` }).where(eq(decisions.id, old.id)).run();
  const replacement = db()
    .insert(decisions)
    .values({ clientId: changedClient, workerId: old.workerId, validFrom: `${M2}-15`, replacesDecisionId: old.id })
    .returning({ id: decisions.id })
    .get();
  for (const line of oldLines) {
    db()
      .insert(budgetLines)
      .values({ decisionId: replacement.id, serviceId: line.serviceId, monthlyCents: line.serviceId === cleaning() ? 40000 : line.monthlyCents })
      .run();
  }
});
afterAll(() => setClock(null));

describe('closed months of the evaluation report', () => {
  test('the report from the kept months equals the report read from the ledger', () => {
    clearKept();
    const kept = evaluationReport(months());
    // Every closed month the report reads (one before the window, for provider changes) is kept now.
    expect(keptMonths()).toEqual([addMonths(months()[0], -1), ...months()].filter((m) => m < CUR));
    expect(db().select().from(evaluationLedgerMonths).where(eq(evaluationLedgerMonths.month, M2)).all().length).toBeGreaterThanOrEqual(people.length);
    const live = evaluationReport(months(), undefined, { live: true });
    expect(kept).toEqual(live);
    // A second report reads the kept rows and is still the same.
    expect(evaluationReport(months())).toEqual(live);
  });

  test('a kept month’s settlement, the region’s and each provider’s, is read from its kept rows and equals the ledger’s', () => {
    clearKept();
    keepClosedMonths(MID_MONTH);
    for (const month of [M3, M2, M1]) {
      expect(keptMonths()).toContain(month);
      const kept = settlementsOfMonth(month);
      expect(kept.size, month).toBeGreaterThan(0);
      expect(kept).toEqual(settlementsOfMonth(month, undefined, { live: true }));
      for (const providerId of kept.keys()) expect(settlementFor(providerId, month)).toEqual(settlementFor(providerId, month, { live: true }));
    }
    // The open month is never kept: always the ledger's.
    expect(db().select().from(settlementMonths).where(eq(settlementMonths.month, CUR)).all()).toEqual([]);
    // Read from the kept rows: a kept row changed by hand shows, until the month is forgotten.
    const row = db().select().from(settlementMonths).where(eq(settlementMonths.month, M1)).all()[0];
    const key = and(eq(settlementMonths.month, M1), eq(settlementMonths.providerId, row.providerId), eq(settlementMonths.serviceId, row.serviceId));
    db().update(settlementMonths).set({ chargesCents: row.chargesCents + 1 }).where(key).run();
    const ledgerTotal = settlementFor(row.providerId, M1, { live: true }).total.chargesCents;
    expect(settlementFor(row.providerId, M1).total.chargesCents).toBe(ledgerTotal + 1);
    immediate((tx) => forgetClosedMonth(tx, M1));
    expect(db().select().from(settlementMonths).where(eq(settlementMonths.month, M1)).all()).toEqual([]);
    expect(settlementFor(row.providerId, M1).total.chargesCents).toBe(ledgerTotal);
  });

  test('a marker written while the clock was ahead never hides a charge: not read, and housekeeping forgets it', async () => {
    clearKept();
    setClock(new Date(`${addMonths(CUR, 1)}-15T10:00:00Z`));
    expect(keepClosedMonth(CUR)).toBe(true); // closed by that clock
    setClock(MID_MONTH);
    // Refused now: the month is open by this clock.
    expect(keepClosedMonth(CUR, new Date(`${addMonths(CUR, 1)}-15T10:00:00Z`))).toBe(false);
    const provider = providerActor('provider@example.fi');
    const before = settlementFor(provider.providerId, CUR, { live: true }).total.chargesCents;
    const charged = await chargeBudget(provider, { phone: AINO, serviceId: cleaning(), quantityHundredths: 25, serviceDate: helsinkiDate() }, crypto.randomUUID());
    expect(charged.kind).toBe('charged');
    const live = settlementFor(provider.providerId, CUR, { live: true });
    expect(live.total.chargesCents).toBeGreaterThan(before);
    expect(settlementFor(provider.providerId, CUR)).toEqual(live);
    await housekeeping(MID_MONTH);
    expect(keptMonths()).not.toContain(CUR);
    expect(db().select().from(settlementMonths).where(eq(settlementMonths.month, CUR)).all()).toEqual([]);
  });

  test('its numbers are the ledger’s: refunds, provider changes, a decision change mid-month, both groups', () => {
    const report = evaluationReport(months());
    for (const month of [M3, M2, M1, CUR]) expect(cleaningIn(report, month).usedCents, month).toEqual({ kind: 'value', value: netCleaning(month) });
    // Provider changes against the month before, counted from the rows.
    const changes = (month: string) => {
      const now = providersOf(people, month);
      const then = providersOf(people, addMonths(month, -1));
      return people.filter((id) => now.has(id) && then.has(id) && now.get(id) !== then.get(id)).length;
    };
    expect(changes(M1)).toBe(people.length);
    expect(cleaningIn(report, M1).providerChanges).toEqual({ kind: 'value', value: people.length });
    expect(cleaningIn(report, M1).providersUsed).toEqual({ kind: 'value', value: 1 });
    // One client changed in M2 (A to A and B): fewer than five, so hidden.
    expect(changes(M2)).toBe(1);
    expect(cleaningIn(report, M2).providerChanges).toEqual({ kind: 'suppressed' });
    expect(cleaningIn(report, M2).providersUsed).toEqual({ kind: 'value', value: 2 });
    expect(cleaningIn(report, M3).providerChanges).toEqual({ kind: 'value', value: 0 });
    // The replacement decision gives the month its amount: one client, one budget.
    const granted = (month: string) => (cleaningIn(report, month).grantedCents as { value: number }).value;
    expect(granted(M2) - granted(M3)).toBe(40000 - oldCleaningCents);
    expect(cleaningIn(report, M2).clients).toEqual(cleaningIn(report, M3).clients);
    const comparison = report.groups.find((g) => g.group === 'comparison')!;
    expect(comparison.members.at(-1)).toEqual({ kind: 'value', value: 10 });
  });

  test('a late refund of a disputed charge forgets its closed month in the same transaction, and the next report shows it', async () => {
    // Charged and disputed in M1, refunded this month. The clock goes back to M1, where M1 is
    // still open: nothing of it is kept yet.
    clearKept();
    setClock(new Date(`${M1}-20T10:00:00Z`));
    const charged = await chargeBudget(providerActor('provider@example.fi'), { phone: AINO, serviceId: cleaning(), quantityHundredths: 25, serviceDate: helsinkiDate() }, crypto.randomUUID());
    if (charged.kind !== 'charged') throw new Error(`not charged: ${charged.kind}`);
    const disputed = await run(disputeRoute.action, postRequest(`/budget/dispute/${charged.receiptNumber}`, { reason: 'not_received', note: '', idempotencyKey: crypto.randomUUID() }, cookieFor('client@example.fi')), { receipt: charged.receiptNumber });
    expect(disputed.status).toBe(303);
    setClock(MID_MONTH);
    const before = (cleaningIn(evaluationReport(months()), M1).usedCents as { value: number }).value;
    expect(keptMonths()).toContain(M1);
    const charge = db().select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, charged.receiptNumber)).get()!;
    const settledBefore = settlementFor(charge.providerId, M1).total;
    const refundOf = () => db().select().from(ledgerEntries).where(eq(ledgerEntries.refundOfId, charge.id)).get();

    // When forgetting the month fails, the refund is not written either: one transaction.
    const sqlite = db().$client;
    sqlite.exec(`CREATE TEMP TRIGGER refuse_forget BEFORE DELETE ON evaluation_closed_months BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    try {
      expect(() => refundCharge(providerActor('provider@example.fi'), charged.receiptNumber, 'Ei tehty', crypto.randomUUID())).toThrow(/refused by the test/);
    } finally {
      sqlite.exec('DROP TRIGGER refuse_forget');
    }
    expect(refundOf()).toBeUndefined();
    expect(keptMonths()).toContain(M1);

    const refunded = refundCharge(providerActor('provider@example.fi'), charged.receiptNumber, 'Ei tehty', crypto.randomUUID());
    expect(refunded).toMatchObject({ kind: 'refunded', duplicate: false });
    expect(refundOf()).toMatchObject({ kind: 'refund', budgetMonth: M1 });
    expect(keptMonths()).not.toContain(M1);
    expect(db().select().from(evaluationLedgerMonths).where(eq(evaluationLedgerMonths.month, M1)).all()).toEqual([]);
    expect(db().select().from(settlementMonths).where(eq(settlementMonths.month, M1)).all()).toEqual([]);
    // The provider's settlement of M1 shows the refund at once.
    expect(settlementFor(charge.providerId, M1).total).toEqual({
      ...settledBefore,
      refundsCents: settledBefore.refundsCents + charge.amountCents,
      netCents: settledBefore.netCents - charge.amountCents,
    });

    const after = evaluationReport(months());
    expect(cleaningIn(after, M1).usedCents).toEqual({ kind: 'value', value: before - charge.amountCents });
    expect(keptMonths()).toContain(M1);
    expect(after).toEqual(evaluationReport(months(), undefined, { live: true }));
    expect(settlementFor(charge.providerId, M1)).toEqual(settlementFor(charge.providerId, M1, { live: true }));
    expect(db().select().from(settlementMonths).where(eq(settlementMonths.month, M1)).all().length).toBeGreaterThan(0);
  });

  test('housekeeping computes the missing closed months and leaves the open month alone', async () => {
    clearKept();
    expect(missingClosedMonths(MID_MONTH).length).toBeGreaterThan(1);
    // One month a turn of the event loop, none before the caller's code has run on.
    const running = housekeeping(MID_MONTH);
    expect(housekeeping(MID_MONTH)).toBe(running); // an hourly start meanwhile joins the run
    expect(keptMonths()).toEqual([]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(keptMonths().length).toBe(1);
    await running;
    const closed = [addMonths(months()[0], -1), ...months()].filter((m) => m < CUR);
    expect(keptMonths()).toEqual(closed);
    expect(db().select().from(evaluationLedgerMonths).where(eq(evaluationLedgerMonths.month, CUR)).all()).toEqual([]);
    expect(db().select().from(evaluationLedgerMonths).where(eq(evaluationLedgerMonths.month, M1)).all().length).toBeGreaterThan(0);
    // Nothing left to do the next hour; the open month is never closed.
    expect(keepClosedMonths(MID_MONTH)).toEqual([]);
    expect(keepClosedMonth(CUR, MID_MONTH)).toBe(false);
    expect(keptMonths()).not.toContain(CUR);
  });

  test('the month just ended stays open for a few minutes after midnight', () => {
    // Midnight in Helsinki: +03:00 in summer time, +02:00 in winter.
    const midnight = ['+03:00', '+02:00'].map((offset) => new Date(`${CUR}-01T00:00:00${offset}`)).find((instant) => helsinkiMonth(instant) === CUR)!;
    const justAfterMidnight = new Date(midnight.getTime() + 5 * 60_000);
    expect(keepClosedMonth(M1, justAfterMidnight)).toBe(false);
    expect(keepClosedMonth(M1, new Date(justAfterMidnight.getTime() + 15 * 60_000))).toBe(true);
  });
});
