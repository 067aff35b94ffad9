// The region's monthly settlement across all providers, straight from the append-only ledger, and
// the invoiced mark that closes a provider's month: after it no charge or refund enters it.
import { asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { providers, settlementInvoices, users } from '../../db/schema';
import { audit } from './audit.server';
import type { Tx } from './transaction.server';
import { monthInvoiced } from './ledger.server';
import { helsinkiDate } from './months';
import { PAGE_SIZE, pageOfList, type PageInfo } from './paging';
import { centsToDecimalComma, csvDocument, csvField } from './csv';
import { settlementFor, settlementsOfMonth, type Settlement, type SettlementLine } from './settlement.server';
import { providerRecipients, queueNotifications } from './notifications.server';
import { formatMonth } from '../i18n/format';
import type { Actor } from '../auth/guards.server';

export type ProviderSettlement = Settlement & {
  providerName: string;
  businessId: string;
  invoice: { invoicedAt: string; invoicedByName: string; netCents: number; chargesCents: number; refundsCents: number; chargeCount: number } | null;
};

export type RegionSettlement = {
  month: string;
  providers: ProviderSettlement[];
  total: Settlement['total'];
};

/** A provider whose accepted invoice no longer equals its settlement (a correction came after), and the page it is on. */
export type SettlementMismatch = { providerId: number; providerName: string; page: number };

export type RegionSettlementPage = RegionSettlement & { page: PageInfo; mismatches: SettlementMismatch[] };

/**
 * One page of the region's settlement: 50 providers by name (a region has up to ~2,000; a page of
 * them all took 0.4 s to render), the total of the whole region. A bad page is the first.
 */
export function regionSettlementPage(month: string, requested: number, pageSize = PAGE_SIZE): RegionSettlementPage {
  const settlement = regionSettlement(month);
  const { items, page } = pageOfList(settlement.providers, requested, pageSize);
  // Listed on every page: with 2,000 providers nobody finds one note by paging through 40 pages.
  const mismatches = settlement.providers.flatMap((provider, index) =>
    provider.invoice && provider.invoice.netCents !== provider.total.netCents
      ? [{ providerId: provider.providerId, providerName: provider.providerName, page: Math.floor(index / pageSize) + 1 }]
      : [],
  );
  return { ...settlement, providers: items, page, mismatches };
}

/** Every provider with ledger rows or an invoiced mark in the month, by name. */
export function regionSettlement(month: string): RegionSettlement {
  const db = getDb();
  const settlements = settlementsOfMonth(month);
  const invoices = db
    .select({ invoice: settlementInvoices, firstName: users.firstName, lastName: users.lastName })
    .from(settlementInvoices)
    .innerJoin(users, eq(users.id, settlementInvoices.invoicedBy))
    .where(eq(settlementInvoices.budgetMonth, month))
    .all();
  const invoiceOf = new Map(invoices.map((row) => [row.invoice.providerId, row]));
  const ids = [...new Set([...settlements.keys(), ...invoiceOf.keys()])];
  const found = ids.length
    ? db.select({ id: providers.id, name: providers.name, businessId: providers.businessId }).from(providers).where(inArray(providers.id, ids)).orderBy(asc(providers.name)).all()
    : [];
  const total = { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 };
  const list = found.map((provider): ProviderSettlement => {
    const settlement = settlements.get(provider.id) ?? { providerId: provider.id, month, lines: [], total: { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 } };
    total.chargeCount += settlement.total.chargeCount;
    total.chargesCents += settlement.total.chargesCents;
    total.refundsCents += settlement.total.refundsCents;
    total.netCents += settlement.total.netCents;
    const invoice = invoiceOf.get(provider.id);
    return {
      ...settlement,
      providerName: provider.name,
      businessId: provider.businessId,
      invoice: invoice
        ? {
            invoicedAt: invoice.invoice.invoicedAt,
            invoicedByName: `${invoice.firstName} ${invoice.lastName}`,
            netCents: invoice.invoice.netCents,
            chargesCents: invoice.invoice.chargesCents,
            refundsCents: invoice.invoice.refundsCents,
            chargeCount: invoice.invoice.chargeCount,
          }
        : null,
    };
  });
  return { month, providers: list, total };
}

/**
 * The month lock: the region accepted the provider's month invoice (invoicing.server.ts), so the
 * settlement's totals are recorded, charges and refunds of the month are refused from now on, and
 * the provider's staff are told. Runs inside the caller's transaction; the caller calls
 * afterQueued() once it has committed.
 */
export function recordMonthInvoiced(tx: Tx, actor: Pick<Actor, 'id' | 'ip'>, providerId: number, month: string, now: Date): void {
  if (monthInvoiced(providerId, month)) return;
  // Same connection, same transaction: the totals cannot change between reading and marking.
  const { total } = settlementFor(providerId, month);
  tx.insert(settlementInvoices)
    .values({ providerId, budgetMonth: month, ...total, invoicedAt: now.toISOString(), invoicedBy: actor.id })
    .run();
  audit({
    actorUserId: actor.id,
    action: 'settlement.invoiced',
    subjectType: 'provider',
    subjectId: providerId,
    details: { month, ...total },
    ip: actor.ip,
  });
  const name = tx.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId)).get()?.name ?? '';
  queueNotifications(providerRecipients(tx, providerId), {
    kind: 'invoiced',
    values: (language) => ({ month: formatMonth(month, language), provider: name }),
    link: () => `/provider/settlement?month=${month}`,
  });
}

export type RegionCsvLabels = {
  provider: string;
  businessId: string;
  service: string;
  chargeCount: string;
  charges: string;
  refunds: string;
  net: string;
  invoiced: string;
  providerTotal: string;
  total: string;
};

/** The region's settlement as CSV: UTF-8 with BOM, ';', decimal comma, CRLF; per provider and service. */
export function regionSettlementCsv(settlement: RegionSettlement, labels: RegionCsvLabels, serviceName: (line: SettlementLine) => string): string {
  const money = (cents: number) => csvField(centsToDecimalComma(cents), 'number');
  const row = (provider: string, businessId: string, service: string, line: Settlement['total'], invoiced: string) =>
    [csvField(provider), csvField(businessId), csvField(service), csvField(line.chargeCount, 'number'), money(line.chargesCents), money(line.refundsCents), money(line.netCents), csvField(invoiced)].join(';');
  const header = [labels.provider, labels.businessId, labels.service, labels.chargeCount, labels.charges, labels.refunds, labels.net, labels.invoiced]
    .map((label) => csvField(label))
    .join(';');
  const lines = [header];
  for (const provider of settlement.providers) {
    const invoiced = provider.invoice ? helsinkiDate(new Date(provider.invoice.invoicedAt)) : '';
    for (const line of provider.lines) lines.push(row(provider.providerName, provider.businessId, serviceName(line), line, invoiced));
    lines.push(row(provider.providerName, provider.businessId, labels.providerTotal, provider.total, invoiced));
  }
  lines.push(row(labels.total, '', '', settlement.total, ''));
  return csvDocument(lines);
}
