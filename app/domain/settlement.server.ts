// What a provider sees after charging: its own ledger rows for a month, and the monthly
// settlement it invoices the region for. Both come from the append-only ledger, grouped by
// budget_month, so the same month gives the same numbers at any later time; a closed month's
// settlement is summed once and kept (settlement_months, decision 022).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client.server';
import { chargeDisputes, clients, evaluationClosedMonths, ledgerEntries, services } from '../../db/schema';
import { isRefundable, receiptOf } from './ledger.server';
import { firstOpenMonth, helsinkiMonth, isMonth } from './months';
import { currentTime } from './clock';
import { PAGE_SIZE, pageWindow, type PageInfo } from './paging';
import type { ServiceUnit } from '../../db/schema';

/** The month asked for in `?month=YYYY-MM`: this Helsinki month when absent, null when malformed. */
export function monthFromQuery(url: URL, now = currentTime()): string | null {
  const asked = url.searchParams.get('month');
  if (asked === null || asked === '') return helsinkiMonth(now);
  if (!isMonth(asked)) return null;
  const year = Number(asked.slice(0, 4));
  return year >= 2000 && year <= 2100 ? asked : null;
}

/** A receipt number from a URL, upper-cased, or null when it cannot be one ("2611-K7QM2X"). */
export function receiptNumberParam(value: string | undefined): string | null {
  const receipt = (value ?? '').trim().toUpperCase();
  return /^\d{4}-[A-Z0-9]{4,16}$/.test(receipt) ? receipt : null;
}

export type ReceiptView = {
  receiptNumber: string;
  clientId: number; // for the access log only; never shown to the provider
  kind: 'charge' | 'refund';
  clientName: string; // first name and last initial only
  serviceNameFi: string;
  serviceNameSv: string;
  unit: ServiceUnit;
  quantityHundredths: number;
  unitPriceCents: number;
  amountCents: number;
  serviceDate: string;
  createdAt: string;
  providerName: string;
  reason: string | null;
  refundReceipt: string | null;
  refundOfReceipt: string | null;
  refundable: boolean;
  /** The client's dispute about this charge, if any. */
  dispute: { status: 'open' | 'refunded' | 'closed'; reason: 'not_received' | 'wrong_amount' } | null;
};

/** What a receipt page shows of one of the provider's own ledger rows; undefined for any other. */
export function receiptView(providerId: number, receiptNumber: string, now = currentTime()): ReceiptView | undefined {
  const found = receiptOf(providerId, receiptNumber);
  if (!found) return undefined;
  const { entry } = found;
  const dispute = getDb().select().from(chargeDisputes).where(eq(chargeDisputes.chargeId, entry.id)).get();
  return {
    receiptNumber: entry.receiptNumber,
    clientId: entry.clientId,
    kind: entry.kind,
    clientName: found.clientName,
    serviceNameFi: found.serviceNameFi,
    serviceNameSv: found.serviceNameSv,
    unit: found.unit,
    quantityHundredths: entry.quantityHundredths,
    unitPriceCents: entry.unitPriceCents,
    amountCents: entry.amountCents,
    serviceDate: entry.serviceDate,
    createdAt: entry.createdAt,
    providerName: found.providerName,
    reason: entry.reason,
    refundReceipt: found.refundReceipt,
    refundOfReceipt: found.refundOfReceipt,
    refundable: isRefundable({ kind: entry.kind, createdAt: entry.createdAt, refunded: found.refundReceipt !== null, disputed: dispute?.status === 'open' }, now),
    dispute: dispute ? { status: dispute.status, reason: dispute.reason } : null,
  };
}

const original = alias(ledgerEntries, 'original');

export type ProviderLedgerRow = {
  receiptNumber: string;
  kind: 'charge' | 'refund';
  createdAt: string;
  serviceDate: string;
  clientName: string; // first name and last initial only
  serviceId: number;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: ServiceUnit;
  quantityHundredths: number;
  amountCents: number;
  refundReceipt: string | null; // a charge: its refund, if any
  refundOfReceipt: string | null; // a refund: the charge it gives back
  refundable: boolean;
  disputeStatus: 'open' | 'refunded' | 'closed' | null; // a charge the client disputed
};

