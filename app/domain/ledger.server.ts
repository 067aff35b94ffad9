// The ledger's questions, answered once: the price in force, the budget line in force, what is used
// this month, what is left, whether a month is invoiced, a row's receipt and whether it can still be
// refunded. Charging, the budget page, the catalogue, settlement and the evaluation report all ask
// here, so they cannot disagree (docs/decisions/010 and 012). The charge path's statements are
// prepared once per connection.
import type { ServiceUnit } from '../../db/schema';
import { and, asc, count, desc, eq, gt, gte, isNull, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { getDb, type AppDatabase } from '../../db/client.server';
import { auditLog, budgetLines, clients, decisions, ledgerEntries, providerOfferings, providers, services, settlementInvoices } from '../../db/schema';
import { firstDayOf, helsinkiDate, helsinkiMonth, lastDayOf } from './months';
import { currentTime } from './clock';
import { preparedPerConnection } from './prepared.server';

// ---------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------

/**
 * The offering row is the one in force on `date`: valid from that day or before, and no row of the
 * same provider and service valid from a later day that has also begun. A price change "from 1.12."
 * takes over on that day and never rewrites an earlier price.
 */
type OfferingColumns = { validFrom: AnySQLiteColumn | SQL; providerId: AnySQLiteColumn | SQL; serviceId: AnySQLiteColumn | SQL };

function offeringInForce(offering: OfferingColumns, date: SQL | Placeholder | string): SQL {
  return sql`${offering.validFrom} <= ${date} and not exists (select 1 from provider_offerings later_offering
    where later_offering.provider_id = ${offering.providerId} and later_offering.service_id = ${offering.serviceId}
    and later_offering.valid_from > ${offering.validFrom} and later_offering.valid_from <= ${date})`;
}

export type OfferingInForce = {
  providerId: number;
  serviceId: number;
  code: string;
  nameFi: string;
  nameSv: string;
  unit: ServiceUnit;
  priceCents: number;
  validFrom: string;
};

const offeringColumns = {
  serviceId: services.id,
  code: services.code,
  nameFi: services.nameFi,
  nameSv: services.nameSv,
  unit: services.unit,
  priceCents: providerOfferings.priceCents,
  validFrom: providerOfferings.validFrom,
};

/** Each of the providers' services that is not retired, with its price in force on `date`, by name. */
export function offeringsInForce(providerIds: number[], date: string): OfferingInForce[] {
  if (providerIds.length === 0) return [];
  return getDb()
    .select({ providerId: providerOfferings.providerId, ...offeringColumns })
    .from(providerOfferings)
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(and(sql`${providerOfferings.providerId} in ${providerIds}`, isNull(services.retiredAt), offeringInForce(providerOfferings, date)))
    .orderBy(asc(services.nameFi))
    .all();
}

export type OfferingRow = Omit<OfferingInForce, 'providerId'> & { retired: boolean };

/** Every price row of the provider, past, present and future, retired services too, by service and date. */
export function offeringHistory(providerId: number): OfferingRow[] {
  return getDb()
    .select({ ...offeringColumns, retired: sql<boolean>`${services.retiredAt} is not null`.mapWith(Boolean) })
    .from(providerOfferings)
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(eq(providerOfferings.providerId, providerId))
    .orderBy(asc(services.nameFi), asc(providerOfferings.validFrom))
    .all();
}

const CATALOGUE_OFFERING = {
  validFrom: sql.raw('catalogue_offering.valid_from'),
  providerId: sql.raw('catalogue_offering.provider_id'),
  serviceId: sql.raw('catalogue_offering.service_id'),
};

/**
 * For the catalogue's search, as a column of the outer query over `providerId`: the price in force on
 * `date` of one service, or (serviceId null) the lowest price in force over services not retired.
 */
export function priceInForceColumn(providerId: SQL, serviceId: number | null, date: string): SQL<number | null> {
  const inForce = offeringInForce(CATALOGUE_OFFERING, date);
  if (serviceId !== null) {
    return sql<number | null>`(select catalogue_offering.price_cents from provider_offerings catalogue_offering
      where catalogue_offering.provider_id = ${providerId} and catalogue_offering.service_id = ${serviceId} and ${inForce})`;
  }
  return sql<number | null>`(select min(catalogue_offering.price_cents) from provider_offerings catalogue_offering
    join services catalogue_service on catalogue_service.id = catalogue_offering.service_id and catalogue_service.retired_at is null
    where catalogue_offering.provider_id = ${providerId} and ${inForce})`;
}

// ---------------------------------------------------------------------------------------------
// Prepared statements of the charge path and the budget page (one set per connection)
// ---------------------------------------------------------------------------------------------

const p = {
  providerId: sql.placeholder('providerId'),
  serviceId: sql.placeholder('serviceId'),
  clientId: sql.placeholder('clientId'),
  date: sql.placeholder('date'),
  month: sql.placeholder('month'),
  receipt: sql.placeholder('receipt'),
  key: sql.placeholder('key'),
  phone: sql.placeholder('phone'),
  actorUserId: sql.placeholder('actorUserId'),
  action: sql.placeholder('action'),
  since: sql.placeholder('since'),
  limit: sql.placeholder('limit'),
  offset: sql.placeholder('offset'),
};

const netUsed = sql<number>`coalesce(sum(case when ${ledgerEntries.kind} = 'charge' then ${ledgerEntries.amountCents} else -${ledgerEntries.amountCents} end), 0)`;

function prepareStatements(db: AppDatabase) {
  // A provider user's audit rows of one action in the lockout window: a range of audit_log_actor_action.
  const actionInWindow = and(eq(auditLog.actorUserId, p.actorUserId), eq(auditLog.action, p.action), gt(auditLog.createdAt, p.since));
  return {
    /** How many of the rows, counting no further than `limit`. */
    actionCountUpTo: db
      .select({ n: count() })
      .from(db.select({ one: sql`1` }).from(auditLog).where(actionInWindow).limit(p.limit).as('counted'))
      .prepare(),
    actionTimesNewestFirst: db.select({ at: auditLog.createdAt }).from(auditLog).where(actionInWindow).orderBy(desc(auditLog.createdAt)).limit(p.limit).prepare(),
    actionTimesOldestFirst: db
      .select({ at: auditLog.createdAt })
      .from(auditLog)
      .where(actionInWindow)
      .orderBy(asc(auditLog.createdAt))
      .limit(p.limit)
      .offset(p.offset)
      .prepare(),
    priceInForce: db
      .select({ priceCents: providerOfferings.priceCents })
      .from(providerOfferings)
      .where(and(eq(providerOfferings.providerId, p.providerId), eq(providerOfferings.serviceId, p.serviceId), offeringInForce(providerOfferings, p.date)))
      .prepare(),
    lineInForce: db
      .select({ id: budgetLines.id, monthlyCents: budgetLines.monthlyCents, decisionValidFrom: decisions.validFrom, decisionValidTo: decisions.validTo })
      .from(budgetLines)
      .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
      .where(
        and(
          eq(decisions.clientId, p.clientId),
          eq(budgetLines.serviceId, p.serviceId),
          lte(decisions.validFrom, p.date),
          or(isNull(decisions.validTo), gte(decisions.validTo, p.date)),
        ),
      )
      .orderBy(desc(decisions.validFrom), desc(decisions.id))
      .limit(1)
      .prepare(),
    usedThisMonth: db
      .select({ used: netUsed })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.clientId, p.clientId), eq(ledgerEntries.serviceId, p.serviceId), eq(ledgerEntries.budgetMonth, p.month)))
      .prepare(),
    usedThisMonthByService: db
      .select({ serviceId: ledgerEntries.serviceId, used: netUsed })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.clientId, p.clientId), eq(ledgerEntries.budgetMonth, p.month)))
      .groupBy(ledgerEntries.serviceId)
      .prepare(),
    linesOverlappingMonth: db
      .select({
        lineId: budgetLines.id,
        decisionId: decisions.id,
        serviceId: services.id,
        serviceNameFi: services.nameFi,
        serviceNameSv: services.nameSv,
        unit: services.unit,
        monthlyCents: budgetLines.monthlyCents,
        decisionValidFrom: decisions.validFrom,
        decisionValidTo: decisions.validTo,
      })
      .from(budgetLines)
      .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
      .innerJoin(services, eq(services.id, budgetLines.serviceId))
      .where(
        and(
          eq(decisions.clientId, p.clientId),
          lte(decisions.validFrom, sql.placeholder('lastDay')),
          or(isNull(decisions.validTo), gte(decisions.validTo, sql.placeholder('firstDay'))),
        ),
      )
      .orderBy(asc(services.nameFi), asc(decisions.validFrom), asc(decisions.id))
      .prepare(),
    monthInvoiced: db
      .select({ providerId: settlementInvoices.providerId })
      .from(settlementInvoices)
      .where(and(eq(settlementInvoices.providerId, p.providerId), eq(settlementInvoices.budgetMonth, p.month)))
      .prepare(),
    providerStatus: db.select({ status: providers.status }).from(providers).where(eq(providers.id, p.providerId)).prepare(),
    service: db.select().from(services).where(eq(services.id, p.serviceId)).prepare(),
    clientByPhone: db.select().from(clients).where(eq(clients.phone, p.phone)).prepare(),
    entryByKey: db.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, p.key)).prepare(),
    entryByReceipt: db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, p.receipt)).prepare(),
    providerName: db.select({ name: providers.name }).from(providers).where(eq(providers.id, p.providerId)).prepare(),
    /** The one insert every balance change makes (a charge or a refund). */
    insertEntry: db
      .insert(ledgerEntries)
      .values({
        kind: sql.placeholder('kind'),
        clientId: sql.placeholder('clientId'),
        budgetLineId: sql.placeholder('budgetLineId'),
        providerId: sql.placeholder('providerId'),
        providerUserId: sql.placeholder('providerUserId'),
        serviceId: sql.placeholder('serviceId'),
        quantityHundredths: sql.placeholder('quantityHundredths'),
        unitPriceCents: sql.placeholder('unitPriceCents'),
        amountCents: sql.placeholder('amountCents'),
        budgetMonth: sql.placeholder('budgetMonth'),
        serviceDate: sql.placeholder('serviceDate'),
        receiptNumber: sql.placeholder('receiptNumber'),
        idempotencyKey: sql.placeholder('idempotencyKey'),
        refundOfId: sql.placeholder('refundOfId'),
        reason: sql.placeholder('reason'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  };
}

/**
 * The prepared statements of the app's connection. A transaction runs on that same connection
 * (better-sqlite3 has one per database), so these serve inside immediate() too.
 */
export const statements = preparedPerConnection(prepareStatements);

/** The provider's price for a service on a date, or null when it has none in force. */
export function priceInForce(providerId: number, serviceId: number, date: string): number | null {
  return statements().priceInForce.get({ providerId, serviceId, date })?.priceCents ?? null;
}

// ---------------------------------------------------------------------------------------------
// Budget lines, used and remaining
// ---------------------------------------------------------------------------------------------

export type LineInForce = { id: number; monthlyCents: number; decisionValidFrom: string; decisionValidTo: string | null };

/** The client's budget line for a service under the newest decision in force on `date`. */
export function lineInForce(clientId: number, serviceId: number, date: string): LineInForce | undefined {
  return statements().lineInForce.get({ clientId, serviceId, date });
}

/** Used this month for a service of a client: charges minus refunds on every line, in cents. */
export function usedThisMonth(clientId: number, serviceId: number, month: string): number {
  return Number(statements().usedThisMonth.get({ clientId, serviceId, month })?.used ?? 0);
}

/** Used this month per service of a client. */
export function usedThisMonthByService(clientId: number, month: string): Map<number, number> {
  return new Map(statements().usedThisMonthByService.all({ clientId, month }).map((row) => [row.serviceId, Number(row.used)]));
}

export type MonthLine = {
  lineId: number;
  decisionId: number;
  serviceId: number;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: ServiceUnit;
  monthlyCents: number;
  decisionValidFrom: string;
  decisionValidTo: string | null;
};

/** Every budget line of the client under a decision that overlaps the month, oldest first. */
export function linesOverlappingMonth(clientId: number, month: string): MonthLine[] {
  return statements().linesOverlappingMonth.all({ clientId, firstDay: firstDayOf(month), lastDay: lastDayOf(month) });
}

/** The day a month's allowance is read on: today in the current month, the last day otherwise. */
export function referenceDay(month: string, now = new Date()): string {
  return month === helsinkiMonth(now) ? helsinkiDate(now) : lastDayOf(month);
}

/**
 * The line that gives a service its monthly amount (docs/decisions/012): of the lines overlapping
 * the month, the newest decision that has begun by the reference day; when none has begun yet
 * (the only decision starts later this month), the first of them. A replacement starting later in
 * the current month takes over on its first day, for charges, the budget page and the report alike.
 */
export function allowanceLine<T extends { decisionId: number; decisionValidFrom: string }>(lines: T[], month: string, now = new Date()): T | undefined {
  const asOf = referenceDay(month, now);
  const ordered = [...lines].sort((a, b) => a.decisionValidFrom.localeCompare(b.decisionValidFrom) || a.decisionId - b.decisionId);
  const begun = ordered.filter((line) => line.decisionValidFrom <= asOf);
  return begun.at(-1) ?? ordered[0];
}

/** Whether a decision's dates include the day. */
export function inForceOn(line: { decisionValidFrom: string; decisionValidTo: string | null }, date: string): boolean {
  return line.decisionValidFrom <= date && (line.decisionValidTo === null || line.decisionValidTo >= date);
}

export type Remaining = { line: LineInForce; monthlyCents: number; usedCents: number; remainingCents: number };

/** What is left today of a client's service this month; undefined when no line is in force today. */
export function remainingToday(clientId: number, serviceId: number, now = new Date()): Remaining | undefined {
  const line = lineInForce(clientId, serviceId, helsinkiDate(now));
  if (!line) return undefined;
  const usedCents = usedThisMonth(clientId, serviceId, helsinkiMonth(now));
  return { line, monthlyCents: line.monthlyCents, usedCents, remainingCents: line.monthlyCents - usedCents };
}

// ---------------------------------------------------------------------------------------------
// Invoiced months, receipts, refunds
// ---------------------------------------------------------------------------------------------

/** A provider's month marked invoiced by the region is closed: nothing more enters it. */
export function monthInvoiced(providerId: number, month: string): boolean {
  return statements().monthInvoiced.get({ providerId, month }) !== undefined;
}

/**
 * A charge can be refunded by its provider once: on the Helsinki day it was made, or later while the
 * client's dispute about it is open.
 */
export function isRefundable(entry: { kind: 'charge' | 'refund'; createdAt: string; refunded: boolean; disputed?: boolean }, now = currentTime()): boolean {
  if (entry.kind !== 'charge' || entry.refunded) return false;
  return entry.disputed === true || helsinkiDate(new Date(entry.createdAt)) === helsinkiDate(now);
}

/** A ledger row with its service name, for receipts; only the provider's own rows. */
export function receiptOf(providerId: number, receiptNumber: string) {
  const db = getDb();
  const entry = db
    .select({
      entry: ledgerEntries,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      unit: services.unit,
      providerName: providers.name,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
    })
    .from(ledgerEntries)
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
    .innerJoin(clients, eq(clients.id, ledgerEntries.clientId))
    .where(and(eq(ledgerEntries.receiptNumber, receiptNumber), eq(ledgerEntries.providerId, providerId)))
    .get();
  if (!entry) return undefined;
  const refund = entry.entry.kind === 'charge'
    ? db.select({ receiptNumber: ledgerEntries.receiptNumber }).from(ledgerEntries).where(eq(ledgerEntries.refundOfId, entry.entry.id)).get()
    : undefined;
  const refundOf = entry.entry.refundOfId
    ? db.select({ receiptNumber: ledgerEntries.receiptNumber }).from(ledgerEntries).where(eq(ledgerEntries.id, entry.entry.refundOfId)).get()
    : undefined;
  return {
    ...entry,
    clientName: `${entry.clientFirstName} ${entry.clientLastName.slice(0, 1)}.`,
    refundReceipt: refund?.receiptNumber ?? null,
    refundOfReceipt: refundOf?.receiptNumber ?? null,
  };
}
