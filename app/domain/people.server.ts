import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client.server';
import { clients, municipalities, providerOfferings, providers, services, users } from '../../db/schema';

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

/**
 * Client summaries matching `where`, which is an access rule from auth/guards.server
 * (`clientsVisibleTo`): who may see which client is decided there, not here.
 */
export function clientSummaries(where: SQL, order: 'firstName' | 'lastName'): ClientSummary[] {
  const byName = order === 'lastName' ? [asc(clients.lastName), asc(clients.firstName)] : [asc(clients.firstName), asc(clients.lastName)];
  return clientQuery()
    .where(where)
    .orderBy(...byName, asc(clients.id))
    .all();
}

/** Every offering of the provider, retired ones and future prices too, by service then date. */
export function offeringsOfProvider(providerId: number) {
  return getDb()
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
