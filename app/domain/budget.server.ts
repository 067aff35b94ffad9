// What a client's budget looks like for a month: lines, used, remaining, transactions.
import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, ledgerEntries, providers, representativeLinks, services } from '../../db/schema';
import { daysLeftInMonth, firstDayOf, helsinkiMonth, lastDayOf } from './months';

export type BudgetLineView = {
  lineId: number;
  serviceId: number;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: string;
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
  unit: string;
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

/** Budget lines of decisions in force at any time during the month, with what was used. */
export function budgetLinesFor(clientId: number, month: string): BudgetLineView[] {
  const db = getDb();
  const used = sql<number>`coalesce((
      select sum(case when le.kind = 'charge' then le.amount_cents else -le.amount_cents end)
      from ledger_entries le where le.budget_line_id = ${budgetLines.id} and le.budget_month = ${month}
    ), 0)`;
  const rows = db
    .select({
      lineId: budgetLines.id,
      serviceId: services.id,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      unit: services.unit,
      monthlyCents: budgetLines.monthlyCents,
      usedCents: used,
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
    .orderBy(asc(services.nameFi), asc(decisions.validFrom))
    .all();
  return rows.map((row) => ({ ...row, usedCents: Number(row.usedCents), remainingCents: row.monthlyCents - Number(row.usedCents) }));
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

export function budgetMonthFor(clientId: number, month: string, now = new Date()): BudgetMonth {
  const lines = budgetLinesFor(clientId, month);
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
export function monthsWithBudget(clientId: number, now = new Date()): string[] {
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

/** The clients whose budget this user may see: their own record, or those they represent. */
export function viewableClients(user: { id: number; role: string }) {
  const db = getDb();
  const columns = { id: clients.id, firstName: clients.firstName, lastName: clients.lastName };
  if (user.role === 'client') return db.select(columns).from(clients).where(eq(clients.userId, user.id)).all();
  if (user.role === 'representative') {
    return db
      .select(columns)
      .from(clients)
      .innerJoin(representativeLinks, eq(representativeLinks.clientId, clients.id))
      .where(eq(representativeLinks.userId, user.id))
      .orderBy(asc(clients.firstName))
      .all();
  }
  return [];
}
