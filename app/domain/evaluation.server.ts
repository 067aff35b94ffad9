// The pilot's evaluation: the HB group against the comparison group, per service and month, from
// decisions and the ledger. Nobody may be recognisable: any cell that describes fewer than
// K_ANONYMITY clients shows "< 5" instead of its numbers, and so do all numbers derived from it.
//
// A closed month's ledger is summed once per client and service into evaluation_ledger_months
// and kept (docs/decisions/022): only the open month is read from the ledger on each report.
import { eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, evaluationClosedMonths, evaluationLedgerMonths, providers, services, settlementMonths, CLIENT_GROUPS } from '../../db/schema';
import { currentTime } from './clock';
import { addMonths, firstDayOf, firstOpenMonth, helsinkiDate, helsinkiMonth, isMonth, lastDayOf } from './months';
import { allowanceLine } from './ledger.server';
import { centsToDecimalComma, csvDocument, csvField } from './csv';
import { immediate, isDatabaseBusy, type Tx } from './transaction.server';
import { ledgerSettlementOfMonth } from './settlement.server';

export const K_ANONYMITY = 5;
export const EVALUATION_MONTHS = 6;

type Group = (typeof CLIENT_GROUPS)[number];

/** A number that may be shown, one hidden to protect people, or nothing to show. */
export type Cell = { kind: 'value'; value: number } | { kind: 'suppressed' } | { kind: 'none' };

const value = (v: number): Cell => ({ kind: 'value', value: v });
const SUPPRESSED: Cell = { kind: 'suppressed' };
const NONE: Cell = { kind: 'none' };

/** A count of people: 1–4 is hidden. */
function peopleCount(n: number): Cell {
  return n > 0 && n < K_ANONYMITY ? SUPPRESSED : value(n);
}

export type ServiceMonth = {
  clients: Cell;
  grantedCents: Cell;
  usedCents: Cell;
  sharePermille: Cell; // used / granted in tenths of a per cent
  providersUsed: Cell;
  providerChanges: Cell;
};

export type ServiceRow = { serviceId: number; nameFi: string; nameSv: string; months: ServiceMonth[] };

export type GroupReport = {
  group: Group;
  members: Cell[]; // clients in the group per month
  withBudget: Cell[]; // clients with a budget line per month
  services: ServiceRow[];
  // Budget used per month in the services shown (suppressed cells left out, so the total cannot
  // be used to work out a hidden one).
  usedShownCents: number[];
};

export type EvaluationReport = { months: string[]; groups: GroupReport[]; newProviders: number[] };

/** The last `count` months ending with `until` (this month by default), oldest first. */
export function reportMonths(until = helsinkiMonth(), count = EVALUATION_MONTHS): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(until, i - count + 1));
}

// ---------------------------------------------------------------------------------------------
// Closed months
// ---------------------------------------------------------------------------------------------

/** (client, service, net used, providers charged by: ascending, comma-separated, or null). */
type ClientService = [clientId: number, serviceId: number, netUsedCents: number, providers: string | null];
type ClientServiceMonth = [month: string, ...ClientService];

/**
 * The ledger of `from`..`to` summed per client and service: net use and the providers that
 * charged. Read from the index ledger_month_provider alone (migration 0016).
 */
function ledgerByClientService(from: string, to: string): SQL {
  return sql`SELECT budget_month, client_id, service_id,
      sum(CASE kind WHEN 'charge' THEN amount_cents ELSE -amount_cents END),
      group_concat(DISTINCT CASE kind WHEN 'charge' THEN provider_id END ORDER BY CASE kind WHEN 'charge' THEN provider_id END)
    FROM ledger_entries WHERE budget_month BETWEEN ${from} AND ${to}
    GROUP BY budget_month, client_id, service_id`;
}

/**
 * Forgets a month's kept rows (evaluation and settlement), so they are read from the ledger and
 * computed again. Called in the same transaction as anything that writes a ledger row into a
 * closed month (a late refund).
 */
export function forgetClosedMonth(tx: Tx, month: string): void {
  tx.delete(evaluationLedgerMonths).where(eq(evaluationLedgerMonths.month, month)).run();
  tx.delete(settlementMonths).where(eq(settlementMonths.month, month)).run();
  tx.delete(evaluationClosedMonths).where(eq(evaluationClosedMonths.month, month)).run();
}

/**
 * Forgets the kept rows of every month this clock does not call closed: a marker written while
 * the clock was ahead (a test clock, a clock stepped back) must not hide later ledger rows.
 */
export function forgetMonthsNotClosed(now = currentTime()): void {
  const open = firstOpenMonth(now);
  const marked = getDb().select({ month: evaluationClosedMonths.month }).from(evaluationClosedMonths).where(gte(evaluationClosedMonths.month, open)).all();
  if (marked.length > 0) immediate((tx) => marked.forEach(({ month }) => forgetClosedMonth(tx, month)));
}