export type ProviderLedger = {
  rows: ProviderLedgerRow[];
  page: PageInfo;
  chargeCount: number;
  chargesCents: number;
  refundsCents: number;
  netCents: number;
};

/**
 * One page of the provider's charges and refunds of a budget month, newest first; optionally one
 * service. The totals are the whole month's, summed in SQL, not the page's.
 */
export function providerLedger(
  providerId: number,
  month: string,
  serviceId: number | null = null,
  now = currentTime(),
  requested = 1,
  pageSize = PAGE_SIZE,
): ProviderLedger {
  const conditions = [eq(ledgerEntries.providerId, providerId), eq(ledgerEntries.budgetMonth, month)];
  if (serviceId !== null) conditions.push(eq(ledgerEntries.serviceId, serviceId));
  const db = getDb();
  const totals = db
    .select({
      rowCount: sql<number>`count(*)`,
      chargeCount: sql<number>`coalesce(sum(${ledgerEntries.kind} = 'charge'), 0)`,
      chargesCents: sql<number>`coalesce(sum(CASE WHEN ${ledgerEntries.kind} = 'charge' THEN ${ledgerEntries.amountCents} ELSE 0 END), 0)`,
      refundsCents: sql<number>`coalesce(sum(CASE WHEN ${ledgerEntries.kind} = 'refund' THEN ${ledgerEntries.amountCents} ELSE 0 END), 0)`,
    })
    .from(ledgerEntries)
    .where(and(...conditions))
    .get() ?? { rowCount: 0, chargeCount: 0, chargesCents: 0, refundsCents: 0 };
  const { offset, limit, ...page } = pageWindow(totals.rowCount, requested, pageSize);
  const found = db
    .select({
      receiptNumber: ledgerEntries.receiptNumber,
      kind: ledgerEntries.kind,
      createdAt: ledgerEntries.createdAt,
      serviceDate: ledgerEntries.serviceDate,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
      serviceId: ledgerEntries.serviceId,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      unit: services.unit,
      quantityHundredths: ledgerEntries.quantityHundredths,
      amountCents: ledgerEntries.amountCents,
      // INDEXED BY: with statistics from a ledger that has hardly any refunds (ANALYZE, PRAGMA
      // optimize) SQLite judged the index useless and scanned the whole ledger for every row.
      refundReceipt: sql<string | null>`(SELECT r.receipt_number FROM ledger_entries AS r INDEXED BY ledger_refund_of WHERE r.refund_of_id = ${ledgerEntries.id})`,
      refundOfReceipt: original.receiptNumber,
      disputeStatus: chargeDisputes.status,
    })
    .from(ledgerEntries)
    .innerJoin(clients, eq(clients.id, ledgerEntries.clientId))
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .leftJoin(original, eq(original.id, ledgerEntries.refundOfId))
    .leftJoin(chargeDisputes, eq(chargeDisputes.chargeId, ledgerEntries.id))
    .where(and(...conditions))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(limit)
    .offset(offset)
    .all();
  const rows = found.map(({ clientFirstName, clientLastName, ...row }) => ({
    ...row,
    clientName: `${clientFirstName} ${clientLastName.slice(0, 1)}.`,
    refundable: isRefundable({ kind: row.kind, createdAt: row.createdAt, refunded: row.refundReceipt !== null, disputed: row.disputeStatus === 'open' }, now),
  }));
  return {
    rows,
    page,
    chargeCount: totals.chargeCount,
    chargesCents: totals.chargesCents,
    refundsCents: totals.refundsCents,
    netCents: totals.chargesCents - totals.refundsCents,
  };
}

export type SettlementLine = {
  serviceId: number;
  serviceCode: string;
  serviceNameFi: string;
  serviceNameSv: string;
  chargeCount: number;
  chargesCents: number;
  refundsCents: number;
  netCents: number;
};

export type Settlement = {
  providerId: number;
  month: string;
  lines: SettlementLine[];
  total: Omit<SettlementLine, 'serviceId' | 'serviceCode' | 'serviceNameFi' | 'serviceNameSv'>;
};

