// The client summary shown on client cards and lists: name, group, municipality and own worker.
import { asc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb, type AppDatabase } from '../../db/client.server';
import { clients, municipalities, users } from '../../db/schema';

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

function clientQuery(db: AppDatabase = getDb()) {
  return db
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
  return clientQuery().where(where).orderBy(...byName(order)).all();
}

/** The same as a statement prepared once, for a rule whose values are placeholders (the guards' hot path). */
export function prepareClientSummaries(db: AppDatabase, where: SQL, order: 'firstName' | 'lastName') {
  return clientQuery(db).where(where).orderBy(...byName(order)).prepare();
}

function byName(order: 'firstName' | 'lastName') {
  return order === 'lastName' ? [asc(clients.lastName), asc(clients.firstName), asc(clients.id)] : [asc(clients.firstName), asc(clients.lastName), asc(clients.id)];
}