/**
 * Computes a closed month's kept rows from the ledger, the evaluation's per client and the
 * settlement's per provider, in one transaction; false (nothing done) for an open month.
 */
export function keepClosedMonth(month: string, now = currentTime()): boolean {
  // Closed by the given time and by the clock: never keep a month the ledger may still grow in.
  if (!isMonth(month) || month >= firstOpenMonth(now) || month >= firstOpenMonth()) return false;
  immediate((tx) => {
    forgetClosedMonth(tx, month);
    tx.run(sql`INSERT INTO evaluation_ledger_months (month, client_id, service_id, net_used_cents, providers) ${ledgerByClientService(month, month)}`);
    tx.run(sql`INSERT INTO settlement_months (month, provider_id, service_id, charge_count, charges_cents, refunds_cents)
      SELECT ${month}, provider_id, service_id, charge_count, charges_cents, refunds_cents FROM (${ledgerSettlementOfMonth(month)})`);
    tx.insert(evaluationClosedMonths).values({ month, computedAt: now.toISOString() }).run();
  });
  return true;
}

/** Of these months, the closed ones whose evaluation rows are not computed. */
function uncomputedClosedMonths(months: string[], now: Date): string[] {
  const open = firstOpenMonth(now);
  const closed = months.filter((month) => month < open);
  if (closed.length === 0) return [];
  const done = new Set(
    getDb()
      .select({ month: evaluationClosedMonths.month })
      .from(evaluationClosedMonths)
      .where(inArray(evaluationClosedMonths.month, closed))
      .all()
      .map((row) => row.month),
  );
  return closed.filter((month) => !done.has(month));
}

/** The months a report of `months` reads: one more before them, for provider changes. */
function monthsRead(months: string[]): string[] {
  return [addMonths(months[0], -1), ...months];
}

/** The closed months the report window needs and has not got. */
export function missingClosedMonths(now = currentTime()): string[] {
  return uncomputedClosedMonths(monthsRead(reportMonths(helsinkiMonth(now))), now);
}

/** Computes the closed months the report window needs and has not got, all at once (tests, scripts). */
export function keepClosedMonths(now = currentTime()): string[] {
  const missing = missingClosedMonths(now);
  for (const month of missing) keepClosedMonth(month, now);
  return missing;
}

/**
 * Per client and service, the months' net use and providers: closed months from their kept rows,
 * the rest from the ledger. Run inside one read transaction, so a month forgotten meanwhile (a
 * late refund) is read from the ledger instead of missing.
 */
function ledgerMonths(tx: Tx, months: string[], open: string, live: boolean): Map<string, ClientService[]> {
  const kept = live
    ? new Set<string>()
    : new Set(
        tx
          .select({ month: evaluationClosedMonths.month })
          .from(evaluationClosedMonths)
          .where(inArray(evaluationClosedMonths.month, months.filter((month) => month < open)))
          .all()
          .map((row) => row.month),
      );
  const byMonth = new Map<string, ClientService[]>(months.map((month) => [month, []]));
  for (const month of kept) {
    byMonth.set(month, tx.values<ClientService>(sql`SELECT client_id, service_id, net_used_cents, providers FROM evaluation_ledger_months WHERE month = ${month}`));
  }
  // One range of the ledger: normally only the open month at the end; wider only when a closed
  // month could not be kept (a busy database) or was forgotten a moment ago.
  const fromLedger = months.filter((month) => !kept.has(month));
  if (fromLedger.length > 0) {
    for (const [month, ...row] of tx.values<ClientServiceMonth>(ledgerByClientService(fromLedger[0], fromLedger[fromLedger.length - 1]))) {
      if (!kept.has(month)) byMonth.get(month)!.push(row);
    }
  }
  return byMonth;
}

/**
 * The report for `months` (consecutive, oldest first). Closed months come from their kept rows,
 * computed first where missing; `live: true` reads every month from the ledger instead (the same
 * numbers, slower: to check the kept rows).
 */
export function evaluationReport(months: string[], now = currentTime(), { live = false }: { live?: boolean } = {}): EvaluationReport {
  const db = getDb();
  const read = monthsRead(months);
  if (!live) {
    try {
      for (const month of uncomputedClosedMonths(read, now)) keepClosedMonth(month, now);
    } catch (error) {
      // Another writer holds the database: this report reads those months from the ledger.
      if (!isDatabaseBusy(error)) throw error;
    }
  }
  return db.transaction((tx) => buildReport(tx, months, ledgerMonths(tx, read, firstOpenMonth(now), live), now), { behavior: 'deferred' });
}