/** Per service: charges, refunds and net of a provider's budget month. */
export function settlementFor(providerId: number, month: string, options: { live?: boolean } = {}): Settlement {
  return settlementsOfMonth(month, providerId, options).get(providerId) ?? { providerId, month, lines: [], total: { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 } };
}

type SettlementRow = [providerId: number, serviceId: number, chargeCount: number, chargesCents: number, refundsCents: number];

/**
 * Per provider and service of a budget month: the charges' count and sum and the refunds' sum,
 * from the ledger (the index ledger_month_provider alone). Also what keepClosedMonth() keeps.
 */
export function ledgerSettlementOfMonth(month: string, providerId?: number): SQL {
  return sql`SELECT provider_id, service_id,
      sum(CASE kind WHEN 'charge' THEN 1 ELSE 0 END) AS charge_count,
      sum(CASE kind WHEN 'charge' THEN amount_cents ELSE 0 END) AS charges_cents,
      sum(CASE kind WHEN 'charge' THEN 0 ELSE amount_cents END) AS refunds_cents
    FROM ledger_entries WHERE budget_month = ${month}${providerId === undefined ? sql`` : sql` AND provider_id = ${providerId}`}
    GROUP BY provider_id, service_id`;
}

function keptSettlementOfMonth(month: string, providerId?: number): SQL {
  return sql`SELECT provider_id, service_id, charge_count, charges_cents, refunds_cents
    FROM settlement_months WHERE month = ${month}${providerId === undefined ? sql`` : sql` AND provider_id = ${providerId}`}`;
}

/**
 * Every provider's settlement of a budget month (or one provider's) in one grouped read: the
 * region's settlement would otherwise ask once per provider. A closed month whose rows are kept
 * is read from them (a national month is ~500,000 ledger rows); `live: true` always reads the
 * ledger (the same numbers: to check the kept rows). One read transaction, so a month forgotten
 * meanwhile by a late refund is read from the ledger, never half from each.
 */
export function settlementsOfMonth(month: string, providerId?: number, { live = false }: { live?: boolean } = {}): Map<number, Settlement> {
  // A marker for a month not closed by this clock (written with a clock ahead) is never trusted.
  const closed = month < firstOpenMonth();
  const grouped = getDb().transaction(
    (tx) => {
      const kept = !live && closed && tx.select({ month: evaluationClosedMonths.month }).from(evaluationClosedMonths).where(eq(evaluationClosedMonths.month, month)).get();
      return tx.values<SettlementRow>(kept ? keptSettlementOfMonth(month, providerId) : ledgerSettlementOfMonth(month, providerId));
    },
    { behavior: 'deferred' },
  );
  const serviceNames = new Map(
    getDb().select({ id: services.id, code: services.code, nameFi: services.nameFi, nameSv: services.nameSv }).from(services).all().map((s) => [s.id, s]),
  );
  const result = new Map<number, Settlement>();
  for (const [rowProviderId, serviceId, chargeCount, chargesCents, refundsCents] of grouped) {
    const service = serviceNames.get(serviceId)!;
    const line: SettlementLine = {
      serviceId,
      serviceCode: service.code,
      serviceNameFi: service.nameFi,
      serviceNameSv: service.nameSv,
      chargeCount,
      chargesCents,
      refundsCents,
      netCents: chargesCents - refundsCents,
    };
    let settlement = result.get(rowProviderId);
    if (!settlement) {
      settlement = { providerId: rowProviderId, month, lines: [], total: { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 } };
      result.set(rowProviderId, settlement);
    }
    settlement.lines.push(line);
    settlement.total.chargeCount += line.chargeCount;
    settlement.total.chargesCents += line.chargesCents;
    settlement.total.refundsCents += line.refundsCents;
    settlement.total.netCents += line.netCents;
  }
  for (const settlement of result.values()) settlement.lines.sort((a, b) => (a.serviceNameFi < b.serviceNameFi ? -1 : a.serviceNameFi > b.serviceNameFi ? 1 : 0));
  return result;
}
