// What a client's budget looks like for a month: lines, used, remaining, transactions.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../db/client.server';
import { decisions, ledgerEntries, providers, services } from '../../db/schema';
import { allowanceLine, linesOverlappingMonth, usedThisMonthByService } from './ledger.server';
import { daysLeftInMonth, helsinkiMonth } from './months';
import { currentTime } from './clock';
import type { ServiceUnit } from '../../db/schema';
import { preparedPerConnection } from './prepared.server';

export type BudgetLineView = {
  lineId: number;
  serviceId: number;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: ServiceUnit;
  monthlyCents: number;
  usedCents: number;
  remainingCents: number;
  decisionValidFrom: string;
  decisionValidTo: string | null;
};

export type TransactionView = {
  receiptNumber: string;
  kind: 'charge' | 'refund';
  createdAt: string;
  serviceDate: string;
  providerName: string;
  serviceNameFi: string;
  serviceNameSv: string;
  quantityHundredths: number;
  unit: ServiceUnit;
  amountCents: number;
  reason: string | null;
};

export type BudgetMonth = {
  month: string;
  isCurrent: boolean;
  daysLeft: number | null;
  lines: BudgetLineView[];
  transactions: TransactionView[];
  totalMonthlyCents: number;
  totalUsedCents: number;
};

/**
 * The client's budget for a month: one line per service. When decisions changed during the month
 * the service has several budget lines, but one monthly budget: the line shown is the ledger's
 * allowance line (the newest decision begun by today, or by the month's last day), the one charges
 * use, and what is used is every charge and refund of the service in the month, on any line.
 */
export function budgetLinesFor(clientId: number, month: string, now = currentTime()): BudgetLineView[] {
  const lines = linesOverlappingMonth(clientId, month);
  const usedBy = usedThisMonthByService(clientId, month);
  const serviceIds = [...new Set(lines.map((line) => line.serviceId))]; // by service name, as the query orders
  return serviceIds.map((serviceId) => {
    const { decisionId: _decisionId, ...line } = allowanceLine(lines.filter((l) => l.serviceId === serviceId), month, now)!;
    const usedCents = usedBy.get(serviceId) ?? 0;
    return { ...line, usedCents, remainingCents: line.monthlyCents - usedCents };
  });
}

// The budget page's own statements, prepared once per connection (its lines and sums are the
// ledger's, prepared there).
function prepareStatements(db: AppDatabase) {
  const clientId = sql.placeholder('clientId');
  return {
    transactions: db
      .select({
        receiptNumber: ledgerEntries.receiptNumber,
        kind: ledgerEntries.kind,
        createdAt: ledgerEntries.createdAt,
        serviceDate: ledgerEntries.serviceDate,
        providerName: providers.name,
        serviceNameFi: services.nameFi,
        serviceNameSv: services.nameSv,
        quantityHundredths: ledgerEntries.quantityHundredths,
        unit: services.unit,
        amountCents: ledgerEntries.amountCents,
        reason: ledgerEntries.reason,
      })
      .from(ledgerEntries)
      .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
      .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
      .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.budgetMonth, sql.placeholder('month'))))
      .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
      .prepare(),
    firstDecisionDay: db
      .select({ from: sql<string | null>`min(${decisions.validFrom})` })
      .from(decisions)
      .where(eq(decisions.clientId, clientId))
      .prepare(),
  };
}

/** The budget page's prepared statements of this connection (exported for the query-plan test). */
export const budgetStatements = preparedPerConnection(prepareStatements);

export function transactionsFor(clientId: number, month: string): TransactionView[] {
  return budgetStatements().transactions.all({ clientId, month });
}

export function budgetMonthFor(clientId: number, month: string, now = currentTime()): BudgetMonth {
  const lines = budgetLinesFor(clientId, month, now);
  const isCurrent = month === helsinkiMonth(now);
  return {
    month,
    isCurrent,
    daysLeft: isCurrent ? daysLeftInMonth(now) : null,
    lines,
    transactions: transactionsFor(clientId, month),
    totalMonthlyCents: lines.reduce((total, line) => total + line.monthlyCents, 0),
    totalUsedCents: lines.reduce((total, line) => total + line.usedCents, 0),
  };
}

/** Months that have a decision or ledger rows for the client, newest first (for "earlier months"). */
export function monthsWithBudget(clientId: number, now = currentTime()): string[] {
  const first = budgetStatements().firstDecisionDay.get({ clientId })?.from;
  if (!first) return [];
  const months: string[] = [];
  let month = helsinkiMonth(now);
  const start = first.slice(0, 7);
  while (month >= start && months.length < 36) {
    months.push(month);
    const [y, m] = month.split('-').map(Number);
    month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  return months;
}