type BudgetLine = { decisionId: number; clientId: number; serviceId: number; monthlyCents: number; decisionValidFrom: string; validTo: string | null };

/** month → service → client → value: nested maps, no string keys built per row. */
type ByMonthServiceClient<T> = Map<string, Map<number, Map<number, T>>>;

function inner<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let found = map.get(key);
  if (found === undefined) {
    found = make();
    map.set(key, found);
  }
  return found;
}

function buildReport(tx: Tx, months: string[], ledger: Map<string, ClientService[]>, now: Date): EvaluationReport {
  const last = months[months.length - 1];
  const people = tx.select({ id: clients.id, group: clients.group, createdAt: clients.createdAt }).from(clients).all();
  const groupOf = new Map(people.map((p) => [p.id, p.group]));
  const joinedOn = people.map((p) => ({ group: p.group, date: helsinkiDate(new Date(p.createdAt)) }));
  const lines: BudgetLine[] = tx
    .select({
      decisionId: decisions.id,
      clientId: decisions.clientId,
      serviceId: budgetLines.serviceId,
      monthlyCents: budgetLines.monthlyCents,
      decisionValidFrom: decisions.validFrom,
      validTo: decisions.validTo,
    })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .where(lte(decisions.validFrom, lastDayOf(last)))
    .all();
  const serviceNames = new Map(tx.select({ id: services.id, nameFi: services.nameFi, nameSv: services.nameSv }).from(services).all().map((s) => [s.id, s]));
  const approved = tx.select({ approvedAt: providers.approvedAt }).from(providers).all();

  // Net use per group, service and month; the providers a client was charged by for a service in
  // a month, as the ascending list (equal lists, equal sets).
  const usedBy = new Map<string, number>();
  const usedProviders: ByMonthServiceClient<string> = new Map();
  for (const [month, rows] of ledger) {
    const used = new Map<string, number>();
    const byService = new Map<number, Map<number, string>>();
    for (const [clientId, serviceId, net, providerList] of rows) {
      const key = `${groupOf.get(clientId)}:${serviceId}`;
      used.set(key, (used.get(key) ?? 0) + net);
      if (providerList !== null) inner(byService, serviceId, () => new Map()).set(clientId, providerList);
    }
    for (const [key, cents] of used) usedBy.set(`${key}:${month}`, cents);
    usedProviders.set(month, byService);
  }

  // Per group and month, the lines in force by service and client (one line, or the lines of a
  // decision change), and the clients with any: one pass over the lines a month.
  type MonthLines = { byService: Map<number, Map<number, BudgetLine | BudgetLine[]>>; withBudget: Set<number> };
  const inForceOf = new Map<Group, MonthLines[]>(CLIENT_GROUPS.map((group) => [group, []]));
  for (const month of months) {
    const first = firstDayOf(month);
    const lastDay = lastDayOf(month);
    const ofGroup = new Map<Group, MonthLines>(CLIENT_GROUPS.map((group) => [group, { byService: new Map(), withBudget: new Set() }]));
    for (const line of lines) {
      if (line.decisionValidFrom > lastDay || (line.validTo !== null && line.validTo < first)) continue;
      const found = ofGroup.get(groupOf.get(line.clientId)!);
      if (!found) continue;
      const byClient = inner(found.byService, line.serviceId, () => new Map<number, BudgetLine | BudgetLine[]>());
      const before = byClient.get(line.clientId);
      byClient.set(line.clientId, before === undefined ? line : Array.isArray(before) ? [...before, line] : [before, line]);
      found.withBudget.add(line.clientId);
    }
    for (const group of CLIENT_GROUPS) inForceOf.get(group)!.push(ofGroup.get(group)!);
  }

  const groups = CLIENT_GROUPS.map((group): GroupReport => {
    const inForce = inForceOf.get(group)!;
    const serviceIds = [...new Set(inForce.flatMap((m) => [...m.byService.keys()]))];
    const rows: ServiceRow[] = serviceIds.map((serviceId) => {
      const name = serviceNames.get(serviceId)!;
      return {
        serviceId,
        nameFi: name.nameFi,
        nameSv: name.nameSv,
        months: months.map((month, i) =>
          serviceMonth(
            month,
            inForce[i].byService.get(serviceId) ?? new Map(),
            usedBy.get(`${group}:${serviceId}:${month}`) ?? 0,
            usedProviders.get(month)?.get(serviceId),
            usedProviders.get(addMonths(month, -1))?.get(serviceId),
            now,
          ),
        ),
      };
    });
    rows.sort((a, b) => a.nameFi.localeCompare(b.nameFi, 'fi'));
    return {
      group,
      members: months.map((month) => {
        const lastDay = lastDayOf(month);
        return peopleCount(joinedOn.filter((p) => p.group === group && p.date <= lastDay).length);
      }),
      withBudget: inForce.map((m) => peopleCount(m.withBudget.size)),
      services: rows,
      usedShownCents: months.map((_, i) => rows.reduce((sum, row) => sum + (row.months[i].usedCents.kind === 'value' ? row.months[i].usedCents.value : 0), 0)),
    };
  });
  const newProviders = months.map((month) => approved.filter((p) => p.approvedAt && helsinkiMonth(new Date(p.approvedAt)) === month).length);
  return { months, groups, newProviders };
}

