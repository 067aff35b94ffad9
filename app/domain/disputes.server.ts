// The client's say over a charge: "I did not get this service" or "the amount is wrong", within
// DISPUTE_DAYS of the charge. A dispute is a record of its own and never touches the ledger; the
// charge stays until the provider refunds it (the refund is allowed for a disputed charge after the
// day as well) or the own worker closes the dispute with a reason the client sees.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb, type AppDatabase } from '../../db/client.server';
import { chargeDisputes, clients, ledgerEntries, providers, services, type DisputeReason, type DisputeStatus } from '../../db/schema';
import type { Actor } from '../auth/guards.server';
import { viewableClient } from '../auth/guards.server';
import { formatEuros } from './money';
import { audit } from './audit.server';
import { immediate } from './transaction.server';
import { currentTime } from './clock';
import { afterQueued, budgetLink, clientRecipients, providerRecipients, queueNotifications, workerRecipients } from './notifications.server';
import { preparedPerConnection } from './prepared.server';

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0] | AppDatabase;

export const MAX_DISPUTE_NOTE = 1000;

/** How many days after a charge the client may dispute it: `DISPUTE_DAYS`, default 14. */
export function disputeDays(): number {
  const value = Number(process.env.DISPUTE_DAYS);
  return Number.isInteger(value) && value > 0 ? value : 14;
}

export function disputeDeadline(chargedAt: string): Date {
  return new Date(new Date(chargedAt).getTime() + disputeDays() * 86_400_000);
}

export function openDisputeOf(tx: Tx, chargeId: number) {
  return tx
    .select()
    .from(chargeDisputes)
    .where(and(eq(chargeDisputes.chargeId, chargeId), eq(chargeDisputes.status, 'open')))
    .get();
}

const refunds = alias(ledgerEntries, 'refunds');

/** The client's charge with that receipt, whether it was refunded and any dispute. */
function chargeOfClient(tx: Tx, clientId: number, receiptNumber: string) {
  return tx
    .select({
      charge: ledgerEntries,
      refundReceipt: refunds.receiptNumber,
      providerName: providers.name,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      disputeStatus: chargeDisputes.status,
    })
    .from(ledgerEntries)
    .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .leftJoin(refunds, eq(refunds.refundOfId, ledgerEntries.id))
    .leftJoin(chargeDisputes, eq(chargeDisputes.chargeId, ledgerEntries.id))
    .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.receiptNumber, receiptNumber)))
    .get();
}

export type DisputableCharge = NonNullable<ReturnType<typeof chargeOfClient>>;

/** The charge a dispute page is about, or undefined (the route answers 404). */
export function chargeForDispute(clientId: number, receiptNumber: string) {
  const found = chargeOfClient(getDb(), clientId, receiptNumber);
  return found?.charge.kind === 'charge' ? found : undefined;
}

export type DisputeRefusal = 'tooLate' | 'already' | 'refunded' | 'notCharge';

/** Why this charge cannot be disputed now, or null when it can. */
export function disputeRefusal(found: DisputableCharge | undefined, now = currentTime()): DisputeRefusal | null {
  if (!found || found.charge.kind !== 'charge') return 'notCharge';
  if (found.disputeStatus) return 'already';
  if (found.refundReceipt) return 'refunded';
  if (now.getTime() > disputeDeadline(found.charge.createdAt).getTime()) return 'tooLate';
  return null;
}

export type DisputeInput = { reason: DisputeReason; note: string };
export type RaiseResult = { kind: 'raised'; disputeId: number; duplicate: boolean } | { kind: 'refused'; refusal: DisputeRefusal } | { kind: 'notFound' };

