// What a client's budget looks like for a month: lines, used, remaining, transactions.
import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, decisions, ledgerEntries, providers, services } from '../../db/schema';
import { daysLeftInMonth, firstDayOf, helsinkiDate, helsinkiMonth, lastDayOf } from './months';
import { currentTime } from './clock';
import type { ServiceUnit } from '../../db/schema';

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
 * the service has several budget lines, but one monthly budget: the line shown is the newest
 * decision's (in the current month, the newest that has begun by today, which is the one charges
 * use), and what is used is every charge and refund of the service in the month, on any line.
 */
export function budgetLinesFor(clientId: number, month: string, now = currentTime()): BudgetLineView[] {
  const db = getDb();
  const rows = db
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
        eq(decisions.clientId, clientId),
        lte(decisions.validFrom, lastDayOf(month)),
        or(isNull(decisions.validTo), gte(decisions.validTo, firstDayOf(month))),
      ),
    )
    .orderBy(asc(services.nameFi), asc(decisions.validFrom), asc(decisions.id))
    .all();
  const asOf = month === helsinkiMonth(now) ? helsinkiDate(now) : lastDayOf(month);
  // Rows are oldest first within a service: the last one that has begun by asOf wins; a service
  // whose only line begins later in the month shows that line.
  const chosen = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const current = chosen.get(row.serviceId);
    if (!current || row.decisionValidFrom <= asOf) chosen.set(row.serviceId, row);
  }
  const usedRows = db
    .select({
      serviceId: ledgerEntries.serviceId,
      used: sql<number>`coalesce(sum(case when ${ledgerEntries.kind} = 'charge' then ${ledgerEntries.amountCents} else -${ledgerEntries.amountCents} end), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.budgetMonth, month)))
    .groupBy(ledgerEntries.serviceId)
    .all();
  const usedBy = new Map(usedRows.map((row) => [row.serviceId, Number(row.used)]));
  return rows
    .filter((row) => chosen.get(row.serviceId) === row)
    .map(({ decisionId: _decisionId, ...row }) => {
      const usedCents = usedBy.get(row.serviceId) ?? 0;
      return { ...row, usedCents, remainingCents: row.monthlyCents - usedCents };
    });
}

export function transactionsFor(clientId: number, month: string): TransactionView[] {
  return getDb()
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
    .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.budgetMonth, month)))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .all();
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
  const db = getDb();
  const first = db
    .select({ from: sql<string>`min(${decisions.validFrom})` })
    .from(decisions)
    .where(eq(decisions.clientId, clientId))
    .get()?.from;
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
