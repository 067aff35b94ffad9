// The pilot's evaluation: the HB group against the comparison group, per service and month, from
// decisions and the ledger. Nobody may be recognisable: any cell that describes fewer than
// K_ANONYMITY clients shows "< 5" instead of its numbers, and so do all numbers derived from it.
import { and, eq, gte, lte } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, ledgerEntries, providers, services, CLIENT_GROUPS } from '../../db/schema';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth, lastDayOf } from './months';
import { allowanceLine } from './ledger.server';
import { centsToDecimalComma, csvDocument, csvField } from './csv';

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

export function evaluationReport(months: string[], now = new Date()): EvaluationReport {
  const db = getDb();
  const first = months[0];
  const last = months[months.length - 1];
  const previous = addMonths(first, -1);
  const people = db.select({ id: clients.id, group: clients.group, createdAt: clients.createdAt }).from(clients).all();
  const groupOf = new Map(people.map((p) => [p.id, p.group]));
  const lines = db
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
  const ledger = db
    .select({
      clientId: ledgerEntries.clientId,
      serviceId: ledgerEntries.serviceId,
      providerId: ledgerEntries.providerId,
      kind: ledgerEntries.kind,
      amountCents: ledgerEntries.amountCents,
      month: ledgerEntries.budgetMonth,
    })
    .from(ledgerEntries)
    .where(and(gte(ledgerEntries.budgetMonth, previous), lte(ledgerEntries.budgetMonth, last)))
    .all();
  const serviceNames = new Map(db.select({ id: services.id, nameFi: services.nameFi, nameSv: services.nameSv }).from(services).all().map((s) => [s.id, s]));
  const approved = db.select({ approvedAt: providers.approvedAt }).from(providers).all();

  // Net use per group, service and month, in one pass over the ledger rows.
  const usedBy = new Map<string, number>();
  for (const row of ledger) {
    const key = `${groupOf.get(row.clientId)}:${row.serviceId}:${row.month}`;
    usedBy.set(key, (usedBy.get(key) ?? 0) + (row.kind === 'charge' ? row.amountCents : -row.amountCents));
  }
  // Providers a client used for a service in a month (charges only).
  const usedProviders = new Map<string, Set<number>>();
  for (const row of ledger) {
    if (row.kind !== 'charge') continue;
    const key = `${row.clientId}:${row.serviceId}:${row.month}`;
    if (!usedProviders.has(key)) usedProviders.set(key, new Set());
    usedProviders.get(key)!.add(row.providerId);
  }

  const groups = CLIENT_GROUPS.map((group): GroupReport => {
    const inForceByMonth = new Map<string, typeof lines>();
    const inForce = (month: string) => {
      let found = inForceByMonth.get(month);
      if (!found) {
        found = lines.filter(
          (line) => groupOf.get(line.clientId) === group && line.decisionValidFrom <= lastDayOf(month) && (line.validTo === null || line.validTo >= firstDayOf(month)),
        );
        inForceByMonth.set(month, found);
      }
      return found;
    };
    const serviceIds = [...new Set(months.flatMap((month) => inForce(month).map((line) => line.serviceId)))];
    const rows: ServiceRow[] = serviceIds.map((serviceId) => {
      const name = serviceNames.get(serviceId)!;
      return {
        serviceId,
        nameFi: name.nameFi,
        nameSv: name.nameSv,
        months: months.map((month) => serviceMonth(serviceId, month, inForce(month), usedBy.get(`${group}:${serviceId}:${month}`) ?? 0, usedProviders, now)),
      };
    });
    rows.sort((a, b) => a.nameFi.localeCompare(b.nameFi, 'fi'));
    return {
      group,
      members: months.map((month) => peopleCount(people.filter((p) => p.group === group && helsinkiDate(new Date(p.createdAt)) <= lastDayOf(month)).length)),
      withBudget: months.map((month) => peopleCount(new Set(inForce(month).map((line) => line.clientId)).size)),
      services: rows,
      usedShownCents: months.map((_, i) => rows.reduce((sum, row) => sum + (row.months[i].usedCents.kind === 'value' ? row.months[i].usedCents.value : 0), 0)),
    };
  });
  const newProviders = months.map((month) => approved.filter((p) => p.approvedAt && helsinkiMonth(new Date(p.approvedAt)) === month).length);
  return { months, groups, newProviders };
}

function serviceMonth(
  serviceId: number,
  month: string,
  inForce: { decisionId: number; clientId: number; serviceId: number; monthlyCents: number; decisionValidFrom: string }[],
  used: number,
  usedProviders: Map<string, Set<number>>,
  now: Date,
): ServiceMonth {
  // A decision changed during the month leaves the client two lines of the service, but one
  // monthly budget: the ledger's allowance line counts, the same one the budget page shows and a
  // charge uses (docs/decisions/012).
  const byClient = new Map<number, (typeof inForce)[number][]>();
  for (const line of inForce) {
    if (line.serviceId === serviceId) byClient.set(line.clientId, [...(byClient.get(line.clientId) ?? []), line]);
  }
  const newest = new Map([...byClient].map(([clientId, lines]) => [clientId, allowanceLine(lines, month, now)!]));
  const serviceLines = [...newest.values()];
  const clientIds = new Set(serviceLines.map((line) => line.clientId));
  const n = clientIds.size;
  if (n === 0) return { clients: value(0), grantedCents: NONE, usedCents: NONE, sharePermille: NONE, providersUsed: NONE, providerChanges: NONE };
  if (n < K_ANONYMITY) {
    return { clients: SUPPRESSED, grantedCents: SUPPRESSED, usedCents: SUPPRESSED, sharePermille: SUPPRESSED, providersUsed: SUPPRESSED, providerChanges: SUPPRESSED };
  }
  const granted = serviceLines.reduce((sum, line) => sum + line.monthlyCents, 0);
  const providerSet = new Set<number>();
  let changes = 0;
  for (const clientId of clientIds) {
    const now = usedProviders.get(`${clientId}:${serviceId}:${month}`);
    const before = usedProviders.get(`${clientId}:${serviceId}:${addMonths(month, -1)}`);
    now?.forEach((id) => providerSet.add(id));
    if (now && before && (now.size !== before.size || [...now].some((id) => !before.has(id)))) changes++;
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
