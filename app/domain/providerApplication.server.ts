// The public application: anyone may apply to become a provider; the application waits as a
// pending provider for the administrator (`providerApproval.server.ts`).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { auditLog, municipalities, providerLanguages, providerMunicipalities, providerOfferings, providers, services } from '../../db/schema';
import { audit } from './audit.server';
import type { ServiceLanguage } from './catalogue.server';
import { currentTime } from './clock';
import { helsinkiDate } from './months';
import type { Actor } from './providerApproval.server';
import { immediate, type Tx } from './transaction.server';

export type PriceInput = { serviceId: number; priceCents: number };

export type ApplicationInput = {
  name: string;
  businessId: string; // canonical 1234567-8
  contactName: string;
  email: string;
  phone: string;
  descriptionFi: string;
  descriptionSv: string;
  municipalities: string[];
  languages: ServiceLanguage[];
  prices: PriceInput[];
};

export type ApplicationOutcome = { kind: 'received'; providerId: number } | { kind: 'duplicate' } | { kind: 'badService' } | { kind: 'tooMany' };

/** Applications accepted from one address in APPLICATION_WINDOW_HOURS (the form is open to anyone). */
export const MAX_APPLICATIONS_PER_ADDRESS = 5;
export const APPLICATION_WINDOW_HOURS = 24;

/** A new pending provider with its areas, languages and prices from today. */
export function submitApplication(input: ApplicationInput, actor: Actor = { userId: null }, now = currentTime()): ApplicationOutcome {
  const today = helsinkiDate(now);
  return immediate((tx) => {
    if (actor.ip !== undefined) {
      // Counted inside the IMMEDIATE transaction, so concurrent posts cannot all pass.
      const since = new Date(now.getTime() - APPLICATION_WINDOW_HOURS * 3_600_000).toISOString();
      const recent = tx
        .select({ n: sql<number>`count(*)` })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'provider.apply'), eq(auditLog.ip, actor.ip), sql`${auditLog.createdAt} > ${since}`))
        .get();
      if ((recent?.n ?? 0) >= MAX_APPLICATIONS_PER_ADDRESS) return { kind: 'tooMany' as const };
    }
    const taken = tx.select({ id: providers.id }).from(providers).where(eq(providers.businessId, input.businessId)).get();
    if (taken) return { kind: 'duplicate' as const };
    if (!servicesActive(tx, input.prices.map((p) => p.serviceId))) return { kind: 'badService' as const };
    const { id } = tx
      .insert(providers)
      .values({
        name: input.name,
        businessId: input.businessId,
        contactName: input.contactName,
        email: input.email,
        phone: input.phone,
        descriptionFi: input.descriptionFi,
        descriptionSv: input.descriptionSv,
        status: 'pending',
      })
      .returning({ id: providers.id })
      .get();
    replaceAreasAndLanguages(tx, id, input.municipalities, input.languages);
    tx.insert(providerOfferings)
      .values(input.prices.map((p) => ({ providerId: id, serviceId: p.serviceId, priceCents: p.priceCents, validFrom: today })))
      .run();
    audit({
      actorUserId: actor.userId,
      action: 'provider.apply',
      subjectType: 'provider',
      subjectId: id,
      details: { name: input.name, businessId: input.businessId },
      ip: actor.ip,
    });
    return { kind: 'received' as const, providerId: id };
  });
}

export function servicesActive(tx: Tx, serviceIds: number[]): boolean {
  if (serviceIds.length === 0) return true;
  const found = tx
    .select({ id: services.id })
    .from(services)
    .where(and(inArray(services.id, serviceIds), sql`${services.retiredAt} is null`))
    .all();
  return found.length === new Set(serviceIds).size;
}

export function replaceAreasAndLanguages(tx: Tx, providerId: number, areas: string[], languages: ServiceLanguage[]): void {
  tx.delete(providerMunicipalities).where(eq(providerMunicipalities.providerId, providerId)).run();
  tx.delete(providerLanguages).where(eq(providerLanguages.providerId, providerId)).run();
  const uniqueAreas = [...new Set(areas)];
  const uniqueLanguages = [...new Set(languages)];
  if (uniqueAreas.length > 0) {
    tx.insert(providerMunicipalities)
      .values(uniqueAreas.map((municipalityCode) => ({ providerId, municipalityCode })))
      .run();
  }
  if (uniqueLanguages.length > 0) {
    tx.insert(providerLanguages)
      .values(uniqueLanguages.map((language) => ({ providerId, language })))
      .run();
  }
}

export function municipalityCodes(): string[] {
  return getDb().select({ code: municipalities.code }).from(municipalities).all().map((row) => row.code);
}