/** The client or a representative disputes a charge of a client they may see. One form posts once. */
export function raiseDispute(actor: Actor, clientId: number, receiptNumber: string, input: DisputeInput, idempotencyKey: string, now = currentTime()): RaiseResult {
  if (actor.role !== 'client' && actor.role !== 'representative') return { kind: 'notFound' };
  if (!viewableClient(actor, clientId)) return { kind: 'notFound' };
  const key = `${actor.id}:${idempotencyKey}`;
  const result = immediate((tx): RaiseResult => {
    const again = tx.select({ id: chargeDisputes.id }).from(chargeDisputes).where(eq(chargeDisputes.idempotencyKey, key)).get();
    if (again) return { kind: 'raised', disputeId: again.id, duplicate: true };
    const found = chargeOfClient(tx, clientId, receiptNumber);
    if (!found) return { kind: 'notFound' };
    const refusal = disputeRefusal(found, now);
    if (refusal) return { kind: 'refused', refusal };
    const { charge } = found;
    const row = tx
      .insert(chargeDisputes)
      .values({
        chargeId: charge.id,
        clientId,
        providerId: charge.providerId,
        reason: input.reason,
        note: input.note,
        raisedBy: actor.id,
        idempotencyKey: key,
        createdAt: now.toISOString(),
      })
      .returning({ id: chargeDisputes.id })
      .get();
    audit({ actorUserId: actor.id, action: 'dispute.raised', subjectType: 'receipt', subjectId: charge.receiptNumber, details: { clientId, reason: input.reason }, actingForClientId: clientId, ip: actor.ip });
    queueNotifications(workerRecipients(tx, clientId), {
      kind: 'disputeWorker',
      clientId,
      values: { receipt: charge.receiptNumber },
      link: () => '/worker/disputes',
    });
    queueNotifications(providerRecipients(tx, charge.providerId), {
      kind: 'disputeProvider',
      values: (language) => ({ receipt: charge.receiptNumber, amount: formatEuros(charge.amountCents, language) }),
      link: () => `/provider/receipts/${charge.receiptNumber}`,
    });
    return { kind: 'raised', disputeId: row.id, duplicate: false };
  });
  if (result.kind === 'raised' && !result.duplicate) afterQueued();
  return result;
}

/** Inside the refund's transaction: a refund of a disputed charge resolves the dispute. */
export function resolveByRefund(tx: Tx, chargeId: number, providerUserId: number, now: Date): void {
  tx.update(chargeDisputes)
    .set({ status: 'refunded', resolvedAt: now.toISOString(), resolvedBy: providerUserId })
    .where(and(eq(chargeDisputes.chargeId, chargeId), eq(chargeDisputes.status, 'open')))
    .run();
}

export type CloseResult = { kind: 'closed' } | { kind: 'notOpen' } | { kind: 'notFound' };

/** The own worker closes an open dispute with a reason the client sees; the charge stays. */
export function closeDispute(actor: Actor, disputeId: number, reason: string, now = currentTime()): CloseResult {
  if (actor.role !== 'worker') return { kind: 'notFound' };
  const result = immediate((tx): CloseResult => {
    const dispute = tx
      .select({ dispute: chargeDisputes, workerId: clients.ownWorkerId, receipt: ledgerEntries.receiptNumber })
      .from(chargeDisputes)
      .innerJoin(clients, eq(clients.id, chargeDisputes.clientId))
      .innerJoin(ledgerEntries, eq(ledgerEntries.id, chargeDisputes.chargeId))
      .where(eq(chargeDisputes.id, disputeId))
      .get();
    if (!dispute || dispute.workerId !== actor.id) return { kind: 'notFound' };
    if (dispute.dispute.status !== 'open') return { kind: 'notOpen' };
    tx.update(chargeDisputes)
      .set({ status: 'closed', resolvedAt: now.toISOString(), resolvedBy: actor.id, resolutionReason: reason })
      .where(eq(chargeDisputes.id, disputeId))
      .run();
    audit({ actorUserId: actor.id, action: 'dispute.closed', subjectType: 'receipt', subjectId: dispute.receipt, details: { disputeId }, ip: actor.ip });
    queueNotifications(clientRecipients(dispute.dispute.clientId), {
      kind: 'disputeClosed',
      clientId: dispute.dispute.clientId,
      values: { receipt: dispute.receipt },
      link: budgetLink(dispute.dispute.clientId),
    });
    return { kind: 'closed' };
  });
  if (result.kind === 'closed') afterQueued();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Who sees which dispute
// ---------------------------------------------------------------------------------------------

const disputeColumns = {
  id: chargeDisputes.id,
  status: chargeDisputes.status,
  reason: chargeDisputes.reason,
  note: chargeDisputes.note,
  resolutionReason: chargeDisputes.resolutionReason,
  createdAt: chargeDisputes.createdAt,
  resolvedAt: chargeDisputes.resolvedAt,
  receiptNumber: ledgerEntries.receiptNumber,
  amountCents: ledgerEntries.amountCents,
  serviceDate: ledgerEntries.serviceDate,
  chargedAt: ledgerEntries.createdAt,
  budgetMonth: ledgerEntries.budgetMonth,
  serviceNameFi: services.nameFi,
  serviceNameSv: services.nameSv,
  providerName: providers.name,
  providerId: chargeDisputes.providerId,
  clientId: chargeDisputes.clientId,
  clientFirstName: clients.firstName,
  clientLastName: clients.lastName,
};

function disputeQuery(tx: Tx = getDb()) {
  return tx
    .select(disputeColumns)
    .from(chargeDisputes)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, chargeDisputes.chargeId))
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .innerJoin(providers, eq(providers.id, chargeDisputes.providerId))
    .innerJoin(clients, eq(clients.id, chargeDisputes.clientId));
}

