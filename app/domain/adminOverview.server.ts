// The administrator's front page: providers by status, clients by group, active staff by role.
import { and, count, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { clients, providers, users } from '../../db/schema';

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
