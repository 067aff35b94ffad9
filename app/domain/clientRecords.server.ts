// What an own worker sees of their clients: the list with a name search, and one client's record
// (contact details, group, representatives, ledger). Only the worker's own clients: the routes'
// guard (requireOwnClient) turns anything else into 404 before these are called.
import { asc, desc, eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { clients, ledgerEntries, municipalities, providers, representativeLinks, services, users } from '../../db/schema';
import { viewableClients, type Actor } from '../auth/guards.server';
import { audit } from './audit.server';

/** The worker's own clients whose first or last name contains every word of `query`. */
export function searchOwnClients(worker: Actor, query: string) {
  return matchingClients(viewableClients(worker), query);
}

/** The clients of `list` whose first or last name contains every word of `query`. */
export function matchingClients<T extends { firstName: string; lastName: string }>(list: T[], query: string): T[] {
  const words = query.toLocaleLowerCase('fi').split(/\s+/).filter(Boolean);
  if (words.length === 0) return list;
  return list.filter((client) => {
    const name = `${client.firstName} ${client.lastName}`.toLocaleLowerCase('fi');
    return words.every((word) => name.includes(word));
  });
}

/** One client's record for their own worker (the route's guard has checked that the client is theirs). */
export function clientRecord(clientId: number) {
  const db = getDb();
  const client = db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      phone: clients.phone,
      language: clients.language,
      group: clients.group,
      municipalityFi: municipalities.nameFi,
      municipalitySv: municipalities.nameSv,
      userId: clients.userId,
      serviceEndedOn: clients.serviceEndedOn,
      createdAt: clients.createdAt,
    })
    .from(clients)
    .innerJoin(municipalities, eq(municipalities.code, clients.municipalityCode))
    .where(eq(clients.id, clientId))
    .get();
  if (!client) return undefined;
  const login = client.userId
    ? db.select({ email: users.email, active: users.active }).from(users).where(eq(users.id, client.userId)).get()
    : undefined;
  return { ...client, hasLogin: Boolean(login), loginEmail: login ? contactEmail(login.email) : null, representatives: representativesOf(clientId) };
}

/** A login's contact e-mail; null for a Suomi.fi login made without one (its users.email reaches no one). */
export function contactEmail(email: string): string | null {
  return email.endsWith('@suomifi.invalid') ? null : email;
}

/** A client's representatives by name, with how to reach them and since when they represent. */
export function representativesOf(clientId: number) {
  return getDb()
    .select({
      userId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      phone: users.phone,
      relationship: representativeLinks.relationship,
      since: representativeLinks.createdAt,
    })
    .from(representativeLinks)
    .innerJoin(users, eq(users.id, representativeLinks.userId))
    .where(eq(representativeLinks.clientId, clientId))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .all()
    .map((rep) => ({ ...rep, email: contactEmail(rep.email) }));
}

export type ClientRecord = NonNullable<ReturnType<typeof clientRecord>>;

/** The client's ledger rows, newest first (at most `limit`). */
export function clientLedger(clientId: number, limit = 50) {
  return getDb()
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      receiptNumber: ledgerEntries.receiptNumber,
      budgetMonth: ledgerEntries.budgetMonth,
      serviceDate: ledgerEntries.serviceDate,
      createdAt: ledgerEntries.createdAt,
      amountCents: ledgerEntries.amountCents,
      providerName: providers.name,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
    })
    .from(ledgerEntries)
    .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .where(eq(ledgerEntries.clientId, clientId))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(limit)
    .all();
}

/** The own worker records the day the client's matter closed; retention counts 10 years from it. */
export function recordServiceEnded(actor: Actor, clientId: number, endedOn: string): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.update(clients).set({ serviceEndedOn: endedOn }).where(eq(clients.id, clientId)).run();
    audit({ actorUserId: actor.id, action: 'client.service_ended', subjectType: 'client', subjectId: clientId, details: { endedOn }, ip: actor.ip });
  });
}

/** The identity code of the client's own login, in full: only for the own worker's client page. */
export function clientNationalId(userId: number | null): string | null {
  if (!userId) return null;
  return getDb().select({ nationalId: users.nationalId }).from(users).where(eq(users.id, userId)).get()?.nationalId ?? null;
}
