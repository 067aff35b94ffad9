// Looks up demo data by the names people use, so tests do not depend on insertion order.
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { clients, ledgerEntries, services, users } from '../../db/schema';
import type { ProviderActor } from '../../app/domain/charge.server';

export function userByEmail(email: string) {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

export function providerActor(email: string, ip = '127.0.0.1'): ProviderActor {
  const user = userByEmail(email);
  if (user.providerId === null) throw new Error(`${email} is not provider staff`);
  return { userId: user.id, providerId: user.providerId, ip };
}

export function serviceByCode(code: string) {
  const service = getDb().select().from(services).where(eq(services.code, code)).get();
  if (!service) throw new Error(`no service ${code}`);
  return service;
}

export function clientByPhone(phone: string) {
  const client = getDb().select().from(clients).where(eq(clients.phone, phone)).get();
  if (!client) throw new Error(`no client ${phone}`);
  return client;
}

/** Charges minus refunds in the ledger for a client, service and month: straight from the rows. */
export function ledgerNet(clientId: number, serviceId: number, month: string): number {
  const rows = getDb()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.serviceId, serviceId), eq(ledgerEntries.budgetMonth, month)))
    .all();
  return rows.reduce((net, row) => net + (row.kind === 'charge' ? row.amountCents : -row.amountCents), 0);
}
