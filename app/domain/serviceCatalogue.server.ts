// The region's service catalogue: the administrator adds, retires, brings back and deletes services.
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, ledgerEntries, providerOfferings, services, type ServiceUnit } from '../../db/schema';
import { audit } from './audit.server';
import { currentTime } from './clock';
import type { Actor } from './providerApproval.server';
import { immediate } from './transaction.server';

export type { ServiceUnit };
export type ServiceCategory = 'hb' | 'caregiver';

/** Every service with whether anything refers to it (then it can only be retired). */
export function serviceCatalogue() {
  const inUse = sql<number>`(exists (select 1 from provider_offerings po where po.service_id = ${sql.raw('"services"."id"')})
    or exists (select 1 from budget_lines bl where bl.service_id = ${sql.raw('"services"."id"')})
    or exists (select 1 from ledger_entries le where le.service_id = ${sql.raw('"services"."id"')}))`;
  return getDb()
    .select({
      id: services.id,
      code: services.code,
      nameFi: services.nameFi,
      nameSv: services.nameSv,
      unit: services.unit,
      category: services.category,
      retiredAt: services.retiredAt,
      inUse: inUse.mapWith(Boolean),
    })
    .from(services)
    .orderBy(asc(services.nameFi))
    .all();
}

export type ServiceInput = { code: string; nameFi: string; nameSv: string; unit: ServiceUnit; category: ServiceCategory };

export function addService(actor: Actor, input: ServiceInput): { kind: 'added'; id: number } | { kind: 'duplicate' } {
  return immediate((tx) => {
    if (tx.select({ id: services.id }).from(services).where(eq(services.code, input.code)).get()) return { kind: 'duplicate' as const };
    const { id } = tx.insert(services).values(input).returning({ id: services.id }).get();
    audit({ actorUserId: actor.userId, action: 'service.add', subjectType: 'service', subjectId: id, details: { ...input }, ip: actor.ip });
    return { kind: 'added' as const, id };
  });
}

export type ServiceChange = 'delete' | 'retire' | 'reinstate';
export type ServiceChangeOutcome = { kind: 'done' } | { kind: 'notFound' } | { kind: 'inUse' } | { kind: 'unchanged' };

/** Deletes an unused service, or retires / brings back one. A service in use is never deleted. */
export function changeService(actor: Actor, serviceId: number, change: ServiceChange, now = currentTime()): ServiceChangeOutcome {
  return immediate((tx) => {
    const service = tx.select().from(services).where(eq(services.id, serviceId)).get();
    if (!service) return { kind: 'notFound' as const };
    if (change === 'delete') {
      const used =
        tx.select({ id: providerOfferings.id }).from(providerOfferings).where(eq(providerOfferings.serviceId, serviceId)).get() ??
        tx.select({ id: budgetLines.id }).from(budgetLines).where(eq(budgetLines.serviceId, serviceId)).get() ??
        tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.serviceId, serviceId)).get();
      if (used) return { kind: 'inUse' as const };
      tx.delete(services).where(eq(services.id, serviceId)).run();
    } else {
      const retire = change === 'retire';
      if (retire === (service.retiredAt !== null)) return { kind: 'unchanged' as const };
      tx.update(services)
        .set({ retiredAt: retire ? now.toISOString() : null })
        .where(eq(services.id, serviceId))
        .run();
    }
    audit({ actorUserId: actor.userId, action: `service.${change}`, subjectType: 'service', subjectId: serviceId, details: { code: service.code }, ip: actor.ip });
    return { kind: 'done' as const };
  });
}