export type DisputeView = Awaited<ReturnType<ReturnType<typeof disputeQuery>['all']>>[number];

// The budget page's disputes panel, prepared once per connection.
function preparePanelStatements(db: AppDatabase) {
  const clientId = sql.placeholder('clientId');
  return {
    chargesSince: db
      .select({
        receiptNumber: ledgerEntries.receiptNumber,
        amountCents: ledgerEntries.amountCents,
        serviceDate: ledgerEntries.serviceDate,
        serviceNameFi: services.nameFi,
        serviceNameSv: services.nameSv,
        providerName: providers.name,
        refunded: sql<number>`exists (select 1 from ledger_entries r where r.refund_of_id = ${ledgerEntries.id})`,
        disputed: sql<number>`exists (select 1 from charge_disputes d where d.charge_id = ${ledgerEntries.id})`,
      })
      .from(ledgerEntries)
      .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
      .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
      .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.kind, 'charge'), sql`${ledgerEntries.createdAt} >= ${sql.placeholder('since')}`))
      .orderBy(desc(ledgerEntries.createdAt))
      .prepare(),
    disputesOfClient: disputeQuery(db).where(eq(chargeDisputes.clientId, clientId)).orderBy(desc(chargeDisputes.createdAt)).prepare(),
  };
}

/** The disputes panel's prepared statements of this connection (exported for the query-plan test). */
export const disputePanelStatements = preparedPerConnection(preparePanelStatements);

/** The charges of the dispute period for the client's budget page, each with its dispute if any. */
export function disputesPanelFor(clientId: number, now = currentTime()) {
  const since = new Date(now.getTime() - disputeDays() * 86_400_000).toISOString();
  const statements = disputePanelStatements();
  const charges = statements.chargesSince
    .all({ clientId, since })
    .filter((row) => !row.refunded && !row.disputed)
    .map(({ refunded: _r, disputed: _d, ...row }) => row);
  const disputes = statements.disputesOfClient.all({ clientId });
  return { days: disputeDays(), disputable: charges, disputes };
}

/** The worker's inbox: open disputes about the worker's own clients. */
export function openDisputesForWorker(workerId: number): DisputeView[] {
  return disputeQuery()
    .where(and(eq(chargeDisputes.status, 'open'), eq(clients.ownWorkerId, workerId)))
    .orderBy(asc(chargeDisputes.createdAt))
    .all();
}

/** A provider's disputes in a budget month (its own charges only). */
export function disputesForProvider(providerId: number, month: string, statuses: DisputeStatus[] = ['open']): DisputeView[] {
  return disputeQuery()
    .where(and(eq(chargeDisputes.providerId, providerId), eq(ledgerEntries.budgetMonth, month), inArray(chargeDisputes.status, statuses)))
    .orderBy(asc(chargeDisputes.createdAt))
    .all();
}

/** The region's settlement page: the month's open disputes across providers. */
export function openDisputesInMonth(month: string): DisputeView[] {
  return disputeQuery()
    // From the open disputes (charge_disputes_open, few at any time), each charge by its id. Unary +
    // keeps the planner off the month's ledger index: walking a national month's 500,000 rows to
    // find a few open disputes took 22 ms. 'open' is written in the SQL, not bound: only a literal
    // lets SQLite use the partial index.
    .where(and(sql`${chargeDisputes.status} = 'open'`, sql`+${ledgerEntries.budgetMonth} = ${month}`))
    .orderBy(asc(providers.name), asc(chargeDisputes.createdAt))
    .all();
}

/** Receipt numbers of a provider's charges with an open dispute (for its charges page). */
export function openDisputeReceipts(providerId: number): Set<string> {
  const rows = getDb()
    .select({ receipt: ledgerEntries.receiptNumber })
    .from(chargeDisputes)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, chargeDisputes.chargeId))
    .where(and(eq(chargeDisputes.providerId, providerId), eq(chargeDisputes.status, 'open')))
    .all();
  return new Set(rows.map((row) => row.receipt));
}
