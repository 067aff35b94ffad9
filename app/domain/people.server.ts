import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client.server';
import { clients, municipalities, providerOfferings, providers, representativeLinks, services, users } from '../../db/schema';

const ownWorker = alias(users, 'own_worker');

const clientSummary = {
  id: clients.id,
  firstName: clients.firstName,
  lastName: clients.lastName,
  group: clients.group,
  language: clients.language,
  municipalityFi: municipalities.nameFi,
  municipalitySv: municipalities.nameSv,
  workerFirstName: ownWorker.firstName,
  workerLastName: ownWorker.lastName,
  workerEmail: ownWorker.email,
  workerPhone: ownWorker.phone,
};

function clientQuery() {
  return getDb()
    .select(clientSummary)
    .from(clients)
    .innerJoin(municipalities, eq(municipalities.code, clients.municipalityCode))
    .innerJoin(ownWorker, eq(ownWorker.id, clients.ownWorkerId));
}

export type ClientSummary = Awaited<ReturnType<ReturnType<typeof clientQuery>['all']>>[number];

/** The client record of a signed-in client. */
export function clientOfUser(userId: number): ClientSummary | undefined {
  return clientQuery().where(eq(clients.userId, userId)).get();
}

export function clientsOfRepresentative(userId: number): ClientSummary[] {
  const linked = getDb()
    .select({ clientId: representativeLinks.clientId })
    .from(representativeLinks)
    .where(eq(representativeLinks.userId, userId));
  return clientQuery().where(inArray(clients.id, linked)).orderBy(asc(clients.firstName)).all();
}

export function clientsOfWorker(workerId: number): ClientSummary[] {
  return clientQuery().where(eq(clients.ownWorkerId, workerId)).orderBy(asc(clients.lastName), asc(clients.firstName)).all();
}

export function providerOfUser(providerId: number | null) {
  if (providerId === null) return undefined;
  const db = getDb();
  const provider = db.select().from(providers).where(eq(providers.id, providerId)).get();
  if (!provider) return undefined;
  const offerings = db
    .select({
      serviceId: services.id,
      code: services.code,
      nameFi: services.nameFi,
      nameSv: services.nameSv,
      unit: services.unit,
      priceCents: providerOfferings.priceCents,
      validFrom: providerOfferings.validFrom,
    })
    .from(providerOfferings)
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(eq(providerOfferings.providerId, providerId))
    .orderBy(asc(services.nameFi), asc(providerOfferings.validFrom))
    .all();
  return { provider, offerings };
}

export function adminOverview() {
  const db = getDb();
  const byStatus = db.select({ status: providers.status, n: count() }).from(providers).groupBy(providers.status).all();
  const byGroup = db.select({ group: clients.group, n: count() }).from(clients).groupBy(clients.group).all();
  const staff = db
    .select({ role: users.role, n: count() })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['worker', 'provider', 'admin'])))
    .groupBy(users.role)
    .all();
  return { byStatus, byGroup, staff };
}