function serviceMonth(
  month: string,
  linesByClient: Map<number, BudgetLine | BudgetLine[]>,
  used: number,
  providersNow: Map<number, string> | undefined,
  providersBefore: Map<number, string> | undefined,
  now: Date,
): ServiceMonth {
  const n = linesByClient.size;
  if (n === 0) return { clients: value(0), grantedCents: NONE, usedCents: NONE, sharePermille: NONE, providersUsed: NONE, providerChanges: NONE };
  if (n < K_ANONYMITY) {
    return { clients: SUPPRESSED, grantedCents: SUPPRESSED, usedCents: SUPPRESSED, sharePermille: SUPPRESSED, providersUsed: SUPPRESSED, providerChanges: SUPPRESSED };
  }
  // A decision changed during the month leaves the client two lines of the service, but one
  // monthly budget: the ledger's allowance line counts, the same one the budget page shows and a
  // charge uses (docs/decisions/012). A client with one line needs no calendar.
  let granted = 0;
  const providerSet = new Set<string>();
  let changes = 0;
  for (const [clientId, clientLines] of linesByClient) {
    granted += (Array.isArray(clientLines) ? allowanceLine(clientLines, month, now)! : clientLines).monthlyCents;
    const current = providersNow?.get(clientId);
    if (current === undefined) continue;
    for (const id of current.split(',')) providerSet.add(id);
    const before = providersBefore?.get(clientId);
    if (before !== undefined && current !== before) changes++;
  }
  return {
    clients: value(n),
    grantedCents: value(granted),
    usedCents: value(used),
    sharePermille: granted > 0 ? value(Math.round((used * 1000) / granted)) : NONE,
    providersUsed: value(providerSet.size),
    providerChanges: peopleCount(changes),
  };
}

export const METRICS = ['clients', 'grantedCents', 'usedCents', 'sharePermille', 'providersUsed', 'providerChanges'] as const;
export type Metric = (typeof METRICS)[number];

/** A cell as text for the CSV: money with a decimal comma, shares with one decimal. */
export function csvCell(cell: Cell, metric: Metric | 'count', suppressed: string): string {
  if (cell.kind === 'suppressed') return suppressed;
  if (cell.kind === 'none') return '';
  if (metric === 'grantedCents' || metric === 'usedCents') return centsToDecimalComma(cell.value);
  if (metric === 'sharePermille') {
    const abs = Math.abs(cell.value);
    return `${cell.value < 0 ? '-' : ''}${Math.floor(abs / 10)},${abs % 10}`;
  }
  return String(cell.value);
}

export type EvaluationCsvLabels = {
  group: string;
  service: string;
  metric: string;
  allServices: string;
  members: string;
  withBudget: string;
  newProviders: string;
  region: string;
  suppressed: string;
  groups: Record<Group, string>;
  metrics: Record<Metric, string>;
};

/** The report as CSV (UTF-8 BOM, ';', decimal comma, CRLF) with the same hidden cells as the page. */
export function evaluationCsv(report: EvaluationReport, labels: EvaluationCsvLabels, serviceName: (row: ServiceRow) => string): string {
  // Three text columns, then one number per month.
  const line = (fields: string[]) => fields.map((f, i) => csvField(f, i < 3 ? 'text' : 'number')).join(';');
  const out = [[labels.group, labels.service, labels.metric, ...report.months].map((f) => csvField(f)).join(';')];
  for (const group of report.groups) {
    const g = labels.groups[group.group];
    out.push(line([g, labels.allServices, labels.members, ...group.members.map((c) => csvCell(c, 'count', labels.suppressed))]));
    out.push(line([g, labels.allServices, labels.withBudget, ...group.withBudget.map((c) => csvCell(c, 'count', labels.suppressed))]));
    for (const row of group.services) {
      for (const metric of METRICS) {
        out.push(line([g, serviceName(row), labels.metrics[metric], ...row.months.map((m) => csvCell(m[metric], metric, labels.suppressed))]));
      }
    }
  }
  out.push(line([labels.region, '', labels.newProviders, ...report.newProviders.map(String)]));
  return csvDocument(out);
}
